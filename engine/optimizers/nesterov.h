// Nesterov accelerated gradient in the standard form, the one PyTorch uses,
// with velocity slot "v" (zero at first use) and m = cfg.momentum:
//   v = m * v - lr * g
//   p += m * v - lr * g           (v the updated velocity)
// This is Bengio et al.'s p += m^2 v_old - (1 + m) lr g (arXiv 1212.0901)
// rewritten, and with a constant learning rate exactly
// torch.optim.SGD(momentum=m, nesterov=True), where buf = m buf + g and
// p -= lr (g + m buf), so v = -lr buf. The book's code applies m^2 to the
// already-updated velocity, which is not that formula; it is not followed.
#pragma once

#include "optimizers/optimizer.h"

namespace barnlab {

class Nesterov : public Optimizer {
 public:
  using Optimizer::Optimizer;
  std::string name() const override { return "nesterov"; }

 protected:
  void update(Param& p, const Tensor& g) override;
};

}  // namespace barnlab
