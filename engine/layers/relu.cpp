#include "layers/relu.h"

#include "core/error.h"

namespace barnlab {

// One pass writes the output and, when training, the mask.
Tensor ReLU::forward(const Tensor& x, Mode mode) {
  Tensor y(x.shape());
  const size_t n = x.size();
  const float* in = x.data();
  float* out = y.data();
  if (caches_for_backward(mode)) {
    mask_.resize(n);
    uint8_t* mask = mask_.data();
    for (size_t i = 0; i < n; ++i) {
      const bool positive = in[i] > 0.f;
      out[i] = positive ? in[i] : 0.f;
      mask[i] = positive;
    }
  } else {
    for (size_t i = 0; i < n; ++i) out[i] = in[i] > 0.f ? in[i] : 0.f;
  }
  return y;
}

Tensor ReLU::backward(const Tensor& dy) {
  if (dy.size() != mask_.size())
    throw Error(describe() + ": gradient of shape " + dy.shape().str() +
                " does not match the last training forward");
  Tensor dx(dy.shape());
  const float* g = dy.data();
  const uint8_t* mask = mask_.data();
  float* out = dx.data();
  for (size_t i = 0; i < dy.size(); ++i) out[i] = mask[i] ? g[i] : 0.f;
  return dx;
}

}  // namespace barnlab
