// Flatten: N x C x H x W -> N x (C*H*W) x 1 x 1, the same buffer. Affine
// flattens by itself; this layer makes the step explicit in a spec.
#pragma once

#include "layers/layer.h"

namespace barnlab {

class Flatten : public Layer {
 public:
  std::string type() const override { return "flatten"; }
  Shape build(Shape in) override;
  Tensor forward(const Tensor& x, Mode mode) override;
  Tensor backward(const Tensor& dy) override;

 private:
  Shape in_;  // input shape of the last forward
};

}  // namespace barnlab
