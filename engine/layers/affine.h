// Fully connected layer in the book's layout: y = x W + b with x seen as
// N x D (D = C*H*W, so no flatten is needed before it), W: D x out,
// b: 1 x out. The input is cached for dW = x^T dy.
#pragma once

#include "layers/layer.h"

namespace barnlab {

class Affine : public Layer {
 public:
  explicit Affine(int outputs);  // outputs >= 1

  std::string type() const override { return "affine"; }
  std::string describe() const override { return "affine " + std::to_string(out_); }
  Shape build(Shape in) override;
  Tensor forward(const Tensor& x, Mode mode) override;
  Tensor backward(const Tensor& dy) override;
  void init_params(const Init& init, Rng& rng) override;
  std::vector<Param*> params() override { return {&W_, &b_}; }
  // The cache of the last training forward, for showing it (lab page 9).
  const Tensor& input() const { return x_; }

 private:
  int out_, in_ = 0;
  Shape in_shape_;  // per-sample input shape from build (n = 1)
  Param W_, b_;     // W: D x out (Shape{D, out, 1, 1}), b: 1 x out x 1 x 1
  Tensor x_;        // input of the last training forward
};

}  // namespace barnlab
