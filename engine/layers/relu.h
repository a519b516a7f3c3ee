// ReLU: y = max(x, 0). Caches the mask of positive inputs, as the book's Relu.
#pragma once

#include <cstdint>

#include "layers/layer.h"

namespace barnlab {

class ReLU : public Layer {
 public:
  std::string type() const override { return "relu"; }
  Shape build(Shape in) override { return in; }
  Tensor forward(const Tensor& x, Mode mode) override;
  Tensor backward(const Tensor& dy) override;
  // The cache of the last training forward, for showing it (lab page 9).
  const std::vector<uint8_t>& mask() const { return mask_; }

 private:
  std::vector<uint8_t> mask_;  // x > 0, one per input element
};

}  // namespace barnlab
