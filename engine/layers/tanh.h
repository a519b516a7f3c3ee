// Hyperbolic tangent. Caches the output: dy/dx = 1 - y^2.
#pragma once

#include "layers/layer.h"

namespace barnlab {

class Tanh : public Layer {
 public:
  std::string type() const override { return "tanh"; }
  Shape build(Shape in) override { return in; }
  Tensor forward(const Tensor& x, Mode mode) override;
  Tensor backward(const Tensor& dy) override;

 private:
  Tensor y_;
};

}  // namespace barnlab
