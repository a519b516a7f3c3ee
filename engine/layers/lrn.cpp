#include "layers/lrn.h"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "core/error.h"
#include "ops/parallel.h"

namespace barnlab {

LRN::LRN(int size, float alpha, float beta, float k)
    : size_(size), alpha_(alpha), beta_(beta), k_(k) {
  if (size < 1) throw Error("lrn: size must be at least 1");
  if (!(alpha >= 0.f) || !(beta >= 0.f) || !(k > 0.f) || !std::isfinite(alpha) ||
      !std::isfinite(beta) || !std::isfinite(k))
    throw Error("lrn: alpha and beta must be non-negative and k positive");
}

std::string LRN::describe() const {
  std::ostringstream s;
  s << "lrn size=" << size_ << " alpha=" << alpha_ << " beta=" << beta_ << " k=" << k_;
  return s.str();
}

// x: N x C x H x W -> y: same
Tensor LRN::forward(const Tensor& x, Mode mode) {
  const Shape& sh = x.shape();
  const int N = sh.n, C = sh.c, before = size_ / 2, after = (size_ - 1) / 2;
  const size_t HW = size_t(sh.h) * sh.w;
  const float a = alpha_ / float(size_);
  Tensor y(sh), s(sh);
  parallel_for(N, [&](int n0, int n1) {
    for (int n = n0; n < n1; ++n) {
      const float* in = x.data() + size_t(n) * C * HW;
      float* sc = s.data() + size_t(n) * C * HW;
      float* out = y.data() + size_t(n) * C * HW;
      for (int c = 0; c < C; ++c) {
        const int lo = std::max(0, c - before), hi = std::min(C - 1, c + after);
        for (size_t i = 0; i < HW; ++i) {
          float sum = 0.f;
          for (int cc = lo; cc <= hi; ++cc) {
            const float v = in[size_t(cc) * HW + i];
            sum += v * v;
          }
          const float si = k_ + a * sum;
          sc[size_t(c) * HW + i] = si;
          out[size_t(c) * HW + i] = in[size_t(c) * HW + i] * std::pow(si, -beta_);
        }
      }
    }
  });
  if (caches_for_backward(mode)) {
    x_ = x;
    s_ = std::move(s);
  }
  return y;
}

Tensor LRN::backward(const Tensor& dy) {
  if (x_.empty() || dy.shape() != x_.shape())
    throw Error(describe() + ": gradient of shape " + dy.shape().str() +
                " does not match the last training forward");
  const Shape& sh = dy.shape();
  const int N = sh.n, C = sh.c, before = size_ / 2, after = (size_ - 1) / 2;
  const size_t HW = size_t(sh.h) * sh.w;
  const float coef = 2.f * alpha_ * beta_ / float(size_);
  Tensor dx(sh);
  parallel_for(N, [&](int n0, int n1) {
    std::vector<float> t(size_t(C) * HW);  // dy_c x_c s_c^(-beta-1)
    for (int n = n0; n < n1; ++n) {
      const size_t o = size_t(n) * C * HW;
      const float *g = dy.data() + o, *in = x_.data() + o, *sc = s_.data() + o;
      float* out = dx.data() + o;
      for (size_t i = 0; i < size_t(C) * HW; ++i)
        t[i] = g[i] * in[i] * std::pow(sc[i], -beta_ - 1.f);
      // j is in window(c) iff j - after <= c <= j + before.
      for (int j = 0; j < C; ++j) {
        const int lo = std::max(0, j - after), hi = std::min(C - 1, j + before);
        for (size_t i = 0; i < HW; ++i) {
          float sum = 0.f;
          for (int c = lo; c <= hi; ++c) sum += t[size_t(c) * HW + i];
          const size_t q = size_t(j) * HW + i;
          out[q] = g[q] * std::pow(sc[q], -beta_) - coef * in[q] * sum;
        }
      }
    }
  });
  return dx;
}

}  // namespace barnlab
