// 2-D convolution as GEMMs, image by image (ops/conv.h): each image is
// unrolled by im2col into a (C*KH*KW) x (OH*OW) column buffer and multiplied
// by the F x (C*KH*KW) weights straight into its NCHW output; one share of
// the images per thread. The input is what is cached for backward, which
// unrolls it again, so each training forward allows one backward. (The
// reference kernels of ops/profile.h unroll the whole batch into one
// (C*KH*KW) x (N*OH*OW) matrix, cache it, run one GEMM and scatter.)
#pragma once

#include "layers/layer.h"
#include "layers/relu.h"
#include "ops/im2col.h"

namespace barnlab {

class Conv2D : public Layer, public ReLUFusable {
 public:
  // Square kernel; stride >= 1, pad >= 0 (throws Error otherwise).
  Conv2D(int filters, int kernel, int stride = 1, int pad = 0);

  std::string type() const override { return "conv"; }
  std::string describe() const override;
  Shape build(Shape in) override;
  Tensor forward(const Tensor& x, Mode mode) override;
  Tensor backward(const Tensor& dy) override;
  void init_params(const Init& init, Rng& rng) override;
  std::vector<Param*> params() override { return {&W_, &b_}; }

  int filters() const { return filters_; }
  // Off: backward() skips dL/dx (the first layer's, which nothing uses) and
  // returns an empty tensor; parameter gradients are unchanged.
  void set_input_gradient(bool on) { input_gradient_ = on; }
  // Honoured by the per-image kernels only (the model does not fuse when the
  // reference kernels are on).
  void fuse_relu_once(ReLU* relu) override { fuse_next_ = relu; }

 private:
  int filters_, kernel_, stride_, pad_;
  ConvGeometry g_;
  Param W_, b_;     // W: F x C x KH x KW, b: 1 x F x 1 x 1
  Tensor col_;      // the last training forward's input (reference kernels: its columns)
  Tensor buf_;      // scratch of ops/conv.h (per-thread columns, weight-gradient shares)
  int cached_n_ = 0;
  bool input_gradient_ = true;
  ReLU* fuse_next_ = nullptr;      // fuse_relu_once()
  ReLU* backward_relu_ = nullptr;  // the ReLU fused into the last training forward
};

}  // namespace barnlab
