#include "layers/dropout.h"

#include <cmath>
#include <sstream>

#include "core/error.h"

namespace barnlab {
namespace {

uint64_t fnv1a(const std::string& s) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char ch : s) {
    h ^= ch;
    h *= 0x100000001b3ULL;
  }
  return h;
}

}  // namespace

Dropout::Dropout(float p) : p_(p) {
  if (!(p >= 0.f && p < 1.f)) throw Error(describe() + ": rate must be in [0, 1)");
}

std::string Dropout::describe() const {
  std::ostringstream s;
  s << "dropout " << p_;
  return s.str();
}

Tensor Dropout::forward(const Tensor& x, Mode mode) {
  if (mode == Mode::Eval) return x;
  if (mode == Mode::Frozen) {  // identity, and so is its gradient
    mask_.resize(x.shape());
    mask_.fill(1.f);
    return x;
  }
  Rng rng = Rng::derive(step_seed_, kStreamDropout, fnv1a(param_prefix()));
  const float scale = 1.f / (1.f - p_);
  mask_.resize(x.shape());
  Tensor y(x.shape());
  for (size_t i = 0; i < x.size(); ++i) {
    mask_[i] = rng.uniform() >= p_ ? scale : 0.f;
    y[i] = x[i] * mask_[i];
  }
  return y;
}

Tensor Dropout::backward(const Tensor& dy) {
  if (dy.size() != mask_.size() || mask_.empty())
    throw Error(describe() + ": gradient of shape " + dy.shape().str() +
                " does not match the last training forward");
  Tensor dx(dy.shape());
  for (size_t i = 0; i < dy.size(); ++i) dx[i] = dy[i] * mask_[i];
  return dx;
}

}  // namespace barnlab
