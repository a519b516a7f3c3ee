// What layers share (layers/layer.h): the shape checks with their messages,
// and drawing initial weights.
#include "layers/layer.h"

#include <cmath>

#include "core/error.h"

namespace barnlab {
namespace {

std::string chw(const Shape& s) {
  return std::to_string(s.c) + " x " + std::to_string(s.h) + " x " + std::to_string(s.w);
}

}  // namespace

void Layer::check_input(const Shape& x, const Shape& built) const {
  if (x.c != built.c || x.h != built.h || x.w != built.w)
    throw Error(describe() + ": input " + x.str() + " does not match the built input " +
                chw(built));
}

void Layer::check_gradient(const Tensor& dy, int cached_n, const Shape& out) const {
  if (cached_n == 0) throw Error(describe() + ": backward without a training forward");
  const Shape want{cached_n, out.c, out.h, out.w};
  if (dy.shape() != want)
    throw Error(describe() + ": gradient of shape " + dy.shape().str() + ", expected " +
                want.str());
}

void Layer::check_window_fits(const Shape& in, int kernel, int pad, const char* what) const {
  if (in.h + 2 * pad < kernel || in.w + 2 * pad < kernel)
    throw Error(describe() + ": " + what + " " + std::to_string(kernel) + " does not fit input " +
                chw(in) + " with padding " + std::to_string(pad));
}

void Layer::draw_weights(Tensor& w, int fan_in, const Init& init, Rng& rng) {
  const float sd = init.kind == Init::Std      ? init.std
                   : init.kind == Init::Xavier ? std::sqrt(1.f / float(fan_in))
                                               : std::sqrt(2.f / float(fan_in));
  for (float& v : w.values()) v = sd * rng.normal();
}

}  // namespace barnlab
