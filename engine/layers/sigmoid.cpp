#include "layers/sigmoid.h"

#include <cmath>

#include "core/error.h"

namespace barnlab {

float sigmoid(float x) {
  if (x >= 0.f) return 1.f / (1.f + std::exp(-x));
  const float e = std::exp(x);
  return e / (1.f + e);
}

Tensor Sigmoid::forward(const Tensor& x, Mode mode) {
  Tensor y(x.shape());
  for (size_t i = 0; i < x.size(); ++i) y[i] = sigmoid(x[i]);
  if (caches_for_backward(mode)) y_ = y;
  return y;
}

Tensor Sigmoid::backward(const Tensor& dy) {
  if (dy.size() != y_.size())
    throw Error(describe() + ": gradient of shape " + dy.shape().str() +
                " does not match the last training forward");
  Tensor dx(dy.shape());
  for (size_t i = 0; i < dy.size(); ++i) dx[i] = dy[i] * y_[i] * (1.f - y_[i]);
  return dx;
}

}  // namespace barnlab
