// Datasets held as uint8 pixels, and everything between files and a float
// batch: decoding (stb_image), resizing, a class-per-folder loader, the IDX
// loader (Fashion-MNIST), a stratified split, per-channel normalization and
// per-batch augmentation.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/rng.h"
#include "core/tensor.h"
#include "data/normalization.h"

namespace barnlab {

// A decoded picture, interleaved h x w x channels (1, 3 or 4).
struct Image {
  int width = 0, height = 0, channels = 0;
  std::vector<uint8_t> pixels;
};

// Decodes JPEG/PNG/BMP/GIF bytes (a GIF's first frame) from memory; throws
// Error("not a readable image (JPEG/PNG expected): <reason>"), also for
// pictures above kMaxImagePixels. Grey+alpha comes back as grey.
Image decode_image(const uint8_t* bytes, size_t size);
Image load_image_file(const std::string& path);  // Error names the path
constexpr long long kMaxImagePixels = 100'000'000;

// Scales so the shorter side is `size` (area averaging when shrinking,
// bilinear when enlarging), then takes the centre size x size crop. Output is
// planar C x size x size with C = out_channels (1 or 3): grey is replicated
// to RGB, RGB becomes grey by luminance 0.299 R + 0.587 G + 0.114 B, alpha is
// dropped. The crop is the centred min(w,h) square of the source (offset
// rounded down), so an image already size x size is copied unchanged. The
// arithmetic is exact integer arithmetic with one round-half-up at the end,
// so native and WebAssembly builds give identical bytes.
std::vector<uint8_t> resize_square(const Image& img, int size, int out_channels);

// Images of one size, planar uint8 C x S x S each, with integer labels.
struct Dataset {
  int channels = 3, size = 64;
  std::vector<std::string> classes;
  std::vector<uint8_t> pixels;  // count() x channels x size x size
  std::vector<int> labels;

