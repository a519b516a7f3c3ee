// Softmax as a plain layer, row-wise over each sample's C*H*W values, for
// inference networks whose outputs must be probabilities. Training nets use
// SoftmaxWithLoss instead. Caches the output: dx = y (dy - <dy, y>).
#pragma once

#include "layers/layer.h"

namespace barnlab {

// y[i, :] = softmax(x[i, :]) with x seen as rows x cols; max-subtracted.
void softmax_rows(const float* x, int rows, int cols, float* y);

class Softmax : public Layer {
 public:
  std::string type() const override { return "softmax"; }
  Shape build(Shape in) override { return in; }
  Tensor forward(const Tensor& x, Mode mode) override;
  Tensor backward(const Tensor& dy) override;

 private:
  Tensor y_;
};

}  // namespace barnlab
