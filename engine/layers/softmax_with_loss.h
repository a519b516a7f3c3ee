// Softmax followed by cross-entropy against one-hot targets, fused as in the
// book's SoftmaxWithLoss so backward is simply (p - t) / N. The loss uses a
// max-subtracted log-softmax, so it stays finite for any logits (the book's
// log(p + 1e-7) is not needed). Caches p and t.
#pragma once

#include "layers/layer.h"

namespace barnlab {

class SoftmaxWithLoss : public Loss {
 public:
  std::string type() const override { return "softmax_loss"; }
  // y: N x K logits (any C x H x W with C*H*W = K), t: N x K one-hot.
  float forward(const Tensor& y, const Tensor& t) override;
  Tensor backward() override;
  Tensor predict(const Tensor& y) const override;
  // The cache of the last forward, for showing it (lab page 9).
  const Tensor& probabilities() const { return p_; }
  const Tensor& targets() const { return t_; }

 private:
  Tensor p_, t_;  // N x K
};

}  // namespace barnlab
