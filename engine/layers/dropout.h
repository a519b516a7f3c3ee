// Inverted dropout: in training each element is kept with probability 1 - p
// and scaled by 1 / (1 - p), so Eval is the identity. The mask comes from
// Rng::derive(step_seed, kStreamDropout, hash of the layer name): the same
// step of the same model always drops the same units, so runs reproduce and
// resume exactly. Caches the scaled mask.
#pragma once

#include "layers/layer.h"

namespace barnlab {

class Dropout : public Layer {
 public:
  explicit Dropout(float p);  // 0 <= p < 1

  std::string type() const override { return "dropout"; }
  std::string describe() const override;
  Shape build(Shape in) override { return in; }
  Tensor forward(const Tensor& x, Mode mode) override;
  Tensor backward(const Tensor& dy) override;
  void set_step_seed(uint64_t seed) override { step_seed_ = seed; }

 private:
  float p_;
  uint64_t step_seed_ = 0;
  Tensor mask_;  // 0 or 1/(1-p) per element
};

}  // namespace barnlab
