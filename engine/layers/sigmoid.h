// Logistic sigmoid y = 1 / (1 + e^-x), computed without overflow for large
// |x|. Caches the output: dy/dx = y (1 - y).
#pragma once

#include "layers/layer.h"

namespace barnlab {

// Numerically stable logistic function, shared with the BCE loss.
float sigmoid(float x);

class Sigmoid : public Layer {
 public:
  std::string type() const override { return "sigmoid"; }
  Shape build(Shape in) override { return in; }
  Tensor forward(const Tensor& x, Mode mode) override;
  Tensor backward(const Tensor& dy) override;
  // The cache of the last training forward, for showing it (lab page 9).
  const Tensor& output() const { return y_; }

 private:
  Tensor y_;
};

}  // namespace barnlab
