#include "ops/relu_kernels.h"

#include <cstring>

namespace barnlab {

void relu_with_mask(const float* __restrict in, float* __restrict out,
                    uint8_t* __restrict mask, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    const bool positive = in[i] > 0.f;
    out[i] = positive ? in[i] : 0.f;
    mask[i] = positive;
  }
}

void relu_plain(const float* __restrict in, float* __restrict out, size_t n) {
  for (size_t i = 0; i < n; ++i) out[i] = in[i] > 0.f ? in[i] : 0.f;
}

void relu_in_place(float* __restrict y, uint8_t* __restrict mask, size_t n) {
  if (!mask) {
    for (size_t i = 0; i < n; ++i) y[i] = y[i] > 0.f ? y[i] : 0.f;
    return;
  }
  for (size_t i = 0; i < n; ++i) {
    const bool positive = y[i] > 0.f;
    y[i] = positive ? y[i] : 0.f;
    mask[i] = positive;
  }
}

void relu_mask_gradient(const float* __restrict g, const uint8_t* __restrict mask,
                        float* __restrict out, size_t n) {
  // Bitwise: a select of a byte into a float lane does not vectorise in
  // wasm; this and-mask does.
  for (size_t i = 0; i < n; ++i) {
    uint32_t bits;
    std::memcpy(&bits, g + i, 4);
    bits &= 0u - uint32_t(mask[i]);
    std::memcpy(out + i, &bits, 4);
  }
}

}  // namespace barnlab
