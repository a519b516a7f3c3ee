// AdamW (Loshchilov & Hutter 2019), as torch.optim.AdamW: weight decay is
// decoupled from the gradient. Adam with L2 (the "adam" optimizer with
// weight_decay) adds wd * p to g, so the decay is divided by sqrt(v) like
// any gradient and parameters with large gradients are barely decayed;
// AdamW shrinks every decayed parameter by the same factor instead:
//   p *= 1 - lr * wd        (params whose decay flag is set)
//   then Adam's update with the raw gradient g.
#pragma once

#include "optimizers/adam.h"

namespace barnlab {

class AdamW : public Adam {
 public:
  using Adam::Adam;
  std::string name() const override { return "adamw"; }
  bool decoupled_decay() const override { return true; }

 protected:
  void update(Param& p, const Tensor& g) override;
};

}  // namespace barnlab
