// Mean squared error in the book's form: L = 0.5 * (1/N) * sum over the
// batch of sum_k (y - t)^2, i.e. half the squared distance per sample,
// averaged over samples; dL/dy = (y - t) / N. rmse() is the metric shown to
// users, sqrt(mean over all elements of (y - t)^2), in the targets' units.
#pragma once

#include "layers/layer.h"

namespace barnlab {

float rmse(const Tensor& y, const Tensor& t);

class MSELoss : public Loss {
 public:
  std::string type() const override { return "mse"; }
  // y, t: N x K
  float forward(const Tensor& y, const Tensor& t) override;
  Tensor backward() override;
  Tensor predict(const Tensor& y) const override;

 private:
  Tensor diff_;  // y - t, N x K
};

}  // namespace barnlab
