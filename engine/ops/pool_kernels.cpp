#include "ops/pool_kernels.h"

#include <algorithm>
#include <cstring>

namespace barnlab {
namespace {

inline float relu(float v) { return v > 0.f ? v : 0.f; }  // as ops/relu_kernels.h

// Each pair's maximum, then the better pair (max(a, b): b if a < b).
template <bool kRelu>
void pool_rows(const float* __restrict in, int w, int oh, int ow, float* __restrict out,
               uint16_t* __restrict arg, uint8_t* __restrict positive) {
  for (int oy = 0; oy < oh; ++oy) {
    const float* r0 = in + size_t(2 * oy) * w;
    const float* r1 = r0 + w;
    float* o = out + size_t(oy) * ow;
    uint16_t* a = arg + size_t(oy) * ow;
    for (int ox = 0; ox < ow; ++ox) {
      float v0 = r0[2 * ox], v1 = r0[2 * ox + 1], v2 = r1[2 * ox], v3 = r1[2 * ox + 1];
      if (kRelu) v0 = relu(v0), v1 = relu(v1), v2 = relu(v2), v3 = relu(v3);
      const int b01 = v1 > v0, b23 = v3 > v2;
      const float top = std::max(v0, v1), bottom = std::max(v2, v3);
      const int low = bottom > top;
      o[ox] = std::max(top, bottom);
      a[ox] = uint16_t(b01 + low * (2 + b23 - b01));
    }
    if (kRelu && positive)
      for (int ox = 0; ox < ow; ++ox) positive[size_t(oy) * ow + ox] = o[ox] > 0.f;
  }
}

// The row of window half `half` (0: top, 1: bottom) of each window of an
// output row: g at the argmax, +0 elsewhere, by bit masks (a select per
// element compiles to branches that the random argmax mispredicts: 5x
// slower); with kMasked, g only where positive is 1. One row per loop, so
// that the vectoriser sees one store stream (with two rows w apart in one
// loop, `perf` found the loop's scalar version the hot one).
template <bool kMasked>
void unpool_half_row(const float* __restrict g, const uint16_t* __restrict arg,
                     const uint8_t* __restrict positive, int ow, uint32_t half,
                     float* __restrict row) {
  for (int ox = 0; ox < ow; ++ox) {
    uint32_t v;
    std::memcpy(&v, g + ox, 4);
    if (kMasked) v &= 0u - uint32_t(positive[ox]);
    const uint32_t k = arg[ox];
    const uint32_t left = v & (0u - uint32_t(k == 2 * half));
    const uint32_t right = v & (0u - uint32_t(k == 2 * half + 1));
    std::memcpy(row + 2 * ox, &left, 4);
    std::memcpy(row + 2 * ox + 1, &right, 4);
  }
}

template <bool kMasked>
void unpool_rows(const float* g, const uint16_t* arg, const uint8_t* positive, int oh, int ow,
                 size_t w, float* out) {
  for (int oy = 0; oy < oh; ++oy) {
    const size_t at = size_t(oy) * ow;
    for (uint32_t half = 0; half < 2; ++half)
      unpool_half_row<kMasked>(g + at, arg + at, kMasked ? positive + at : nullptr, ow, half,
                               out + (size_t(2 * oy) + half) * w);
  }
}

}  // namespace

void pool2x2(const float* in, int w, int oh, int ow, float* out, uint16_t* arg) {
  pool_rows<false>(in, w, oh, ow, out, arg, nullptr);
}

void relu_pool2x2(const float* in, int w, int oh, int ow, float* out, uint16_t* arg,
                  uint8_t* positive) {
  pool_rows<true>(in, w, oh, ow, out, arg, positive);
}

void unpool2x2(const float* g, const uint16_t* arg, int oh, int ow, float* out) {
  unpool_rows<false>(g, arg, nullptr, oh, ow, size_t(2) * ow, out);
}

void unpool2x2_relu(const float* g, const uint16_t* arg, const uint8_t* positive, int oh,
                    int ow, int h, int w, float* out) {
  if (h == 2 * oh && w == 2 * ow) {
    unpool_rows<true>(g, arg, positive, oh, ow, size_t(w), out);
    return;
  }
  std::fill(out, out + size_t(h) * w, 0.f);
  for (int oy = 0; oy < oh; ++oy)
    for (int ox = 0; ox < ow; ++ox) {
      const int q = oy * ow + ox, k = arg[q];
      float& at = out[size_t(2 * oy + (k >> 1)) * w + 2 * ox + (k & 1)];
      at += g[q];  // 0 + g, as MaxPool2D's general path (-0 becomes +0)
      uint32_t bits;
      std::memcpy(&bits, &at, 4);
      bits &= 0u - uint32_t(positive[q]);
      std::memcpy(&at, &bits, 4);
    }
}

}  // namespace barnlab
