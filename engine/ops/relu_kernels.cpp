#include "ops/relu_kernels.h"

namespace barnlab {
namespace {

constexpr size_t kLanes = 16;

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
  for (size_t i = 0; i < n; ++i) out[i] = relu_masked(g[i], mask[i]);
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
      const float v = relu_masked(g[i + l], mask[i + l]);
      out[i + l] = v;
      acc[l] += v;
    }
  float tail = 0.f;
  for (; i < n; ++i) {
    out[i] = relu_masked(g[i], mask[i]);
    tail += out[i];
  }
  return combine(acc, tail);
}

}  // namespace barnlab
