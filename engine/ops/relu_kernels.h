// The ReLU's elementwise loops, shared by the ReLU layer and the layers that
// compute a following ReLU in their own output pass (run-time fusion,
// model/model.cpp). Pointers are declared unaliased so that the loops
// vectorise, for wasm too; each works on [0, n) and gives the same bits at
// any split of the range.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

namespace barnlab {

// out = max(in, 0); mask = in > 0.
void relu_with_mask(const float* __restrict in, float* __restrict out,
                    uint8_t* __restrict mask, size_t n);
// out = max(in, 0).
void relu_plain(const float* __restrict in, float* __restrict out, size_t n);
// y = max(y, 0) in place, and mask = y > 0 unless mask is null.
void relu_in_place(float* __restrict y, uint8_t* __restrict mask, size_t n);
// g where the mask byte is 1, +0 where it is 0, by bits: a select of a
// byte into a float lane does not vectorise in wasm; this and-mask does.
inline float relu_masked(float g, uint8_t mask) {
  uint32_t bits;
  std::memcpy(&bits, &g, 4);
  bits &= 0u - uint32_t(mask);
  std::memcpy(&g, &bits, 4);
  return g;
}

// out = g where mask is 1, +0 where it is 0 (ReLU's backward).
void relu_mask_gradient(const float* __restrict g, const uint8_t* __restrict mask,
                        float* __restrict out, size_t n);

// The sum of p[0, n) in one fixed order, the same in every build and at
// every alignment: 16 interleaved lanes, combined pairwise, then the tail
// of fewer than 16. It vectorises where a single running sum cannot.
float sum_lanes(const float* __restrict p, size_t n);
// relu_mask_gradient that also returns the sum of out, in sum_lanes' order
// (a convolution's bias gradient in the same pass as its fused ReLU's).
float relu_mask_gradient_sum(const float* __restrict g, const uint8_t* __restrict mask,
                             float* __restrict out, size_t n);

}  // namespace barnlab
