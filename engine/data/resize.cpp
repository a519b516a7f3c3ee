// resize_square: shorter side to `size`, centre crop, channel conversion.
// Everything is integer arithmetic. A source value is an integer sample
// times K (K = 1000 for luminance, whose weights are 299/587/114, else 1);
// shrinking weighs source pixels by their exact overlap with the output
// pixel in units of 1/size source pixel, enlarging interpolates at pixel
// centres with weights in units of 1/(2 size). One rounding at the end.
#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "core/error.h"
#include "data/dataset.h"

namespace barnlab {
namespace {

struct Source {
  const Image& img;
  int x0, y0, m;  // the centred m x m square
  bool luminance;
  int64_t scale;  // K

  // Fills row[0, m) with the values of plane c in crop row y.
  void row(int c, int y, std::vector<int32_t>& out) const {
    const int n = img.channels;
    const uint8_t* p = img.pixels.data() + (size_t(y0 + y) * img.width + x0) * n;
    if (luminance) {
      for (int x = 0; x < m; ++x, p += n) out[x] = 299 * p[0] + 587 * p[1] + 114 * p[2];
    } else {
      p += c;
      for (int x = 0; x < m; ++x, p += n) out[x] = *p;
    }
  }
};

// Box filter for m >= S. Source index i covers [i S, (i+1) S), output o
// covers [o m, (o+1) m): each source pixel falls in at most two outputs.
void shrink(const Source& src, int c, int S, uint8_t* out) {
  const int m = src.m;
  std::vector<int> o1(m), w1(m);
  for (int i = 0; i < m; ++i) {
    o1[i] = int(int64_t(i) * S / m);
    w1[i] = int(std::min<int64_t>(int64_t(i + 1) * S, int64_t(o1[i] + 1) * m) - int64_t(i) * S);
  }
  std::vector<int32_t> row(m);
  std::vector<int64_t> h(S), acc(size_t(S) * S, 0);
  for (int y = 0; y < m; ++y) {
    src.row(c, y, row);
    std::fill(h.begin(), h.end(), 0);
    for (int i = 0; i < m; ++i) {
      h[o1[i]] += int64_t(w1[i]) * row[i];
      if (w1[i] < S) h[o1[i] + 1] += int64_t(S - w1[i]) * row[i];
    }
    int64_t* a = acc.data() + size_t(o1[y]) * S;
    for (int x = 0; x < S; ++x) a[x] += w1[y] * h[x];
    if (w1[y] < S) {
      a += S;
      const int64_t w = S - w1[y];
      for (int x = 0; x < S; ++x) a[x] += w * h[x];
    }
  }
  const int64_t d = src.scale * m * m;
  for (size_t i = 0; i < acc.size(); ++i) out[i] = uint8_t((acc[i] + d / 2) / d);
}

// Bilinear for m < S: output o samples source position
// ((2o + 1) m - S) / (2S), clamped to [0, m - 1].
void enlarge(const Source& src, int c, int S, uint8_t* out) {
  const int m = src.m;
  const int64_t den = 2 * int64_t(S);
  std::vector<int> i0(S), i1(S);
  std::vector<int64_t> f(S);
  for (int o = 0; o < S; ++o) {
    const int64_t n = int64_t(2 * o + 1) * m - S;
    int64_t i = n <= 0 ? 0 : n / den, fr = n <= 0 ? 0 : n % den;
    if (i >= m - 1) {
      i = m - 1;
      fr = 0;
    }
    i0[o] = int(i);
    i1[o] = int(std::min<int64_t>(i + 1, m - 1));
    f[o] = fr;
  }
  // Horizontally interpolated rows, computed once per source row.
  std::vector<int64_t> rows(size_t(m) * S);
  std::vector<int32_t> row(m);
  for (int y = 0; y < m; ++y) {
    src.row(c, y, row);
    int64_t* r = rows.data() + size_t(y) * S;
    for (int x = 0; x < S; ++x) r[x] = (den - f[x]) * row[i0[x]] + f[x] * row[i1[x]];
  }
  const int64_t d = src.scale * den * den;
  for (int y = 0; y < S; ++y) {
    const int64_t* a = rows.data() + size_t(i0[y]) * S;
    const int64_t* b = rows.data() + size_t(i1[y]) * S;
    for (int x = 0; x < S; ++x)
      out[size_t(y) * S + x] = uint8_t(((den - f[y]) * a[x] + f[y] * b[x] + d / 2) / d);
  }
}

}  // namespace

std::vector<uint8_t> resize_square(const Image& img, int size, int out_channels) {
  if (size < 1 || size > 4096) throw Error("image size must be 1 to 4096 pixels, not " + std::to_string(size));
  if (out_channels != 1 && out_channels != 3)
    throw Error("images must have 1 or 3 channels, not " + std::to_string(out_channels));
  if ((img.channels != 1 && img.channels != 3 && img.channels != 4) || img.width < 1 ||
      img.height < 1 ||
      img.pixels.size() != size_t(img.width) * size_t(img.height) * size_t(img.channels))
    throw Error("resize_square: malformed image (" + std::to_string(img.width) + " x " +
                std::to_string(img.height) + " x " + std::to_string(img.channels) + ")");
  const int m = std::min(img.width, img.height);
  const bool luminance = out_channels == 1 && img.channels >= 3;
  const Source src{img, (img.width - m) / 2, (img.height - m) / 2, m, luminance,
                   luminance ? 1000 : 1};
  const size_t plane = size_t(size) * size;
  std::vector<uint8_t> out(plane * out_channels);
  const int planes = img.channels == 1 ? 1 : out_channels;
  for (int c = 0; c < planes; ++c) {
    if (m >= size)
      shrink(src, c, size, out.data() + c * plane);
    else
      enlarge(src, c, size, out.data() + c * plane);
  }
  for (int c = planes; c < out_channels; ++c)
    std::copy(out.begin(), out.begin() + plane, out.begin() + c * plane);
  return out;
}

}  // namespace barnlab
