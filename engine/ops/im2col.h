// im2col / col2im and the output-size formula, shared by Conv2D and pooling.
//
// The column matrix of a whole batch is (C*KH*KW) x (N*OH*OW), row-major:
// row r = (c*KH + i)*KW + j, column q = (n*OH + oy)*OW + ox holds
// x[n, c, oy*S - P + i, ox*S - P + j] (0 outside the image). Keeping the batch
// in the columns turns a convolution over the batch into one GEMM.
#pragma once

#include <cstddef>

namespace barnlab {

// (in + 2*pad - k) / stride + 1; throws Error if the window does not fit.
int conv_out_size(int in, int k, int stride, int pad);

struct ConvGeometry {
  int c = 1, h = 1, w = 1;  // input channels and size
  int kh = 1, kw = 1;       // window
  int stride = 1, pad = 0;
  int oh = 1, ow = 1;       // output size, from conv_out_size
  static ConvGeometry make(int c, int h, int w, int kh, int kw, int stride, int pad);
  int rows() const { return c * kh * kw; }
  int cols_per_image() const { return oh * ow; }
};

// One image: img C x H x W -> its OH*OW columns of a column matrix whose rows
// are ld apart (ld = N*OH*OW for the batch matrix, OH*OW for one image's).
void im2col_image(const float* img, const ConvGeometry& g, float* col, size_t ld);
// One image's columns (rows ld apart) -> img C x H x W (overwritten).
void col2im_image(const float* col, size_t ld, const ConvGeometry& g, float* img);
// The same sums, for a col that is scratch: with stride 1 and OW == W
// ("same" padding) its entries whose window position falls outside the
// image are set to 0, so that each of its rows is added to the image as
// one contiguous shifted range (as im2col_image copies it), instead of row
// by row. Otherwise as col2im_image.
void col2im_image_scratch(float* col, size_t ld, const ConvGeometry& g, float* img);

// x: N x C x H x W  ->  col: (C*KH*KW) x (N*OH*OW). Parallel over images.
void im2col(const float* x, int n, const ConvGeometry& g, float* col);
// col: (C*KH*KW) x (N*OH*OW)  ->  dx: N x C x H x W (overwritten, overlapping
// windows summed). Parallel over images.
void col2im(const float* col, int n, const ConvGeometry& g, float* dx);

}  // namespace barnlab
