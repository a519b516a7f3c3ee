#include "layers/max_pool2d.h"

#include <algorithm>
#include <cstdint>
#include <limits>

#include "core/error.h"
#include "ops/parallel.h"
#include "ops/pool_kernels.h"
#include "ops/profile.h"

namespace barnlab {

MaxPool2D::MaxPool2D(int kernel, int stride, int pad) : Pool2D("maxpool", kernel, stride, pad) {
  if (kernel > 255) throw Error(describe() + ": pool size must be at most 255");
}

bool MaxPool2D::two_by_two() const { return kernel_ == 2 && stride_ == 2 && pad_ == 0; }

uint16_t* MaxPool2D::fused_forward(int n, Mode mode) {
  if (!two_by_two()) throw Error(describe() + ": only a 2x2 stride-2 pool fuses");
  argmax_.resize(size_t(n) * g_.c * g_.oh * g_.ow);
  cached_n_ = caches_for_backward(mode) ? n : 0;
  return argmax_.data();
}

// x: N x C x H x W -> y: N x C x OH x OW
Tensor MaxPool2D::forward(const Tensor& x, Mode mode) {
  const Shape& s = x.shape();
  check_input(s);
  const int planes = s.n * s.c, P = g_.oh * g_.ow, HW = g_.h * g_.w;
  Tensor y = Tensor::uninitialized({s.n, s.c, g_.oh, g_.ow});
  argmax_.resize(size_t(planes) * P);
  const bool vectorised = two_by_two() && !profile::reference_kernels();
  parallel_for(planes, [&](int p0, int p1) {
    for (int pl = p0; pl < p1; ++pl) {
      const float* in = x.data() + size_t(pl) * HW;
      float* out = y.data() + size_t(pl) * P;
      uint16_t* arg = argmax_.data() + size_t(pl) * P;
      if (vectorised) {
        pool2x2(in, g_.w, g_.oh, g_.ow, out, arg);
        continue;
      }
      for (int oy = 0; oy < g_.oh; ++oy)
        for (int ox = 0; ox < g_.ow; ++ox) {
          float best = -std::numeric_limits<float>::infinity();
          int best_k = -1;
          for (int i = 0; i < kernel_; ++i) {
            const int iy = oy * stride_ - pad_ + i;
            if (iy < 0 || iy >= g_.h) continue;
            for (int j = 0; j < kernel_; ++j) {
              const int ix = ox * stride_ - pad_ + j;
              if (ix < 0 || ix >= g_.w) continue;
              const float v = in[iy * g_.w + ix];
              if (best_k < 0 || v > best) {
                best = v;
                best_k = i * kernel_ + j;
              }
            }
          }
          out[oy * g_.ow + ox] = best;
          arg[oy * g_.ow + ox] = uint16_t(best_k);
        }
    }
  });
  cached_n_ = caches_for_backward(mode) ? s.n : 0;
  return y;
}

// dy: N x C x OH x OW -> dx: N x C x H x W
Tensor MaxPool2D::backward(const Tensor& dy) {
  const int n = check_gradient(dy);
  const int planes = n * g_.c, P = g_.oh * g_.ow, HW = g_.h * g_.w;
  Tensor dx = Tensor::uninitialized({n, g_.c, g_.h, g_.w});
  const bool pairs = two_by_two();
  // Windows that tile the plane exactly: each input element is in one
  // window, so the gradient is written once, without zeroing first.
  const bool tiles = pairs && g_.h == 2 * g_.oh && g_.w == 2 * g_.ow &&
                     !profile::reference_kernels();
  parallel_for(planes, [&](int p0, int p1) {
    for (int pl = p0; pl < p1; ++pl) {
      float* out = dx.data() + size_t(pl) * HW;
      const float* g = dy.data() + size_t(pl) * P;
      const uint16_t* arg = argmax_.data() + size_t(pl) * P;
      if (tiles) {
        unpool2x2(g, arg, g_.oh, g_.ow, out);
        continue;
      }
      std::fill(out, out + HW, 0.f);
      if (pairs) {
        for (int oy = 0; oy < g_.oh; ++oy)
          for (int ox = 0; ox < g_.ow; ++ox) {
            const int q = oy * g_.ow + ox, k = arg[q];
            out[(2 * oy + (k >> 1)) * g_.w + 2 * ox + (k & 1)] += g[q];
          }
        continue;
      }
      for (int oy = 0; oy < g_.oh; ++oy)
        for (int ox = 0; ox < g_.ow; ++ox) {
          const int q = oy * g_.ow + ox, k = arg[q];
          const int iy = oy * stride_ - pad_ + k / kernel_, ix = ox * stride_ - pad_ + k % kernel_;
          out[iy * g_.w + ix] += g[q];
        }
    }
  });
  return dx;
}

}  // namespace barnlab
