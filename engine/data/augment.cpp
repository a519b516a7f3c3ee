// Per-image augmentation on [0,1] values: a horizontal flip, a shift that
// is a random crop of the image padded by crop_pad or a random-resized crop,
// brightness, contrast and saturation changes, then random erasing. The
// random draws are separate (draw_augment) from the pixel work
// (augment_image) so a batch can draw sequentially and then fill its images
// in parallel.
#include <algorithm>
#include <cmath>

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
  if (config.min_scale > 0) {
    // Drawn on the unit square; augment_image scales it to the image.
    const float area = rng.uniform(std::min(config.min_scale, 1.f), 1.f);
    const float log_ratio = rng.uniform(std::log(3.f / 4.f), std::log(4.f / 3.f));
    const float ratio = std::exp(log_ratio);
    d.w = std::min(1.f, std::sqrt(area * ratio));
    d.h = std::min(1.f, std::sqrt(area / ratio));
    d.x0 = rng.uniform() * (1.f - d.w);
    d.y0 = rng.uniform() * (1.f - d.h);
    d.resized = true;
    d.dx = d.dy = 0;
  }
  if (config.saturation > 0)
    d.saturation = rng.uniform(1.f - config.saturation, 1.f + config.saturation);
  if (config.erase > 0) {
    // All five numbers are drawn whether or not this image is erased, so one
    // image's outcome does not shift the next image's draws.
    const float chance = rng.uniform();
    const float area = rng.uniform(0.02f, 0.25f);
    const float ratio = std::exp(rng.uniform(std::log(0.3f), std::log(3.3f)));
    const float w = std::min(1.f, std::sqrt(area * ratio)), h = std::min(1.f, std::sqrt(area / ratio));
    const float fx = rng.uniform(), fy = rng.uniform();
    d.erase = chance < config.erase;
    d.ex0 = fx * (1.f - w);
    d.ey0 = fy * (1.f - h);
    d.ex1 = d.ex0 + w;
    d.ey1 = d.ey0 + h;
  }
  return d;
}

AugmentConfig strong_augmentation() {
  AugmentConfig a;
  a.flip = true;
  a.min_scale = 0.35f;
  a.brightness = 0.3f;
  a.contrast = 0.3f;
  a.saturation = 0.3f;
  return a;
}

namespace {

// The resized-crop window of d (unit square) resampled bilinearly to
// size x size, flipped if d says so. in, out: C x S x S.
void resized_crop(const float* in, int channels, int size, const AugmentDraw& d, float* out) {
  const size_t plane = size_t(size) * size;
  const float S = float(size);
  // Output pixel centre (x + 0.5) / S maps to x0 + (x + 0.5) / S * w of the
  // unit square, i.e. source pixel coordinate that * S - 0.5.
  auto source = [&](int i, float start, float extent) {
    const float f = (start + (float(i) + 0.5f) / S * extent) * S - 0.5f;
    return std::min(S - 1.f, std::max(0.f, f));
  };
  for (int y = 0; y < size; ++y) {
    const float fy = source(y, d.y0, d.h);
    const int y0 = int(fy), y1 = std::min(size - 1, y0 + 1);
    const float ty = fy - float(y0);
    for (int x = 0; x < size; ++x) {
      const float fx = source(d.flip ? size - 1 - x : x, d.x0, d.w);
      const int x0 = int(fx), x1 = std::min(size - 1, x0 + 1);
      const float tx = fx - float(x0);
      for (int c = 0; c < channels; ++c) {
        const float* s = in + c * plane;
        const float top = s[size_t(y0) * size + x0] * (1 - tx) + s[size_t(y0) * size + x1] * tx;
        const float bot = s[size_t(y1) * size + x0] * (1 - tx) + s[size_t(y1) * size + x1] * tx;
        out[c * plane + size_t(y) * size + x] = top * (1 - ty) + bot * ty;
      }
    }
  }
}

}  // namespace

namespace {

// Brightness, contrast and saturation of a C x S x S image in place, clamped
// to [0,1]; contrast and brightness as in augment_image, saturation mixes
// each pixel with its grey value (3 channels only).
void colour_jitter(float* img, int channels, int size, const AugmentDraw& d) {
  const size_t plane = size_t(size) * size;
  if (d.saturation != 1.f && channels == 3) {
    for (size_t i = 0; i < plane; ++i) {
      const float g = 0.299f * img[i] + 0.587f * img[plane + i] + 0.114f * img[2 * plane + i];
      for (int c = 0; c < 3; ++c) img[c * plane + i] = g + (img[c * plane + i] - g) * d.saturation;
    }
  }
  if (d.brightness == 0.f && d.contrast == 1.f && d.saturation == 1.f) return;
  double sum = 0;
  for (size_t i = 0; i < plane * channels; ++i) sum += img[i];
  const float mean = float(sum / double(plane * channels));
  for (size_t i = 0; i < plane * channels; ++i)
    img[i] = std::min(1.f, std::max(0.f, mean + (img[i] - mean) * d.contrast + d.brightness));
}

}  // namespace

namespace {

// The erased rectangle of d, in pixels [x0, x1) x [y0, y1) (at least one
// pixel each way), set to pad[c] in out (C x S x S).
void erase_rect(float* out, int channels, int size, const AugmentDraw& d, const float* pad) {
  const float S = float(size);
  const int x0 = std::min(size - 1, int(d.ex0 * S)), y0 = std::min(size - 1, int(d.ey0 * S));
  const int x1 = std::max(x0 + 1, std::min(size, int(std::lround(d.ex1 * S))));
  const int y1 = std::max(y0 + 1, std::min(size, int(std::lround(d.ey1 * S))));
  const size_t plane = size_t(size) * size;
  for (int c = 0; c < channels; ++c)
    for (int y = y0; y < y1; ++y)
      std::fill(out + c * plane + size_t(y) * size + x0, out + c * plane + size_t(y) * size + x1, pad[c]);
}

// Everything augment_image does but the erasing.
void transform_image(const float* in, int channels, int size, const AugmentDraw& d,
                     const float* pad, float* out);

}  // namespace

// in, out: C x S x S.
void augment_image(const float* in, int channels, int size, const AugmentDraw& d,
                   const float* pad, float* out) {
  transform_image(in, channels, size, d, pad, out);
  if (d.erase) erase_rect(out, channels, size, d, pad);
}

namespace {

void transform_image(const float* in, int channels, int size, const AugmentDraw& d,
                     const float* pad, float* out) {
  const size_t plane = size_t(size) * size;
  if (d.resized || d.saturation != 1.f) {
    if (d.resized) {
      resized_crop(in, channels, size, d, out);
    } else {
      AugmentDraw shift = d;
      shift.brightness = 0.f;
      shift.contrast = shift.saturation = 1.f;
      transform_image(in, channels, size, shift, pad, out);
    }
    colour_jitter(out, channels, size, d);
    return;
  }
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

}  // namespace

}  // namespace barnlab
