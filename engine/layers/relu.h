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
  // Run-time fusion (model/model.cpp): the layer before writes this layer's
  // output in its own pass and the mask of a training forward here, sized
  // n, so the cache is as if forward() had run; it then applies the mask
  // to the gradient in its backward, and this layer's forward and backward
  // are skipped.
  std::vector<uint8_t>& fused_mask(size_t n);

 private:
  std::vector<uint8_t> mask_;  // x > 0, one per input element
};

// A layer that can compute a ReLU that follows it in its own output pass
// (run-time fusion, model/model.cpp; the model file, the Lab and ONNX keep
// the two layers).
class ReLUFusable {
 public:
  virtual ~ReLUFusable() = default;
  // For the next forward() only: apply relu's max(y, 0) to the output and,
  // in a forward that caches, write its mask (ReLU::fused_mask); the
  // backward() after it then takes the gradient at relu's output.
  virtual void fuse_relu_once(ReLU* relu) = 0;
};

}  // namespace barnlab
