#include "layers/avg_pool2d.h"

#include "core/error.h"
#include "ops/parallel.h"

namespace barnlab {

AvgPool2D::AvgPool2D(int kernel, int stride, int pad) : Pool2D("avgpool", kernel, stride, pad) {}

// x: N x C x H x W -> y: N x C x OH x OW
Tensor AvgPool2D::forward(const Tensor& x, Mode mode) {
  const Shape& s = x.shape();
  check_input(s);
  const int planes = s.n * s.c, P = g_.oh * g_.ow, HW = g_.h * g_.w;
  const float inv = 1.f / float(kernel_ * kernel_);
  Tensor y({s.n, s.c, g_.oh, g_.ow});
  parallel_for(planes, [&](int p0, int p1) {
    for (int pl = p0; pl < p1; ++pl) {
      const float* in = x.data() + size_t(pl) * HW;
      float* out = y.data() + size_t(pl) * P;
      for (int oy = 0; oy < g_.oh; ++oy)
        for (int ox = 0; ox < g_.ow; ++ox) {
          float sum = 0.f;
          for (int i = 0; i < kernel_; ++i) {
            const int iy = oy * stride_ - pad_ + i;
            if (iy < 0 || iy >= g_.h) continue;
            for (int j = 0; j < kernel_; ++j) {
              const int ix = ox * stride_ - pad_ + j;
              if (ix >= 0 && ix < g_.w) sum += in[iy * g_.w + ix];
            }
          }
          out[oy * g_.ow + ox] = sum * inv;
        }
    }
  });
  cached_n_ = caches_for_backward(mode) ? s.n : 0;
  return y;
}

// dy: N x C x OH x OW -> dx: N x C x H x W
Tensor AvgPool2D::backward(const Tensor& dy) {
  const int n = check_gradient(dy);
  const int planes = n * g_.c, P = g_.oh * g_.ow, HW = g_.h * g_.w;
  const float inv = 1.f / float(kernel_ * kernel_);
  Tensor dx({n, g_.c, g_.h, g_.w});
  parallel_for(planes, [&](int p0, int p1) {
    for (int pl = p0; pl < p1; ++pl) {
      float* out = dx.data() + size_t(pl) * HW;
      const float* g = dy.data() + size_t(pl) * P;
      for (int oy = 0; oy < g_.oh; ++oy)
        for (int ox = 0; ox < g_.ow; ++ox) {
          const float share = g[oy * g_.ow + ox] * inv;
          for (int i = 0; i < kernel_; ++i) {
            const int iy = oy * stride_ - pad_ + i;
            if (iy < 0 || iy >= g_.h) continue;
            for (int j = 0; j < kernel_; ++j) {
              const int ix = ox * stride_ - pad_ + j;
              if (ix >= 0 && ix < g_.w) out[iy * g_.w + ix] += share;
            }
          }
        }
    }
  });
  return dx;
}

}  // namespace barnlab
