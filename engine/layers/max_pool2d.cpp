#include "layers/max_pool2d.h"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <limits>

#include "core/error.h"
#include "ops/parallel.h"
#include "ops/profile.h"

namespace barnlab {

MaxPool2D::MaxPool2D(int kernel, int stride, int pad) : Pool2D("maxpool", kernel, stride, pad) {
  if (kernel > 255) throw Error(describe() + ": pool size must be at most 255");
}

namespace {

// The 2x2 stride-2 window without padding, branch-free so it vectorises:
// each pair's maximum, then the better pair; a later element wins only when
// strictly greater (the first maximum in row-major order, as the general path).
// in: one H x W plane -> out, arg: OH x OW
void pool2x2(const float* in, int w, int oh, int ow, float* out, uint16_t* arg) {
  for (int oy = 0; oy < oh; ++oy) {
    const float* r0 = in + size_t(2 * oy) * w;
    const float* r1 = r0 + w;
    float* o = out + size_t(oy) * ow;
    uint16_t* a = arg + size_t(oy) * ow;
    for (int ox = 0; ox < ow; ++ox) {
      const float v0 = r0[2 * ox], v1 = r0[2 * ox + 1], v2 = r1[2 * ox], v3 = r1[2 * ox + 1];
      const int b01 = v1 > v0, b23 = v3 > v2;
      const float top = std::max(v0, v1), bottom = std::max(v2, v3);  // max(a, b): b if a < b
      const int low = bottom > top;
      o[ox] = std::max(top, bottom);
      a[ox] = uint16_t(b01 + low * (2 + b23 - b01));
    }
  }
}

// The gradient of pool2x2 where its windows tile the plane: each window
// gets g at its argmax and +0 elsewhere, by bit masks (a select per element
// compiles to branches that the random argmax mispredicts: 5x slower).
// g, arg: OH x OW -> out: 2OH x 2OW
void unpool2x2(const float* __restrict g, const uint16_t* __restrict arg, int oh, int ow,
               float* __restrict out) {
  const size_t w = size_t(2) * ow;
  for (int oy = 0; oy < oh; ++oy) {
    float* r0 = out + size_t(2 * oy) * w;
    float* r1 = r0 + w;
    const float* go = g + size_t(oy) * ow;
    const uint16_t* a = arg + size_t(oy) * ow;
    for (int ox = 0; ox < ow; ++ox) {
      uint32_t v;
      std::memcpy(&v, go + ox, 4);
      const uint32_t k = a[ox];
      const uint32_t w0 = v & (0u - uint32_t(k == 0)), w1 = v & (0u - uint32_t(k == 1));
      const uint32_t w2 = v & (0u - uint32_t(k == 2)), w3 = v & (0u - uint32_t(k == 3));
      std::memcpy(r0 + 2 * ox, &w0, 4);
      std::memcpy(r0 + 2 * ox + 1, &w1, 4);
      std::memcpy(r1 + 2 * ox, &w2, 4);
      std::memcpy(r1 + 2 * ox + 1, &w3, 4);
    }
  }
}

}  // namespace

// x: N x C x H x W -> y: N x C x OH x OW
Tensor MaxPool2D::forward(const Tensor& x, Mode mode) {
  const Shape& s = x.shape();
  check_input(s);
  const int planes = s.n * s.c, P = g_.oh * g_.ow, HW = g_.h * g_.w;
  Tensor y = Tensor::uninitialized({s.n, s.c, g_.oh, g_.ow});
  argmax_.resize(size_t(planes) * P);
  const bool two_by_two =
      kernel_ == 2 && stride_ == 2 && pad_ == 0 && !profile::reference_kernels();
  parallel_for(planes, [&](int p0, int p1) {
    for (int pl = p0; pl < p1; ++pl) {
      const float* in = x.data() + size_t(pl) * HW;
      float* out = y.data() + size_t(pl) * P;
      uint16_t* arg = argmax_.data() + size_t(pl) * P;
      if (two_by_two) {
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
  const bool two_by_two = kernel_ == 2 && stride_ == 2 && pad_ == 0;
  // Windows that tile the plane exactly: each input element is in one
  // window, so the gradient is written once, without zeroing first.
  const bool tiles = two_by_two && g_.h == 2 * g_.oh && g_.w == 2 * g_.ow &&
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
      if (two_by_two) {
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
