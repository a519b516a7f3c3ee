// Local response normalization across channels (AlexNet), with PyTorch's
// convention so results match torch.nn.LocalResponseNorm:
//
//   s_c = k + alpha / size * sum_{c' = c - size/2 .. c + (size-1)/2} x_c'^2
//   y_c = x_c * s_c^-beta
//
// (alpha is divided by size; AlexNet's paper and Caffe's "alpha" differ by
// that factor.) Channels outside [0, C) count as zero. Exact backward:
//   dx_j = dy_j s_j^-beta - 2 alpha beta / size * x_j * sum_{c: j in window(c)}
//          dy_c x_c s_c^(-beta-1).
// Caches the input and s.
#pragma once

#include "layers/layer.h"

namespace barnlab {

class LRN : public Layer {
 public:
  explicit LRN(int size = 5, float alpha = 1e-4f, float beta = 0.75f, float k = 2.f);

  std::string type() const override { return "lrn"; }
  std::string describe() const override;
  Shape build(Shape in) override { return in; }
  Tensor forward(const Tensor& x, Mode mode) override;
  Tensor backward(const Tensor& dy) override;

 private:
  int size_;
  float alpha_, beta_, k_;
  Tensor x_, s_;  // N x C x H x W
};

}  // namespace barnlab
