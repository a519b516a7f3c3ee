#include "ops/relu_kernels.h"

#include <cstring>

namespace barnlab {
namespace {

constexpr size_t kLanes = 16;

// The gradient g where the mask byte is 1 and +0 where it is 0, as bits.
inline float masked_value(float g, uint8_t mask) {
  uint32_t bits;
  std::memcpy(&bits, &g, 4);
  bits &= 0u - uint32_t(mask);
  float out;
  std::memcpy(&out, &bits, 4);
  return out;
}

// The lanes of sum_lanes, combined pairwise, then the tail.
float combine(float* acc, float tail) {
  for (size_t width = kLanes / 2; width > 0; width /= 2)
    for (size_t l = 0; l < width; ++l) acc[l] += acc[l + width];
  return acc[0] + tail;
}

}  // namespace

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

float sum_lanes(const float* __restrict p, size_t n) {
  float acc[kLanes] = {};
  size_t i = 0;
  for (; i + kLanes <= n; i += kLanes)
    for (size_t l = 0; l < kLanes; ++l) acc[l] += p[i + l];
  float tail = 0.f;
  for (; i < n; ++i) tail += p[i];
  return combine(acc, tail);
}

float relu_mask_gradient_sum(const float* __restrict g, const uint8_t* __restrict mask,
                             float* __restrict out, size_t n) {
  float acc[kLanes] = {};
  size_t i = 0;
  for (; i + kLanes <= n; i += kLanes)
    for (size_t l = 0; l < kLanes; ++l) {
      const float v = masked_value(g[i + l], mask[i + l]);
      out[i + l] = v;
      acc[l] += v;
    }
  float tail = 0.f;
  for (; i < n; ++i) {
    out[i] = masked_value(g[i], mask[i]);
    tail += out[i];
  }
  return combine(acc, tail);
}

}  // namespace barnlab
