#include "layers/batch_norm.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#if defined(__AVX2__)
#include <immintrin.h>
#endif
#include <sstream>
#include <utility>

#include "core/eigen_view.h"
#include "core/error.h"
#include "ops/parallel.h"
#include "ops/profile.h"
#include "ops/relu_kernels.h"

namespace barnlab {

BatchNorm::BatchNorm(float momentum, float eps) : momentum_(momentum), eps_(eps) {
  if (!(momentum >= 0.f && momentum < 1.f))
    throw Error("batchnorm: momentum must be in [0, 1)");
  if (!(eps > 0.f) || !std::isfinite(eps)) throw Error("batchnorm: eps must be positive");
}

std::string BatchNorm::describe() const {
  std::ostringstream s;
  s << "batchnorm momentum=" << momentum_ << " eps=" << eps_;
  return s.str();
}

Shape BatchNorm::build(Shape in) {
  in_ = {1, in.c, in.h, in.w};
  const std::string prefix = param_prefix();
  const Shape pc{1, in.c, 1, 1};
  gamma_ = Param{prefix + ".gamma", Tensor(pc, 1.f), Tensor(pc), false};
  beta_ = Param{prefix + ".beta", Tensor(pc, 0.f), Tensor(pc), false};
  running_mean_ = Tensor(pc, 0.f);
  running_var_ = Tensor(pc, 1.f);
  return in;
}

std::vector<Buffer> BatchNorm::buffers() {
  const std::string prefix = param_prefix();
  return {{prefix + ".running_mean", &running_mean_}, {prefix + ".running_var", &running_var_}};
}

Tensor BatchNorm::forward(const Tensor& x, Mode mode) { return forward_impl(x, mode, nullptr); }

Tensor BatchNorm::forward_owning(Tensor&& x, Mode mode) { return forward_impl(x, mode, &x); }

// x: N x C x H x W -> y: same; statistics per channel over N*H*W.
// owned: x itself, when the caller gave it up (forward_owning).
Tensor BatchNorm::forward_impl(const Tensor& x, Mode mode, Tensor* owned) {
  ReLU* relu = std::exchange(fuse_next_, nullptr);  // for this call only, even one that throws
  const Shape& s = x.shape();
  check_input(s, in_);
  const int N = s.n, C = s.c;
  const size_t HW = size_t(s.h) * s.w;
  Tensor y = Tensor::uninitialized(s);  // every path writes all of it
  if (mode != Mode::Eval) frozen_ = mode == Mode::Frozen;
  backward_relu_ = caches_for_backward(mode) ? relu : nullptr;
  uint8_t* mask = backward_relu_ ? backward_relu_->fused_mask(y.size()).data() : nullptr;
  if (mode != Mode::Train) {
    if (mode == Mode::Frozen) {
      input_ = Tensor();
      xhat_.resize(s);
      rstd_.assign(C, 0.f);
    }
    for (int c = 0; c < C; ++c) {
      const float rstd = 1.f / std::sqrt(running_var_[c] + eps_);
      const float scale = gamma_.value[c] * rstd;
      const float shift = beta_.value[c] - running_mean_[c] * scale;
      if (mode == Mode::Frozen) rstd_[c] = rstd;
      for (int n = 0; n < N; ++n) {
        const size_t o = (size_t(n) * C + c) * HW;
        for (size_t i = 0; i < HW; ++i) y[o + i] = x[o + i] * scale + shift;
        if (mode == Mode::Frozen)
          for (size_t i = 0; i < HW; ++i) xhat_[o + i] = (x[o + i] - running_mean_[c]) * rstd;
      }
    }
    if (relu) relu_in_place(y.data(), mask, y.size());
    return y;
  }
  if (N * HW < 2)
    throw Error(describe() + ": training needs more than one value per channel (batch of " +
                std::to_string(N) + ")");
  const double M = double(N) * double(HW);
  rstd_.assign(C, 0.f);
  input_ = Tensor();
  if (!profile::reference_kernels()) {
    const bool keep_xhat = owned == nullptr;
    if (keep_xhat) xhat_.resize(s);
    forward_train(x, y, relu != nullptr, mask, keep_xhat);
    if (!keep_xhat) {
      xhat_ = Tensor();
      input_ = std::move(*owned);
    }
    return y;
  }
  xhat_.resize(s);
  for (int c = 0; c < C; ++c) {
    double sum = 0;
    for (int n = 0; n < N; ++n) {
      const size_t o = (size_t(n) * C + c) * HW;
      for (size_t i = 0; i < HW; ++i) sum += x[o + i];
    }
    const double mean = sum / M;
    double sq = 0;
    for (int n = 0; n < N; ++n) {
      const size_t o = (size_t(n) * C + c) * HW;
      for (size_t i = 0; i < HW; ++i) {
        const double d = x[o + i] - mean;
        sq += d * d;
      }
    }
    const double var = sq / M;
    const float rstd = float(1.0 / std::sqrt(var + eps_));
    rstd_[c] = rstd;
    const float g = gamma_.value[c], b = beta_.value[c], m = float(mean);
    for (int n = 0; n < N; ++n) {
      const size_t o = (size_t(n) * C + c) * HW;
      for (size_t i = 0; i < HW; ++i) {
        const float xh = (x[o + i] - m) * rstd;
        xhat_[o + i] = xh;
        y[o + i] = g * xh + b;
      }
    }
    running_mean_[c] = momentum_ * running_mean_[c] + (1.f - momentum_) * m;
    running_var_[c] = momentum_ * running_var_[c] + (1.f - momentum_) * float(var);
  }
  if (relu) relu_in_place(y.data(), mask, y.size());
  return y;
}

// dx = gamma * rstd / M * (M dy - sum(dy) - xhat * sum(dy xhat)), per channel.
Tensor BatchNorm::backward(const Tensor& dy) { return backward_impl(dy, nullptr); }

Tensor BatchNorm::backward_owning(Tensor&& dy) { return backward_impl(dy, &dy); }

// owned: dy itself, when the caller gave it up: the current kernels then
// write dx over it (each value read before it is overwritten).
Tensor BatchNorm::backward_impl(const Tensor& dy, Tensor* owned) {
  const Tensor& cached = input_.empty() ? xhat_ : input_;
  check_gradient(dy, cached.empty() ? 0 : cached.shape().n, in_);
  const Shape& s = dy.shape();
  const int N = s.n, C = s.c;
  const size_t HW = size_t(s.h) * s.w;
  const double M = double(N) * double(HW);
  Tensor dx = owned ? Tensor() : Tensor::uninitialized(s);
  ReLU* relu = std::exchange(backward_relu_, nullptr);
  if (relu && relu->mask().size() != dy.size())
    throw Error(describe() + ": the fused ReLU's mask does not match the gradient");
  if (!profile::reference_kernels() || !input_.empty()) {
    if (owned) {
      dx = std::move(*owned);
      backward_planes(dx, relu ? relu->mask().data() : nullptr, dx);
    } else {
      backward_planes(dy, relu ? relu->mask().data() : nullptr, dx);
    }
    return dx;
  }
  if (relu) return backward(relu->backward(dy));  // the mask applied, then as unfused
  if (owned) dx = Tensor::uninitialized(s);
  for (int c = 0; c < C; ++c) {
    double sum_dy = 0, sum_dy_xh = 0;
    for (int n = 0; n < N; ++n) {
      const size_t o = (size_t(n) * C + c) * HW;
      for (size_t i = 0; i < HW; ++i) {
        sum_dy += dy[o + i];
        sum_dy_xh += double(dy[o + i]) * xhat_[o + i];
      }
    }
    gamma_.grad[c] += float(sum_dy_xh);
    beta_.grad[c] += float(sum_dy);
    const float k = gamma_.value[c] * rstd_[c];
    if (frozen_) {  // fixed statistics: a per-channel scale
      for (int n = 0; n < N; ++n) {
        const size_t o = (size_t(n) * C + c) * HW;
        for (size_t i = 0; i < HW; ++i) dx[o + i] = k * dy[o + i];
      }
      continue;
    }
    const float mean_dy = float(sum_dy / M), mean_dy_xh = float(sum_dy_xh / M);
    for (int n = 0; n < N; ++n) {
      const size_t o = (size_t(n) * C + c) * HW;
      for (size_t i = 0; i < HW; ++i)
        dx[o + i] = k * (dy[o + i] - mean_dy - xhat_[o + i] * mean_dy_xh);
    }
  }
  return dx;
}

namespace {

// Eight floats and eight doubles as one value each (GCC and clang vector
// extensions: one AVX-512 register, two AVX ones, four wasm SIMD ones).
typedef float Float8 __attribute__((vector_size(32)));
typedef double Double8 __attribute__((vector_size(64)));
typedef uint8_t Byte8 __attribute__((vector_size(8)));
typedef uint32_t Word8 __attribute__((vector_size(32)));

Float8 load8(const float* p) {
  Float8 v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

// relu_masked on eight values: g where the mask byte is 1, +0 where it is 0.
// (GCC 12 widens a Byte8 a byte at a time through general registers, a
// third of the masked pass by perf annotate; AVX2 has the one instruction.)
Float8 masked8(const float* g, const uint8_t* m) {
#if defined(__AVX2__)
  const __m256i wide = _mm256_cvtepu8_epi32(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(m)));
  const __m256i keep = _mm256_sub_epi32(_mm256_setzero_si256(), wide);
  return Float8(_mm256_and_ps(_mm256_loadu_ps(g), _mm256_castsi256_ps(keep)));
#else
  Byte8 b;
  std::memcpy(&b, m, sizeof b);
  const Word8 keep = Word8{} - __builtin_convertvector(b, Word8);
  Word8 bits;
  const Float8 v = load8(g);
  std::memcpy(&bits, &v, sizeof bits);
  bits &= keep;
  Float8 out;
  std::memcpy(&out, &bits, sizeof out);
  return out;
#endif
}

// Sums in double over n values in 8 independent lanes, added in a fixed
// order: lane k takes the values i = k mod 8 of the whole groups of eight,
// then the tail adds its values to lanes 0, 1, ..., and the lanes are
// combined 0 to 7. A single running double sum is a chain of dependent adds
// (Eigen's cast reduction was that: 4 ms for farm-res's first 2M-value
// BatchNorm); the lanes as an array of eight doubles compiled to scalar
// adds (perf annotate: vcvtss2sd, vaddsd, vfmadd231sd per value, half of
// the statistics pass), so the groups are one vector each. Lane for lane
// the arithmetic is the scalar loop's (the same conversions, adds and
// multiply-adds), so the sums are the same bits.
// sum += sum(value(i)), other += sum(term(i, value(i))); value8(i) and
// term8(i, v) are value and term on i .. i + 7.
template <class Value, class Term, class Value8, class Term8>
void add_lanes(size_t n, double* sum, double* other, Value value, Term term, Value8 value8,
               Term8 term8) {
  Double8 s8 = {}, t8 = {};
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    const Double8 v = __builtin_convertvector(value8(i), Double8);
    s8 += v;
    t8 += term8(i, v);
  }
  double s[8], t[8];
  std::memcpy(s, &s8, sizeof s);
  std::memcpy(t, &t8, sizeof t);
  for (int k = 0; i < n; ++i, ++k) {
    const double v = value(i);
    s[k] += v;
    t[k] += term(i, v);
  }
  for (int k = 0; k < 8; ++k) {
    *sum += s[k];
    *other += t[k];
  }
}

}  // namespace

