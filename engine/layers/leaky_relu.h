// Leaky ReLU: y = x for x > 0, alpha * x otherwise. Caches the mask of
// positive inputs.
#pragma once

#include <cstdint>

#include "layers/layer.h"

namespace barnlab {

class LeakyReLU : public Layer {
 public:
  explicit LeakyReLU(float alpha = 0.01f);  // alpha >= 0

  std::string type() const override { return "leaky_relu"; }
  std::string describe() const override;
  Shape build(Shape in) override { return in; }
  Tensor forward(const Tensor& x, Mode mode) override;
  Tensor backward(const Tensor& dy) override;

 private:
  float alpha_;
  std::vector<uint8_t> mask_;  // x > 0
};

}  // namespace barnlab
