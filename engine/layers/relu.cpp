#include "layers/relu.h"

#include "core/error.h"

namespace barnlab {

Tensor ReLU::forward(const Tensor& x, Mode mode) {
  Tensor y(x.shape());
  const size_t n = x.size();
  for (size_t i = 0; i < n; ++i) y[i] = x[i] > 0.f ? x[i] : 0.f;
  if (caches_for_backward(mode)) {
    mask_.resize(n);
    for (size_t i = 0; i < n; ++i) mask_[i] = x[i] > 0.f;
  }
  return y;
}

Tensor ReLU::backward(const Tensor& dy) {
  if (dy.size() != mask_.size())
    throw Error(describe() + ": gradient of shape " + dy.shape().str() +
                " does not match the last training forward");
  Tensor dx(dy.shape());
  for (size_t i = 0; i < dy.size(); ++i) dx[i] = mask_[i] ? dy[i] : 0.f;
  return dx;
}

}  // namespace barnlab