// The loops above with each H x W plane as one vectorised Eigen expression,
// summed in double as the reference does (float sums per plane made the
// gradient checks depend on the summation order of the build, and overflow
// on a diverging run's activations); channels are independent, so they are
// split over the thread pool (each channel's arithmetic is the same at any
// thread count).
void BatchNorm::forward_train(const Tensor& x, Tensor& y, bool relu, uint8_t* mask,
                              bool keep_xhat) {
  mean_.assign(size_t(x.shape().c), 0.f);
  const Shape& s = x.shape();
  const int N = s.n, C = s.c;
  const Eigen::Index HW = Eigen::Index(s.h) * s.w;
  const double M = double(N) * double(HW);
  parallel_for(C, [&](int c0, int c1) {
    for (int c = c0; c < c1; ++c) {
      auto plane = [&](const Tensor& t, int n) {
        return ConstArrayView(t.data() + (size_t(n) * C + c) * HW, HW);
      };
      // Both sums of a plane in one pass, in double: var = E[x^2] - mean^2
      // loses nothing there that a float result would keep.
      double sum = 0, sq = 0;
      for (int n = 0; n < N; ++n) {
        const float* a = x.data() + (size_t(n) * C + c) * HW;
        add_lanes(
            size_t(HW), &sum, &sq, [a](size_t i) { return a[i]; },
            [](size_t, double v) { return v * v; }, [a](size_t i) { return load8(a + i); },
            [](size_t, Double8 v) { return v * v; });
      }
      const double mean = sum / M;
      const double var = std::max(0.0, sq / M - mean * mean);
      const float m = float(mean);
      const float rstd = float(1.0 / std::sqrt(var + eps_));
      rstd_[size_t(c)] = rstd;
      mean_[size_t(c)] = m;
      const float g = gamma_.value[c], b = beta_.value[c];
      for (int n = 0; n < N; ++n) {
        const size_t o = (size_t(n) * C + c) * HW;
        if (keep_xhat) {
          ArrayView xh(xhat_.data() + o, HW);
          xh = (plane(x, n) - m) * rstd;
          ArrayView(y.data() + o, HW) = xh * g + b;
        } else {  // xhat only in registers: (x - m) * rstd rounded as above, then * g + b
          ArrayView(y.data() + o, HW) = (plane(x, n) - m) * rstd * g + b;
        }
        if (relu) relu_in_place(y.data() + o, mask ? mask + o : nullptr, size_t(HW));
      }
      running_mean_[c] = momentum_ * running_mean_[c] + (1.f - momentum_) * m;
      running_var_[c] = momentum_ * running_var_[c] + (1.f - momentum_) * float(var);
    }
  });
}

