// make_batch: gathers indices[begin, end) of a Dataset into a normalized
// float batch, augmenting when asked. Random numbers are drawn first, in
// image order; the images are then filled in parallel.
#include <string>
#include <vector>

#include "core/error.h"
#include "data/dataset.h"
#include "ops/parallel.h"

namespace barnlab {

void make_batch(const Dataset& ds, const std::vector<int>& indices, size_t begin, size_t end,
                const Normalization& norm, const AugmentConfig* augment, Rng* rng, Tensor& x,
                std::vector<int>& labels) {
  if (begin > end || end > indices.size())
    throw Error("batch [" + std::to_string(begin) + ", " + std::to_string(end) +
                ") is outside the " + std::to_string(indices.size()) + " indices");
  const int C = ds.channels, S = ds.size;
  if (int(norm.mean.size()) != C || int(norm.std.size()) != C)
    throw Error("the normalization has " + std::to_string(norm.mean.size()) +
                " channels but the images " + std::to_string(C));
  const size_t n = end - begin;
  for (size_t i = begin; i < end; ++i)
    if (indices[i] < 0 || size_t(indices[i]) >= ds.count())
      throw Error("image index " + std::to_string(indices[i]) + " is outside the dataset of " +
                  std::to_string(ds.count()));
  x.resize(Shape{int(n), C, S, S});
  labels.resize(n);
  for (size_t i = 0; i < n; ++i) labels[i] = ds.labels[size_t(indices[begin + i])];
  const size_t sample = ds.image_bytes();

  if (!augment || !augment->any()) {
    parallel_for(int(n), [&](int b, int e) {
      for (int i = b; i < e; ++i)
        normalize_image(ds.image(size_t(indices[begin + i])), C, S, norm, x.data() + i * sample);
    });
    return;
  }
  if (!rng) throw Error("make_batch: augmentation needs a random generator");
  std::vector<AugmentDraw> draws(n);
  for (auto& d : draws) d = draw_augment(*augment, *rng);
  parallel_for(int(n), [&](int b, int e) {
    std::vector<float> in(sample), out(sample);
    for (int i = b; i < e; ++i) {
      const uint8_t* p = ds.image(size_t(indices[begin + i]));
      for (size_t j = 0; j < sample; ++j) in[j] = float(p[j]) / 255.f;
      augment_image(in.data(), C, S, draws[i], norm.mean.data(), out.data());
      float* dst = x.data() + i * sample;
      const size_t plane = size_t(S) * S;
      for (int c = 0; c < C; ++c)
        for (size_t j = 0; j < plane; ++j)
          dst[c * plane + j] = (out[c * plane + j] - norm.mean[c]) / norm.std[c];
    }
  });
}

}  // namespace barnlab
