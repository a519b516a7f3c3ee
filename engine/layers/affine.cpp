#include "layers/affine.h"

#include "core/error.h"
#include "ops/gemm.h"

namespace barnlab {

Affine::Affine(int outputs) : out_(outputs) {
  if (outputs < 1) throw Error("affine: needs at least one output, got " + std::to_string(outputs));
}

Shape Affine::build(Shape in) {
  in_ = int(in.sample_size());
  in_shape_ = {1, in.c, in.h, in.w};
  const std::string prefix = param_prefix();
  W_.name = prefix + ".W";
  W_.value = Tensor({in_, out_, 1, 1});
  W_.grad = Tensor(W_.value.shape());
  b_.name = prefix + ".b";
  b_.value = Tensor({1, out_, 1, 1});
  b_.grad = Tensor(b_.value.shape());
  b_.decay = false;
  return {in.n, out_, 1, 1};
}

void Affine::init_params(const Init& init, Rng& rng) {
  draw_weights(W_.value, in_, init, rng);
  b_.value.fill(0.f);
}

// x: N x D (any C x H x W with C*H*W = D) -> y: N x out x 1 x 1
Tensor Affine::forward(const Tensor& x, Mode mode) {
  const Shape& s = x.shape();
  if (int(s.sample_size()) != in_)
    throw Error(describe() + ": input " + s.str() + " has " + std::to_string(s.sample_size()) +
                " features per sample, the layer was built for " + std::to_string(in_));
  const int n = s.n;
  Tensor y = Tensor::uninitialized({n, out_, 1, 1});  // the GEMM with beta 0 writes it
  gemm(false, false, n, out_, in_, 1.f, x.data(), in_, W_.value.data(), out_, 0.f, y.data(),
       out_);
  for (int i = 0; i < n; ++i) {
    float* row = y.data() + size_t(i) * out_;
    for (int j = 0; j < out_; ++j) row[j] += b_.value[j];
  }
  if (caches_for_backward(mode))
    x_ = x;
  else
    x_ = Tensor();
  return y;
}

// dy: N x out -> dx: N x (input shape)
Tensor Affine::backward(const Tensor& dy) {
  const int n = x_.empty() ? 0 : x_.shape().n;
  check_gradient(dy, n, {1, out_, 1, 1});
  gemm(true, false, in_, out_, n, 1.f, x_.data(), in_, dy.data(), out_, 1.f, W_.grad.data(),
       out_);
  for (int j = 0; j < out_; ++j) {
    double sum = 0;
    for (int i = 0; i < n; ++i) sum += dy[size_t(i) * out_ + j];
    b_.grad[j] += float(sum);
  }
  Tensor dx = Tensor::uninitialized(x_.shape());
  gemm(false, true, n, in_, out_, 1.f, dy.data(), out_, W_.value.data(), out_, 0.f, dx.data(),
       in_);
  return dx;
}

}  // namespace barnlab
