// Sigmoid + binary cross-entropy computed from logits z, stable for any z:
//   l = max(z, 0) - z t + log(1 + e^-|z|)
// averaged over all N*K elements (PyTorch's BCEWithLogitsLoss); targets in
// {0, 1} (or probabilities). dL/dz = (sigmoid(z) - t) / (N*K). Caches
// sigmoid(z) and t.
#pragma once

#include "layers/layer.h"

namespace barnlab {

class BCELoss : public Loss {
 public:
  std::string type() const override { return "bce"; }
  // y: N x K logits, t: N x K targets.
  float forward(const Tensor& y, const Tensor& t) override;
  Tensor backward() override;
  Tensor predict(const Tensor& y) const override;

 private:
  Tensor p_, t_;  // N x K
};

}  // namespace barnlab
