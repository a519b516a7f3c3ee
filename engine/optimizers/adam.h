// Adam with bias correction, as torch.optim.Adam (not the book's variant,
// which folds the correction into lr and puts eps inside differently).
// Slots "m" and "v" (zero at first use); t = completed steps + 1:
//   m = b1 * m + (1 - b1) * g
//   v = b2 * v + (1 - b2) * g * g
//   m_hat = m / (1 - b1^t),  v_hat = v / (1 - b2^t)
//   p -= lr * m_hat / (sqrt(v_hat) + eps)
// Computed as PyTorch does, p -= (lr / (1 - b1^t)) * m / (sqrt(v) /
// sqrt(1 - b2^t) + eps), so results agree with it to float rounding.
#pragma once

#include "optimizers/optimizer.h"

namespace barnlab {

class Adam : public Optimizer {
 public:
  using Optimizer::Optimizer;
  std::string name() const override { return "adam"; }

 protected:
  void update(Param& p, const Tensor& g) override;
};

}  // namespace barnlab
