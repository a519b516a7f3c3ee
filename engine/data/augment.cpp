// Per-image augmentation on [0,1] values: a horizontal flip, a shift that
// is a random crop of the image padded by crop_pad, and brightness and
// contrast changes. The random draws are separate (draw_augment) from the
// pixel work (augment_image) so a batch can draw sequentially and then
// fill its images in parallel.
#include <algorithm>

#include "data/dataset.h"

namespace barnlab {

AugmentDraw draw_augment(const AugmentConfig& config, Rng& rng) {
  AugmentDraw d;
  if (config.flip) d.flip = rng.uniform() < 0.5f;
  if (config.crop_pad > 0) {
    const uint32_t span = 2 * uint32_t(config.crop_pad) + 1;
    d.dx = int(rng.below(span)) - config.crop_pad;
    d.dy = int(rng.below(span)) - config.crop_pad;
  }
  if (config.brightness > 0) d.brightness = rng.uniform(-config.brightness, config.brightness);
  if (config.contrast > 0) d.contrast = rng.uniform(1.f - config.contrast, 1.f + config.contrast);
  return d;
}

// in, out: C x S x S.
void augment_image(const float* in, int channels, int size, const AugmentDraw& d,
                   const float* pad, float* out) {
  const size_t plane = size_t(size) * size;
  const bool photometric = d.brightness != 0.f || d.contrast != 1.f;
  float mean = 0.f;
  if (photometric) {
    double sum = 0;
    for (size_t i = 0; i < plane * channels; ++i) sum += in[i];
    mean = float(sum / double(plane * channels));
  }
  for (int c = 0; c < channels; ++c) {
    const float* src = in + c * plane;
    float* dst = out + c * plane;
    for (int y = 0; y < size; ++y) {
      const int sy = y + d.dy;
      for (int x = 0; x < size; ++x) {
        const int sx = x + d.dx;
        float& o = dst[size_t(y) * size + x];
        if (sy < 0 || sy >= size || sx < 0 || sx >= size) {
          o = pad[c];
          continue;
        }
        const float v = src[size_t(sy) * size + (d.flip ? size - 1 - sx : sx)];
        o = photometric ? std::min(1.f, std::max(0.f, mean + (v - mean) * d.contrast + d.brightness))
                        : v;
      }
    }
  }
}

}  // namespace barnlab
