// Heaviside step y = (x > 0 ? 1 : 0), the perceptron's activation. Its
// derivative is zero almost everywhere, so backward passes a zero gradient:
// a network using it is for showing a forward pass, not for training.
#pragma once

#include "layers/layer.h"

namespace barnlab {

class Step : public Layer {
 public:
  std::string type() const override { return "step"; }
  Shape build(Shape in) override { return in; }
  Tensor forward(const Tensor& x, Mode mode) override;
  Tensor backward(const Tensor& dy) override { return Tensor(dy.shape(), 0.f); }
};

}  // namespace barnlab
