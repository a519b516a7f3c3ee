#include "layers/conv2d.h"

#include <algorithm>
#include <cmath>
#include <utility>

#include "core/eigen_view.h"
#include "core/error.h"
#include "ops/conv.h"
#include "ops/gemm.h"
#include "ops/profile.h"
#include "ops/parallel.h"
#include "ops/relu_kernels.h"

namespace barnlab {

Conv2D::Conv2D(int filters, int kernel, int stride, int pad)
    : filters_(filters), kernel_(kernel), stride_(stride), pad_(pad) {
  if (filters < 1) throw Error(describe() + ": needs at least one filter");
  if (kernel < 1) throw Error(describe() + ": kernel size must be at least 1");
  if (stride < 1) throw Error(describe() + ": stride must be at least 1");
  if (pad < 0) throw Error(describe() + ": padding must not be negative");
}

std::string Conv2D::describe() const {
  return "conv " + std::to_string(filters_) + " " + std::to_string(kernel_) + "x" +
         std::to_string(kernel_) + " s" + std::to_string(stride_) + " p" + std::to_string(pad_);
}

Shape Conv2D::build(Shape in) {
  check_window_fits(in, kernel_, pad_, "kernel");
  g_ = ConvGeometry::make(in.c, in.h, in.w, kernel_, kernel_, stride_, pad_);
  const std::string prefix = param_prefix();
  W_.name = prefix + ".W";
  W_.value = Tensor({filters_, in.c, kernel_, kernel_});
  W_.grad = Tensor(W_.value.shape());
  b_.name = prefix + ".b";
  b_.value = Tensor({1, filters_, 1, 1});
  b_.grad = Tensor(b_.value.shape());
  b_.decay = false;
  return {in.n, filters_, g_.oh, g_.ow};
}

void Conv2D::init_params(const Init& init, Rng& rng) {
  draw_weights(W_.value, g_.rows(), init, rng);
  b_.value.fill(0.f);
}

// x: N x C x H x W -> y: N x F x OH x OW
Tensor Conv2D::forward(const Tensor& x, Mode mode) {
  ReLU* relu = std::exchange(fuse_next_, nullptr);  // for this call only, even one that throws
  MaxPool2D* pool = std::exchange(fuse_pool_, nullptr);
  const Shape& s = x.shape();
  check_input(s, {1, g_.c, g_.h, g_.w});
  const int n = s.n, K = g_.rows(), P = g_.cols_per_image(), F = filters_;
  const int cols = n * P;
  if (pool) check_fused_pool(relu, *pool);
  cached_n_ = caches_for_backward(mode) ? n : 0;
  backward_relu_ = cached_n_ ? relu : nullptr;
  backward_pool_ = cached_n_ ? pool : nullptr;
  if (pool && !profile::reference_kernels()) {
    const ConvGeometry& pg = pool->geometry();
    Tensor out = Tensor::uninitialized({n, F, pg.oh, pg.ow});  // every element written
    FusedPool fused{pg.oh, pg.ow, out.data(), pool->fused_forward(n, mode), nullptr};
    if (cached_n_) {
      positive_.resize(out.size());
      fused.positive = positive_.data();
      relu->fused_mask(0);  // no full-size mask: the pool's output says where it passes
    }
    const size_t scratch = conv_scratch(n, g_, F);
    if (buf_.size() < scratch) buf_.resize({1, 1, 1, int(scratch)});
    conv_forward(x.data(), n, g_, F, W_.value.data(), b_.value.data(), nullptr, buf_.data(),
                 true, nullptr, &fused);
    if (cached_n_) col_ = x;
    return out;
  }
  Tensor y = Tensor::uninitialized({n, F, g_.oh, g_.ow});  // both paths write all of it
  uint8_t* mask = backward_relu_ ? backward_relu_->fused_mask(y.size()).data() : nullptr;
  if (!profile::reference_kernels()) {
    const size_t scratch = conv_scratch(n, g_, F);
    if (buf_.size() < scratch) buf_.resize({1, 1, 1, int(scratch)});
    conv_forward(x.data(), n, g_, F, W_.value.data(), b_.value.data(), y.data(), buf_.data(),
                 relu != nullptr, mask);
    if (cached_n_) col_ = x;  // backward unrolls it again (ops/conv.h)
    return y;
  }
  col_.resize({1, 1, K, cols});
  im2col(x.data(), n, g_, col_.data());
  buf_.resize({1, 1, F, cols});
  gemm(false, false, F, cols, K, 1.f, W_.value.data(), K, col_.data(), cols, 0.f, buf_.data(),
       cols);
  for (int f = 0; f < F; ++f) {
    const float bias = b_.value[f];
    const float* src = buf_.data() + size_t(f) * cols;
    for (int b = 0; b < n; ++b) {
      float* dst = y.data() + (size_t(b) * F + f) * P;
      const float* row = src + size_t(b) * P;
      for (int p = 0; p < P; ++p) dst[p] = row[p] + bias;
    }
  }
  if (relu) relu_in_place(y.data(), mask, y.size());
  return pool ? pool->forward(y, mode) : y;  // the reference kernels: one by one
}

void Conv2D::check_fused_pool(const ReLU* relu, const MaxPool2D& pool) const {
  const ConvGeometry& pg = pool.geometry();
  if (!relu || !pool.two_by_two() || pg.c != filters_ || pg.h != g_.oh || pg.w != g_.ow)
    throw Error(describe() + ": cannot pool its output with " + pool.describe() +
                " (needs a ReLU between, a 2x2 stride-2 pool and its output's shape)");
}

// dy: N x F x OH x OW -> dx: N x C x H x W (empty with the input gradient off)
Tensor Conv2D::backward(const Tensor& dy) {
  const int n = cached_n_, K = g_.rows(), P = g_.cols_per_image(), F = filters_;
  MaxPool2D* pool = backward_pool_;
  if (pool)
    check_gradient(dy, n, {1, F, pool->geometry().oh, pool->geometry().ow});
  else
    check_gradient(dy, n, {1, F, g_.oh, g_.ow});
  cached_n_ = 0;
  backward_pool_ = nullptr;
  ReLU* relu = std::exchange(backward_relu_, nullptr);
  if (pool && !profile::reference_kernels()) {
    if (positive_.size() != dy.size() || pool->argmax().size() != dy.size())
      throw Error(describe() + ": the fused pool's argmax does not match the gradient");
    Tensor dx = input_gradient_ ? Tensor::uninitialized({n, g_.c, g_.h, g_.w}) : Tensor();
    const size_t scratch = conv_scratch(n, g_, F);
    if (buf_.size() < scratch) buf_.resize({1, 1, 1, int(scratch)});
    const PooledGradient fused{pool->geometry().oh, pool->geometry().ow, pool->argmax().data(),
                               positive_.data()};
    conv_backward(dy.data(), col_.data(), n, g_, F, W_.value.data(), W_.grad.data(),
                  b_.grad.data(), input_gradient_ ? dx.data() : nullptr, buf_.data(), nullptr,
                  &fused);
    return dx;
  }
  const Tensor unpooled = pool ? pool->backward(dy) : Tensor();  // the reference kernels
  const Tensor& dy_relu = pool ? unpooled : dy;
  if (relu && relu->mask().size() != dy_relu.size())
    throw Error(describe() + ": the fused ReLU's mask does not match the gradient");
  if (!profile::reference_kernels()) {
    // col2im_image writes every element of an image's gradient.
    Tensor dx = input_gradient_ ? Tensor::uninitialized({n, g_.c, g_.h, g_.w}) : Tensor();
    const size_t scratch = conv_scratch(n, g_, F);
    if (buf_.size() < scratch) buf_.resize({1, 1, 1, int(scratch)});
    conv_backward(dy_relu.data(), col_.data(), n, g_, F, W_.value.data(), W_.grad.data(),
                  b_.grad.data(), input_gradient_ ? dx.data() : nullptr, buf_.data(),
                  relu ? relu->mask().data() : nullptr);
    return dx;
  }
  const int cols = n * P;
  const Tensor masked = relu ? relu->backward(dy_relu) : Tensor();
  const Tensor& d = relu ? masked : dy_relu;
  buf_.resize({1, 1, F, cols});
  parallel_for(F, [&](int f0, int f1) {
    for (int f = f0; f < f1; ++f) {
      float* dst = buf_.data() + size_t(f) * cols;
      for (int b = 0; b < n; ++b) {
        const float* src = d.data() + (size_t(b) * F + f) * P;
        std::copy(src, src + P, dst + size_t(b) * P);
      }
      b_.grad[f] += ConstVectorView(dst, cols).sum();
    }
  });
  // dW += dY * col^T  (F x K)
  gemm(false, true, F, K, cols, 1.f, buf_.data(), cols, col_.data(), cols, 1.f, W_.grad.data(),
       K);
  // dcol = W^T * dY  (K x cols), written over the cached columns, no longer needed.
  gemm(true, false, K, cols, F, 1.f, W_.value.data(), K, buf_.data(), cols, 0.f, col_.data(),
       cols);
  Tensor dx = Tensor::uninitialized({n, g_.c, g_.h, g_.w});
  col2im(col_.data(), n, g_, dx.data());
  return dx;
}

}  // namespace barnlab
