// Plain stochastic gradient descent, the book's SGD:
//   p -= lr * g
// No state. Matches torch.optim.SGD without momentum.
#pragma once

#include "optimizers/optimizer.h"

namespace barnlab {

class Sgd : public Optimizer {
 public:
  using Optimizer::Optimizer;
  std::string name() const override { return "sgd"; }

 protected:
  void update(Param& p, const Tensor& g) override;
};

}  // namespace barnlab
