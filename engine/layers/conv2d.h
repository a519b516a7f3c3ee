// 2-D convolution as one GEMM over the whole batch: the input is unrolled by
// im2col into a (C*KH*KW) x (N*OH*OW) column matrix, multiplied by the
// F x (C*KH*KW) weights, and the F x (N*OH*OW) result scattered to NCHW.
// The column matrix is the only thing cached for backward; backward reuses
// its memory for dcol, so each training forward allows one backward.
#pragma once

#include "layers/layer.h"
#include "ops/im2col.h"

namespace barnlab {

class Conv2D : public Layer {
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

 private:
  int filters_, kernel_, stride_, pad_;
  ConvGeometry g_;
  Param W_, b_;     // W: F x C x KH x KW, b: 1 x F x 1 x 1
  Tensor col_;      // (C*KH*KW) x (N*OH*OW), from the last training forward
  Tensor buf_;      // F x (N*OH*OW) scratch for the GEMM output / gathered dy
  int cached_n_ = 0;
};

}  // namespace barnlab
