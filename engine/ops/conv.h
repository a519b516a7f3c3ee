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

// A 2x2 stride-2 max-pool after the convolution's ReLU (run-time fusion,
// model/fusion.h): each image's output goes to a per-thread scratch plane
// (in cache), is pooled after max(., 0) straight into out, N x F x oh x ow,
// with its argmax (ops/pool_kernels.h), and positive = out > 0 (unless
// null; backward needs it). The full-size output and the ReLU's mask are
// never written.
struct FusedPool {
  int oh = 0, ow = 0;  // the pool's output size
  float* out = nullptr;
  uint16_t* argmax = nullptr;
  uint8_t* positive = nullptr;
};
// What conv_backward reads of a FusedPool forward.
struct PooledGradient {
  int oh = 0, ow = 0;
  const uint16_t* argmax = nullptr;
  const uint8_t* positive = nullptr;
};

// Floats of scratch conv_forward and conv_backward need for this batch and
// the current thread count.
size_t conv_scratch(int n, const ConvGeometry& g, int f);

// y[b] = w * im2col(x[b]) + bias for every image b; with relu, then
// y = max(y, 0) while the image is in cache, and relu_mask (N x F x OH x OW
// bytes, unless null) = y > 0. With pool (and relu), y is not written.
void conv_forward(const float* x, int n, const ConvGeometry& g, int f, const float* w,
                  const float* bias, float* y, float* scratch, bool relu = false,
                  uint8_t* relu_mask = nullptr, const FusedPool* pool = nullptr);

// With x the forward's input: dw (F x K) += sum_b dy[b] im2col(x[b])^T;
// db (F) += dy summed per filter; dx = col2im(w^T dy[b]) per image, unless
// dx is null. With relu_mask (a fused ReLU's, from conv_forward), dy is
// the gradient at the ReLU's output and is masked image by image first.
// With pool (the FusedPool forward's argmax and positive), dy is the gradient at the
// pool's output (N x F x pool->oh x pool->ow), expanded image by image
// through the pool and the ReLU first. The same bits as the layers one by
// one. dy and scratch start on 64-byte boundaries (Tensor buffers do).
void conv_backward(const float* dy, const float* x, int n, const ConvGeometry& g, int f,
                   const float* w, float* dw, float* db, float* dx, float* scratch,
                   const uint8_t* relu_mask = nullptr,
                   const PooledGradient* pool = nullptr);

}  // namespace barnlab