  size_t count() const { return labels.size(); }
  size_t image_bytes() const { return size_t(channels) * size * size; }
  const uint8_t* image(size_t i) const { return pixels.data() + i * image_bytes(); }
  void add(const uint8_t* chw, int label);  // requires image_bytes() bytes
  void remove(size_t i);
  std::vector<int> class_counts() const;
};

struct LoadReport {
  std::vector<std::string> warnings;  // one per skipped file, naming it
};

// DIR/<class>/<image files>, classes sorted by name. Unreadable files are
// skipped with a warning; a missing dir, fewer than two classes, or an empty
// class folder is an Error saying what to do. Image files are .jpg .jpeg
// .png .bmp .gif in any case, sorted by name; names starting with '.' (such
// as macOS "._x.jpg" files) are ignored. max_per_class > 0 keeps the first
// that many readable images of each class. Decodes in parallel; the result
// does not depend on the thread count.
Dataset load_image_folder(const std::string& dir, int size, LoadReport* report = nullptr,
                          int max_per_class = 0);

// Image files per class folder of dir (as load_image_folder would list them,
// at most max_per_class when > 0), without decoding: for choosing a preset
// before loading. Throws Error when dir cannot be listed.
std::vector<int> count_image_files(const std::string& dir, int max_per_class = 0);

// IDX files (idx3-ubyte images of square pictures, idx1-ubyte labels).
// Gzip'ed files are decompressed natively; in WebAssembly they are an Error
// saying to gunzip. Fashion-MNIST class names when 10 classes, else "0".."K-1".
Dataset load_idx(const std::string& images_path, const std::string& labels_path);
// The same from the two files' bytes (not gzip'ed); the names are only for
// the messages.
Dataset load_idx_bytes(const std::vector<uint8_t>& images, const std::vector<uint8_t>& labels,
                       const std::string& images_name, const std::string& labels_name);
// Loads Fashion-MNIST train or test split from dir (Debian's
// /usr/share/datasets/fashion-mnist by default), accepting .gz files by
// decompressing them with zlib if present, else Error.
Dataset load_fashion_mnist(const std::string& dir, bool train);
extern const char* const kFashionMnistDir;

struct Split {
  std::vector<int> train, val;
};
// Per class, round(val_share * count) samples (at least 1 when the class has
// 2 or more and val_share > 0, never all of a class) go to validation;
// deterministic in seed. Both lists are in ascending index order.
Split stratified_split(const std::vector<int>& labels, int num_classes, float val_share,
                       uint64_t seed);

// Per-channel mean and (population) std of pixels scaled to [0,1], computed
// on a subset; std is at least 1e-3.
Normalization compute_normalization(const Dataset& ds, const std::vector<int>& indices);

struct AugmentConfig {
  bool flip = false;        // random horizontal flip, p = 0.5
  int crop_pad = 0;         // random crop from the image padded by this many px
  float brightness = 0.f;   // add uniform(-b, b) (in [0,1] pixel units)
  float contrast = 0.f;     // scale around the mean by uniform(1-c, 1+c)
  // Random-resized crop (Inception's, as torchvision's RandomResizedCrop):
  // a window of uniform(min_scale, 1) of the area and log-uniform aspect
  // ratio in [3/4, 4/3], scaled back to the full size (bilinear). 0 = off;
  // replaces crop_pad when on.
  float min_scale = 0.f;
  float saturation = 0.f;   // mix with the grey image by uniform(1-s, 1+s) (3 channels)
  // Random erasing (Zhong et al. 2017; cutout with a random rectangle): with
  // this probability, after the other changes, a rectangle of 2-25% of the
  // area and aspect ratio in [0.3, 3.3] (log-uniform) is set to pad (the
  // normalization mean, 0 once normalized). 0 = off.
  float erase = 0.f;
  bool any() const {
    return flip || crop_pad > 0 || brightness > 0 || contrast > 0 || min_scale > 0 ||
           saturation > 0 || erase > 0;
  }
};

// The "strong" recipe: random-resized crop from 35% of the area, flip,
// brightness, contrast and saturation 0.3.
AugmentConfig strong_augmentation();

// One image's random augmentation, drawn in this order: flip, crop offsets
// (x then y, each in [-crop_pad, crop_pad]), brightness, contrast, then
// (only when enabled) the resized-crop window (scale, log aspect, x, y),
// saturation and the erasing (chance, area, log aspect, x, y), so
// configurations without them draw what they always drew.
struct AugmentDraw {
  bool flip = false;
  int dx = 0, dy = 0;  // output(y, x) = flipped input(y + dy, x + dx)
  float brightness = 0.f, contrast = 1.f;
  bool resized = false;         // crop window instead of the shift
  float x0 = 0, y0 = 0, w = 0, h = 0;  // window in source pixels
  float saturation = 1.f;
  bool erase = false;            // erase [ex0, ex1) x [ey0, ey1) of the unit square
  float ex0 = 0, ey0 = 0, ex1 = 0, ey1 = 0;
};
AugmentDraw draw_augment(const AugmentConfig& config, Rng& rng);

// in, out: C x S x S values in [0,1]. Pixels shifted in from outside take
// pad[c] (the normalization mean, so 0 once normalized); the others become
// clamp(m + (v - m) * contrast + brightness, 0, 1) with m the mean of `in`.
void augment_image(const float* in, int channels, int size, const AugmentDraw& d,
                   const float* pad, float* out);

// Fills x (count x C x S x S float, normalized) and labels for
// indices[begin, end). With augment non-null, each image is augmented with
// draws from rng, all drawn first in image order, so the batch depends only
// on the rng's state, not on the thread count. Parallel over images.
void make_batch(const Dataset& ds, const std::vector<int>& indices, size_t begin, size_t end,
                const Normalization& norm, const AugmentConfig* augment, Rng* rng, Tensor& x,
                std::vector<int>& labels);

// Converts one planar uint8 image into a normalized 1 x C x S x S tensor slot.
void normalize_image(const uint8_t* chw, int channels, int size, const Normalization& norm,
                     float* out);

}  // namespace barnlab
