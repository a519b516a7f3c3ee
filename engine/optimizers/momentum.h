// SGD with momentum in the book's form, with velocity slot "v" (zero at
// first use) and m = cfg.momentum:
//   v = m * v - lr * g
//   p += v
// With a constant learning rate this is torch.optim.SGD(momentum=m) exactly
// (there buf = m * buf + g, p -= lr * buf, so v = -lr * buf); when the rate
// changes mid-run the book's velocity keeps the old rate's steps, PyTorch's
// buffer does not.
#pragma once

#include "optimizers/optimizer.h"

namespace barnlab {

class Momentum : public Optimizer {
 public:
  using Optimizer::Optimizer;
  std::string name() const override { return "momentum"; }

 protected:
  void update(Param& p, const Tensor& g) override;
};

}  // namespace barnlab
