// Adam with bias correction, as torch.optim.Adam (not the book's variant,
// which folds the correction into lr and puts eps inside differently).
// Slots "m" and "v" (zero at first use); t = completed steps + 1:
//   m = b1 * m + (1 - b1) * g
//   v = b2 * v + (1 - b2) * g * g
//   m_hat = m / (1 - b1^t),  v_hat = v / (1 - b2^t)
//   p -= lr * m_hat / (sqrt(v_hat) + eps)
// Computed as PyTorch does, p -= (lr / (1 - b1^t)) * m / (sqrt(v) /
// sqrt(1 - b2^t) + eps), so results agree with it to float rounding.
// The three lines run over cache-sized pieces of a parameter in turn, so m,
// v, g and p pass through memory once (bit for bit the whole-array result).
#pragma once

#include "optimizers/optimizer.h"

namespace barnlab {

class Adam : public Optimizer {
 public:
  using Optimizer::Optimizer;
  std::string name() const override { return "adam"; }

 protected:
  void update(Param& p, const Tensor& g) override;
  // Adam's update after p *= shrink (AdamW's decoupled decay), in the same pass.
  void update_shrunk(Param& p, const Tensor& g, float shrink);
};

}  // namespace barnlab
