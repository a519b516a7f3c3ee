#include "layers/max_pool2d.h"

#include <limits>

#include "core/error.h"
#include "ops/parallel.h"

namespace barnlab {

MaxPool2D::MaxPool2D(int kernel, int stride, int pad) : Pool2D("maxpool", kernel, stride, pad) {}

// x: N x C x H x W -> y: N x C x OH x OW
Tensor MaxPool2D::forward(const Tensor& x, Mode mode) {
  const Shape& s = x.shape();
  check_input(s);
  const int planes = s.n * s.c, P = g_.oh * g_.ow, HW = g_.h * g_.w;
  Tensor y({s.n, s.c, g_.oh, g_.ow});
  argmax_.resize(size_t(planes) * P);
  parallel_for(planes, [&](int p0, int p1) {
    for (int pl = p0; pl < p1; ++pl) {
      const float* in = x.data() + size_t(pl) * HW;
      float* out = y.data() + size_t(pl) * P;
      int* arg = argmax_.data() + size_t(pl) * P;
      if (kernel_ == 2 && stride_ == 2 && pad_ == 0) {
        // The common 2x2/2 window without bounds checks (same tie rule:
        // the first maximum in row-major order wins).
        for (int oy = 0; oy < g_.oh; ++oy) {
          const float* r0 = in + size_t(2 * oy) * g_.w;
          const float* r1 = r0 + g_.w;
          for (int ox = 0; ox < g_.ow; ++ox) {
            const int i0 = 2 * oy * g_.w + 2 * ox;
            float best = r0[2 * ox];
            int bi = i0;
            if (r0[2 * ox + 1] > best) best = r0[2 * ox + 1], bi = i0 + 1;
            if (r1[2 * ox] > best) best = r1[2 * ox], bi = i0 + g_.w;
            if (r1[2 * ox + 1] > best) best = r1[2 * ox + 1], bi = i0 + g_.w + 1;
            out[oy * g_.ow + ox] = best;
            arg[oy * g_.ow + ox] = bi;
          }
        }
        continue;
      }
      for (int oy = 0; oy < g_.oh; ++oy)
        for (int ox = 0; ox < g_.ow; ++ox) {
          float best = -std::numeric_limits<float>::infinity();
          int best_i = -1;
          for (int i = 0; i < kernel_; ++i) {
            const int iy = oy * stride_ - pad_ + i;
            if (iy < 0 || iy >= g_.h) continue;
            for (int j = 0; j < kernel_; ++j) {
              const int ix = ox * stride_ - pad_ + j;
              if (ix < 0 || ix >= g_.w) continue;
              const float v = in[iy * g_.w + ix];
              if (best_i < 0 || v > best) {
                best = v;
                best_i = iy * g_.w + ix;
              }
            }
          }
          out[oy * g_.ow + ox] = best;
          arg[oy * g_.ow + ox] = best_i;
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
  Tensor dx({n, g_.c, g_.h, g_.w});
  parallel_for(planes, [&](int p0, int p1) {
    for (int pl = p0; pl < p1; ++pl) {
      float* out = dx.data() + size_t(pl) * HW;
      const float* g = dy.data() + size_t(pl) * P;
      const int* arg = argmax_.data() + size_t(pl) * P;
      for (int q = 0; q < P; ++q) out[arg[q]] += g[q];
    }
  });
  return dx;
}

}  // namespace barnlab
