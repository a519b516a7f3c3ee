#include "layers/leaky_relu.h"

#include <cmath>
#include <sstream>

#include "core/error.h"

namespace barnlab {

LeakyReLU::LeakyReLU(float alpha) : alpha_(alpha) {
  if (!(alpha >= 0.f) || !std::isfinite(alpha))
    throw Error("leaky_relu: slope must be a non-negative number");
}

std::string LeakyReLU::describe() const {
  std::ostringstream s;
  s << "leaky_relu " << alpha_;
  return s.str();
}

Tensor LeakyReLU::forward(const Tensor& x, Mode mode) {
  Tensor y(x.shape());
  const size_t n = x.size();
  for (size_t i = 0; i < n; ++i) y[i] = x[i] > 0.f ? x[i] : alpha_ * x[i];
  if (caches_for_backward(mode)) {
    mask_.resize(n);
    for (size_t i = 0; i < n; ++i) mask_[i] = x[i] > 0.f;
  }
  return y;
}

Tensor LeakyReLU::backward(const Tensor& dy) {
  if (dy.size() != mask_.size())
    throw Error(describe() + ": gradient of shape " + dy.shape().str() +
                " does not match the last training forward");
  Tensor dx(dy.shape());
  for (size_t i = 0; i < dy.size(); ++i) dx[i] = mask_[i] ? dy[i] : alpha_ * dy[i];
  return dx;
}

}  // namespace barnlab
