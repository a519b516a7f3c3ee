// 2-D convolution as GEMMs, image by image (ops/conv.h): each image is
// unrolled by im2col into a (C*KH*KW) x (OH*OW) column buffer and multiplied
// by the F x (C*KH*KW) weights straight into its NCHW output; one share of
// the images per thread. The input is what is cached for backward, which
// unrolls it again, so each training forward allows one backward. (The
// reference kernels of ops/profile.h unroll the whole batch into one
// (C*KH*KW) x (N*OH*OW) matrix, cache it, run one GEMM and scatter.)
#pragma once

#include <cstdint>
#include <vector>

#include "layers/layer.h"
#include "layers/max_pool2d.h"
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
  // For the next forward() only: compute relu and then pool (2x2, stride 2,
  // MaxPool2D::two_by_two) as well, image by image: forward returns pool's
  // output and writes pool's argmax (MaxPool2D::fused_forward), never the
  // full-size output or the ReLU's mask (relu's mask is left empty); the
  // backward() after a training forward takes the gradient at pool's output.
  // The same bits as the three layers one by one.
  void fuse_relu_pool_once(ReLU* relu, MaxPool2D* pool) {
    fuse_next_ = relu;
    fuse_pool_ = pool;
  }

 private:
  int filters_, kernel_, stride_, pad_;
  ConvGeometry g_;
  Param W_, b_;     // W: F x C x KH x KW, b: 1 x F x 1 x 1
  Tensor col_;      // the last training forward's input (reference kernels: its columns)
  Tensor buf_;      // scratch of ops/conv.h (per-thread columns, weight-gradient shares)
  int cached_n_ = 0;
  bool input_gradient_ = true;
  // Throws Error unless relu and pool can follow this layer fused.
  void check_fused_pool(const ReLU* relu, const MaxPool2D& pool) const;

  ReLU* fuse_next_ = nullptr;      // fuse_relu_once()
  ReLU* backward_relu_ = nullptr;  // the ReLU fused into the last training forward
  MaxPool2D* fuse_pool_ = nullptr;      // fuse_relu_pool_once()
  MaxPool2D* backward_pool_ = nullptr;  // the pool fused into the last training forward
  std::vector<uint8_t> positive_;       // its output > 0 (the fused ReLU passes the gradient)
};

}  // namespace barnlab
