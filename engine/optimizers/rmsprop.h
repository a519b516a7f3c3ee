// RMSProp, the book's form, with slot "h" (running mean of squared
// gradients, zero at first use) and d = cfg.decay_rate:
//   h = d * h + (1 - d) * g * g
//   p -= lr * g / (sqrt(h) + eps)
// This is torch.optim.RMSprop(alpha=d) without momentum or centering.
#pragma once

#include "optimizers/optimizer.h"

namespace barnlab {

class RMSProp : public Optimizer {
 public:
  using Optimizer::Optimizer;
  std::string name() const override { return "rmsprop"; }

 protected:
  void update(Param& p, const Tensor& g) override;
};

}  // namespace barnlab
