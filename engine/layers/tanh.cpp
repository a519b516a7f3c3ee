#include "layers/tanh.h"

#include <cmath>

#include "core/error.h"

namespace barnlab {

Tensor Tanh::forward(const Tensor& x, Mode mode) {
  Tensor y(x.shape());
  for (size_t i = 0; i < x.size(); ++i) y[i] = std::tanh(x[i]);
  if (caches_for_backward(mode)) y_ = y;
  return y;
}

Tensor Tanh::backward(const Tensor& dy) {
  if (dy.size() != y_.size())
    throw Error(describe() + ": gradient of shape " + dy.shape().str() +
                " does not match the last training forward");
  Tensor dx(dy.shape());
  for (size_t i = 0; i < dy.size(); ++i) dx[i] = dy[i] * (1.f - y_[i] * y_[i]);
  return dx;
}

}  // namespace barnlab
