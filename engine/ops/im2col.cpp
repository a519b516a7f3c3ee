// im2col / col2im over a whole batch (layout in ops/im2col.h). Each image owns
// a disjoint block of columns in col and a disjoint slice of x/dx, so the
// images are split over the thread pool without any synchronisation.
#include "ops/im2col.h"

#include <algorithm>
#include <string>

#include "core/error.h"
#include "ops/parallel.h"

namespace barnlab {
namespace {

// The output columns ox whose input column ox*S - P + j lies inside [0, w):
// [first, last). Hoisting this out of the inner loops leaves branch-free,
// vectorisable copies.
void valid_range(const ConvGeometry& g, int j, int* first, int* last) {
  const int lo = g.pad - j;  // ox*S >= lo
  const int hi = g.w + g.pad - j;  // ox*S < hi
  *first = lo <= 0 ? 0 : (lo + g.stride - 1) / g.stride;
  *last = hi <= 0 ? 0 : std::min(g.ow, (hi + g.stride - 1) / g.stride);
  if (*first > *last) *first = *last;
}

// In a stride-1 "same" column-matrix row (OH x OW), the columns outside
// [first, last) of output rows [oy0, oy1), which a shifted-plane copy or
// add would wrap to a neighbouring image row, set to 0 a column at a time
// down the rows: they are one or two floats a row, where a fill per row
// costs a library call each.
void zero_wrapped_columns(float* row0, const ConvGeometry& g, int oy0, int oy1, int first,
                          int last) {
  auto zero_column = [&](int ox) {
    for (int oy = oy0; oy < oy1; ++oy) row0[size_t(oy) * g.ow + ox] = 0.f;
  };
  for (int ox = 0; ox < first; ++ox) zero_column(ox);
  for (int ox = last; ox < g.ow; ++ox) zero_column(ox);
}

}  // namespace

int conv_out_size(int in, int k, int stride, int pad) {
  if (k < 1 || stride < 1 || pad < 0)
    throw Error("window " + std::to_string(k) + " stride " + std::to_string(stride) + " pad " +
                std::to_string(pad) + " is invalid");
  if (in + 2 * pad < k)
    throw Error("window " + std::to_string(k) + " does not fit size " + std::to_string(in) +
                " with padding " + std::to_string(pad));
  return (in + 2 * pad - k) / stride + 1;
}

ConvGeometry ConvGeometry::make(int c, int h, int w, int kh, int kw, int stride, int pad) {
  ConvGeometry g;
  g.c = c, g.h = h, g.w = w, g.kh = kh, g.kw = kw, g.stride = stride, g.pad = pad;
  g.oh = conv_out_size(h, kh, stride, pad);
  g.ow = conv_out_size(w, kw, stride, pad);
  return g;
}

// img: C x H x W -> its OH*OW columns, rows ld apart
void im2col_image(const float* img, const ConvGeometry& g, float* col, size_t ld) {
  // Stride 1 with OW == W ("same" padding): a column-matrix row is the plane
  // shifted by (i - P) * W + (j - P), so the output rows whose input row
  // exists are one contiguous copy; the columns that wrapped around to a
  // neighbouring row are then zeroed.
  const bool shifted_plane = g.stride == 1 && g.ow == g.w;
  for (int c = 0; c < g.c; ++c)
    for (int i = 0; i < g.kh; ++i)
      for (int j = 0; j < g.kw; ++j) {
        const size_t r = (size_t(c) * g.kh + i) * g.kw + j;
        float* out = col + r * ld;
        const float* plane = img + size_t(c) * g.h * g.w;
        int first, last;
        valid_range(g, j, &first, &last);
        if (shifted_plane) {
          const int oy0 = std::max(0, g.pad - i), oy1 = std::min(g.oh, g.h + g.pad - i);
          if (oy0 >= oy1 || first >= last) {
            std::fill(out, out + size_t(g.oh) * g.ow, 0.f);
            continue;
          }
          const long shift = long(i - g.pad) * g.w + (j - g.pad);
          const size_t begin = size_t(oy0) * g.ow + first, end = size_t(oy1 - 1) * g.ow + last;
          std::fill(out, out + begin, 0.f);
          std::copy(plane + long(begin) + shift, plane + long(end) + shift, out + begin);
          std::fill(out + end, out + size_t(g.oh) * g.ow, 0.f);
          zero_wrapped_columns(out, g, oy0, oy1, first, last);
          continue;
        }
        for (int oy = 0; oy < g.oh; ++oy, out += g.ow) {
          const int iy = oy * g.stride - g.pad + i;
          if (iy < 0 || iy >= g.h) {
            std::fill(out, out + g.ow, 0.f);
            continue;
          }
          // Input column of output column ox: ox*S + off (in range for ox in [first, last)).
          const float* row = plane + size_t(iy) * g.w;
          const int off = j - g.pad;
          std::fill(out, out + first, 0.f);
          if (g.stride == 1)
            std::copy(row + first + off, row + last + off, out + first);
          else
            for (int ox = first; ox < last; ++ox) out[ox] = row[ox * g.stride + off];
          std::fill(out + last, out + g.ow, 0.f);
        }
      }
}

// its OH*OW columns, rows ld apart -> img: C x H x W
void col2im_image(const float* col, size_t ld, const ConvGeometry& g, float* img) {
  std::fill(img, img + size_t(g.c) * g.h * g.w, 0.f);
  for (int c = 0; c < g.c; ++c)
    for (int i = 0; i < g.kh; ++i)
      for (int j = 0; j < g.kw; ++j) {
        const size_t r = (size_t(c) * g.kh + i) * g.kw + j;
        const float* in = col + r * ld;
        float* plane = img + size_t(c) * g.h * g.w;
        int first, last;
        valid_range(g, j, &first, &last);
        for (int oy = 0; oy < g.oh; ++oy, in += g.ow) {
          const int iy = oy * g.stride - g.pad + i;
          if (iy < 0 || iy >= g.h) continue;
          float* row = plane + size_t(iy) * g.w;
          const int off = j - g.pad;
          if (g.stride == 1)
            for (int ox = first; ox < last; ++ox) row[ox + off] += in[ox];
          else
            for (int ox = first; ox < last; ++ox) row[ox * g.stride + off] += in[ox];
        }
      }
}

// its OH*OW columns (scratch), rows ld apart -> img: C x H x W
void col2im_image_scratch(float* col, size_t ld, const ConvGeometry& g, float* img) {
  if (g.stride != 1 || g.ow != g.w) {
    col2im_image(col, ld, g, img);
    return;
  }
  // Each pixel sums its taps from 0 in (i, j) order as col2im_image does;
  // a zeroed entry adds +0, which changes nothing but the sign of a zero.
  std::fill(img, img + size_t(g.c) * g.h * g.w, 0.f);
  for (int c = 0; c < g.c; ++c)
    for (int i = 0; i < g.kh; ++i)
      for (int j = 0; j < g.kw; ++j) {
        float* in = col + ((size_t(c) * g.kh + i) * g.kw + j) * ld;
        float* plane = img + size_t(c) * g.h * g.w;
        int first, last;
        valid_range(g, j, &first, &last);
        const int oy0 = std::max(0, g.pad - i), oy1 = std::min(g.oh, g.h + g.pad - i);
        if (oy0 >= oy1 || first >= last) continue;
        zero_wrapped_columns(in, g, oy0, oy1, first, last);
        const long shift = long(i - g.pad) * g.w + (j - g.pad);
        const size_t begin = size_t(oy0) * g.ow + first, end = size_t(oy1 - 1) * g.ow + last;
        const float* __restrict from = in + begin;
        float* __restrict to = plane + (long(begin) + shift);
        for (size_t k = 0; k < end - begin; ++k) to[k] += from[k];
      }
}

// x: N x C x H x W -> col: (C*KH*KW) x (N*OH*OW)
void im2col(const float* x, int n, const ConvGeometry& g, float* col) {
  const size_t P = size_t(g.oh) * g.ow, ld = P * n;
  parallel_for(n, [&](int n0, int n1) {
    for (int b = n0; b < n1; ++b)
      im2col_image(x + size_t(b) * g.c * g.h * g.w, g, col + size_t(b) * P, ld);
  });
}

// col: (C*KH*KW) x (N*OH*OW) -> dx: N x C x H x W
void col2im(const float* col, int n, const ConvGeometry& g, float* dx) {
  const size_t P = size_t(g.oh) * g.ow, ld = P * n;
  parallel_for(n, [&](int n0, int n1) {
    for (int b = n0; b < n1; ++b)
      col2im_image(col + size_t(b) * P, ld, g, dx + size_t(b) * g.c * g.h * g.w);
  });
}

}  // namespace barnlab
