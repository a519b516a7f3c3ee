// AdaGrad, the book's form, with slot "h" (sum of squared gradients, zero
// at first use):
//   h += g * g
//   p -= lr * g / (sqrt(h) + eps)
// This is torch.optim.Adagrad with lr_decay = 0 and
// initial_accumulator_value = 0 (PyTorch's default eps is 1e-10, the book's
// 1e-7; here cfg.eps).
#pragma once

#include "optimizers/optimizer.h"

namespace barnlab {

class AdaGrad : public Optimizer {
 public:
  using Optimizer::Optimizer;
  std::string name() const override { return "adagrad"; }

 protected:
  void update(Param& p, const Tensor& g) override;
};

}  // namespace barnlab
