#include "layers/relu.h"

#include <algorithm>
#include <cstdint>
#include <cstring>

#include "core/error.h"
#include "ops/parallel.h"

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

// The loops over [i0, i1), their pointers declared unaliased: a uint8_t
// store may alias anything, which otherwise keeps the compiler (clang for
// wasm in particular) from vectorising them.
void relu_with_mask(const float* __restrict in, float* __restrict out, uint8_t* __restrict mask,
                    size_t i0, size_t i1) {
  for (size_t i = i0; i < i1; ++i) {
    const bool positive = in[i] > 0.f;
    out[i] = positive ? in[i] : 0.f;
    mask[i] = positive;
  }
}

void relu_plain(const float* __restrict in, float* __restrict out, size_t i0, size_t i1) {
  for (size_t i = i0; i < i1; ++i) out[i] = in[i] > 0.f ? in[i] : 0.f;
}

void relu_backward(const float* __restrict g, const uint8_t* __restrict mask,
                   float* __restrict out, size_t i0, size_t i1) {
  // Bitwise: g where the mask is 1, +0 where it is 0 (a select of a byte
  // into a float lane does not vectorise in wasm; this and-mask does).
  for (size_t i = i0; i < i1; ++i) {
    uint32_t bits;
    std::memcpy(&bits, g + i, 4);
    bits &= 0u - uint32_t(mask[i]);
    std::memcpy(out + i, &bits, 4);
  }
}

}  // namespace

// One pass writes the output and, when training, the mask.
Tensor ReLU::forward(const Tensor& x, Mode mode) {
  Tensor y(x.shape());
  const size_t n = x.size();
  const float* in = x.data();
  float* out = y.data();
  if (caches_for_backward(mode)) {
    mask_.resize(n);
    uint8_t* mask = mask_.data();
    for_pieces(n, [&](size_t i0, size_t i1) { relu_with_mask(in, out, mask, i0, i1); });
  } else {
    for_pieces(n, [&](size_t i0, size_t i1) { relu_plain(in, out, i0, i1); });
  }
  return y;
}

Tensor ReLU::backward(const Tensor& dy) {
  if (dy.size() != mask_.size())
    throw Error(describe() + ": gradient of shape " + dy.shape().str() +
                " does not match the last training forward");
  Tensor dx(dy.shape());
  const float* g = dy.data();
  const uint8_t* mask = mask_.data();
  float* out = dx.data();
  for_pieces(dy.size(), [&](size_t i0, size_t i1) { relu_backward(g, mask, out, i0, i1); });
  return dx;
}

}  // namespace barnlab
