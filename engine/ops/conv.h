// Convolution over a batch, one image per task: each thread takes a share of
// the batch's images and, image by image, unrolls it by im2col into a
// column buffer of its own (K x OH*OW, small enough to stay in cache) and
// runs single-thread GEMMs on it. No batch-wide column matrix is written or
// kept: backward unrolls the cached input again, which costs less than
// streaming a matrix K/C times the input's size through memory twice. Each
// image's output is written in place (no scatter to NCHW) with the bias as
// the GEMM's starting C, and in backward an image's column gradient is folded
// back by col2im while still in cache.
//
// Layouts: x N x C x H x W; w F x K with K = C*KH*KW; y, dy N x F x OH x OW.
#pragma once

#include <cstddef>
#include <cstdint>

#include "ops/im2col.h"

namespace barnlab {

// Floats of scratch conv_forward and conv_backward need for this batch and
// the current thread count.
size_t conv_scratch(int n, const ConvGeometry& g, int f);

// y[b] = w * im2col(x[b]) + bias for every image b; with relu, then
// y = max(y, 0) while the image is in cache, and relu_mask (N x F x OH x OW
// bytes, unless null) = y > 0.
void conv_forward(const float* x, int n, const ConvGeometry& g, int f, const float* w,
                  const float* bias, float* y, float* scratch, bool relu = false,
                  uint8_t* relu_mask = nullptr);

// With x the forward's input: dw (F x K) += sum_b dy[b] im2col(x[b])^T;
// db (F) += dy summed per filter; dx = col2im(w^T dy[b]) per image, unless
// dx is null. With relu_mask (a fused ReLU's, from conv_forward), dy is
// the gradient at the ReLU's output and is masked image by image first.
// dy and scratch start on 64-byte boundaries (Tensor buffers do).
void conv_backward(const float* dy, const float* x, int n, const ConvGeometry& g, int f,
                   const float* w, float* dw, float* db, float* dx, float* scratch,
                   const uint8_t* relu_mask = nullptr);

}  // namespace barnlab
