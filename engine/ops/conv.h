// Convolution over a batch, one image per task: each thread takes a share of
// the batch's images and runs its own single-thread GEMMs on them, so the
// work splits without splitting any GEMM, each image's output is written in
// place (no scatter to NCHW) with the bias already in it, and in backward an
// image's column gradient is folded back by col2im while still in cache.
//
// Layouts: x N x C x H x W; col (C*KH*KW) x (N*OH*OW), the batch's im2col
// (ops/im2col.h); w F x K with K = C*KH*KW; y, dy N x F x OH x OW.
#pragma once

#include <cstddef>

#include "ops/im2col.h"

namespace barnlab {

// y[b] = w * col[b] + bias for every image b.
void conv_forward(const float* col, int n, const ConvGeometry& g, int f, const float* w,
                  const float* bias, float* y);

// Floats of scratch conv_backward needs for this batch and thread count.
size_t conv_backward_scratch(int n, const ConvGeometry& g, int f);

// dw (F x K) += sum_b dy[b] col[b]^T; db (F) += dy summed per filter;
// dx = col2im(w^T dy[b]) per image, unless dx is null.
void conv_backward(const float* dy, const float* col, int n, const ConvGeometry& g, int f,
                   const float* w, float* dw, float* db, float* dx, float* scratch);

}  // namespace barnlab
