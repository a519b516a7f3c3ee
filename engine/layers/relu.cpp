#include "layers/relu.h"

#include <algorithm>
#include <cstdint>

#include "core/error.h"
#include "ops/parallel.h"
#include "ops/relu_kernels.h"

namespace barnlab {
namespace {

// fn(begin, end) over [0, n) in pieces of 64K elements spread over the
// thread pool (elementwise, so the result is the same at any thread count);
// a small tensor stays on the calling thread.
template <class F>
void for_pieces(size_t n, const F& fn) {
  constexpr size_t kPiece = size_t(1) << 16;
  if (n < 2 * kPiece || num_threads() < 2) {
    fn(size_t(0), n);
    return;
  }
  const int pieces = int((n + kPiece - 1) / kPiece);
  parallel_for(pieces, [&](int p0, int p1) {
    fn(size_t(p0) * kPiece, std::min(n, size_t(p1) * kPiece));
  });
}

}  // namespace

// One pass writes the output and, when training, the mask.
Tensor ReLU::forward(const Tensor& x, Mode mode) {
  Tensor y = Tensor::uninitialized(x.shape());
  const size_t n = x.size();
  const float* in = x.data();
  float* out = y.data();
  if (caches_for_backward(mode)) {
    mask_.resize(n);
    uint8_t* mask = mask_.data();
    for_pieces(n, [&](size_t i0, size_t i1) {
      relu_with_mask(in + i0, out + i0, mask + i0, i1 - i0);
    });
  } else {
    for_pieces(n, [&](size_t i0, size_t i1) { relu_plain(in + i0, out + i0, i1 - i0); });
  }
  return y;
}

std::vector<uint8_t>& ReLU::fused_mask(size_t n) {
  mask_.resize(n);
  return mask_;
}

Tensor ReLU::backward(const Tensor& dy) {
  if (dy.size() != mask_.size())
    throw Error(describe() + ": gradient of shape " + dy.shape().str() +
                " does not match the last training forward");
  Tensor dx = Tensor::uninitialized(dy.shape());
  const float* g = dy.data();
  const uint8_t* mask = mask_.data();
  float* out = dx.data();
  for_pieces(dy.size(), [&](size_t i0, size_t i1) {
    relu_mask_gradient(g + i0, mask + i0, out + i0, i1 - i0);
  });
  return dx;
}

}  // namespace barnlab
