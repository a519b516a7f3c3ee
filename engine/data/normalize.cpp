// Per-channel normalization: statistics of a training subset, and the
// uint8 -> float conversion (p / 255 - mean) / std through a 256-entry table.
#include <cmath>
#include <mutex>
#include <string>
#include <vector>

#include "core/error.h"
#include "data/dataset.h"
#include "ops/parallel.h"

namespace barnlab {

Normalization compute_normalization(const Dataset& ds, const std::vector<int>& indices) {
  if (indices.empty()) throw Error("no images to compute the normalization from");
  const int channels = ds.channels;
  const size_t plane = size_t(ds.size) * ds.size;
  for (int i : indices)
    if (i < 0 || size_t(i) >= ds.count())
      throw Error("image index " + std::to_string(i) + " is outside the dataset of " +
                  std::to_string(ds.count()));
  // Integer sums are exact, so chunking cannot change the result.
  std::vector<uint64_t> sum(channels, 0), sq(channels, 0);
  std::mutex mu;
  parallel_for(int(indices.size()), [&](int begin, int end) {
    std::vector<uint64_t> s(channels, 0), q(channels, 0);
    for (int k = begin; k < end; ++k) {
      const uint8_t* p = ds.image(size_t(indices[k]));
      for (int c = 0; c < channels; ++c, p += plane) {
        uint64_t a = 0, b = 0;
        for (size_t j = 0; j < plane; ++j) {
          a += p[j];
          b += uint32_t(p[j]) * p[j];
        }
        s[c] += a;
        q[c] += b;
      }
    }
    std::lock_guard<std::mutex> lock(mu);
    for (int c = 0; c < channels; ++c) {
      sum[c] += s[c];
      sq[c] += q[c];
    }
  });
  Normalization norm;
  const double n = double(indices.size()) * double(plane);
  for (int c = 0; c < channels; ++c) {
    const double mean = double(sum[c]) / n / 255.0;
    const double var = std::max(0.0, double(sq[c]) / n / (255.0 * 255.0) - mean * mean);
    norm.mean.push_back(float(mean));
    norm.std.push_back(float(std::max(std::sqrt(var), 1e-3)));
  }
  return norm;
}

void normalize_image(const uint8_t* chw, int channels, int size, const Normalization& norm,
                     float* out) {
  if (int(norm.mean.size()) != channels || int(norm.std.size()) != channels)
    throw Error("the normalization has " + std::to_string(norm.mean.size()) +
                " channels but the images " + std::to_string(channels));
  const size_t plane = size_t(size) * size;
  float table[256];
  for (int c = 0; c < channels; ++c) {
    for (int p = 0; p < 256; ++p) table[p] = (float(p) / 255.f - norm.mean[c]) / norm.std[c];
    for (size_t j = 0; j < plane; ++j) out[j] = table[chw[j]];
    chw += plane;
    out += plane;
  }
}

}  // namespace barnlab