// With a fused ReLU's mask, dy is the gradient at the ReLU's output: both
// passes over a channel mask it as they read it (the same values the ReLU
// layer's backward would pass), so no masked copy is written and read back.
// xhat comes from xhat_, or, when forward_owning kept the input, is computed
// where it is used as (x - mean) * rstd, the float operations that forward
// rounded it with, so the same bits as reading it back.
void BatchNorm::backward_planes(const Tensor& dy, const uint8_t* mask, Tensor& dx) {
  const Shape& s = dy.shape();
  const int N = s.n, C = s.c;
  const size_t HW = size_t(s.h) * s.w;
  const double M = double(N) * double(HW);
  // xh(o) gives plane o's xhat as xh(o)(i) and xh(o).at8(i) (eight values).
  auto channel = [&](int c, auto xh) {
    double sum_dy = 0, sum_dy_xh = 0;
    for (int n = 0; n < N; ++n) {
      const size_t o = (size_t(n) * C + c) * HW;
      const float* __restrict g = dy.data() + o;
      const auto x = xh(o);
      auto term = [x](size_t i, double v) { return v * double(x(i)); };
      auto term8 = [x](size_t i, Double8 v) {
        return v * __builtin_convertvector(x.at8(i), Double8);
      };
      if (mask)
        add_lanes(
            HW, &sum_dy, &sum_dy_xh, [g, m = mask + o](size_t i) { return relu_masked(g[i], m[i]); },
            term, [g, m = mask + o](size_t i) { return masked8(g + i, m + i); }, term8);
      else
        add_lanes(
            HW, &sum_dy, &sum_dy_xh, [g](size_t i) { return g[i]; }, term,
            [g](size_t i) { return load8(g + i); }, term8);
    }
    gamma_.grad[c] += float(sum_dy_xh);
    beta_.grad[c] += float(sum_dy);
    const float k = gamma_.value[c] * rstd_[size_t(c)];
    const float mean_dy = frozen_ ? 0.f : float(sum_dy / M);
    const float mean_dy_xh = frozen_ ? 0.f : float(sum_dy_xh / M);
    for (int n = 0; n < N; ++n) {
      const size_t o = (size_t(n) * C + c) * HW;
      const float* g = dy.data() + o;  // may be out itself (backward_owning)
      const auto x = xh(o);
      float* out = dx.data() + o;
      const uint8_t* m = mask ? mask + o : nullptr;
      if (frozen_) {  // fixed statistics: a per-channel scale
        if (m)
          for (size_t i = 0; i < HW; ++i) out[i] = relu_masked(g[i], m[i]) * k;
        else
          for (size_t i = 0; i < HW; ++i) out[i] = g[i] * k;
      } else if (m) {
        for (size_t i = 0; i < HW; ++i)
          out[i] = (relu_masked(g[i], m[i]) - mean_dy - x(i) * mean_dy_xh) * k;
      } else {
        for (size_t i = 0; i < HW; ++i) out[i] = (g[i] - mean_dy - x(i) * mean_dy_xh) * k;
      }
    }
  };
  struct Stored {  // xhat read back
    const float* __restrict p;
    float operator()(size_t i) const { return p[i]; }
    Float8 at8(size_t i) const { return load8(p + i); }
  };
  struct FromInput {  // xhat = (x - mean) * rstd
    const float* __restrict p;
    float mean, rstd;
    float operator()(size_t i) const { return (p[i] - mean) * rstd; }
    Float8 at8(size_t i) const { return (load8(p + i) - mean) * rstd; }
  };
  parallel_for(C, [&](int c0, int c1) {
    for (int c = c0; c < c1; ++c) {
      if (input_.empty())
        channel(c, [this](size_t o) { return Stored{xhat_.data() + o}; });
      else
        channel(c, [this, c](size_t o) {
          return FromInput{input_.data() + o, mean_[size_t(c)], rstd_[size_t(c)]};
        });
    }
  });
}

}  // namespace barnlab
