// Max pooling over square windows, per channel. Padding counts as -inf, so a
// padded position is never the maximum (pad < kernel keeps a real pixel in
// every window). Caches, per output, the index of the input element that won
// (the first one on ties); backward routes dy there.
#pragma once

#include <cstdint>
#include <vector>

#include "layers/pool2d.h"

namespace barnlab {

class MaxPool2D : public Pool2D {
 public:
  // stride <= 0 means stride = kernel; 0 <= pad < kernel.
  MaxPool2D(int kernel, int stride = 0, int pad = 0);

  std::string type() const override { return "maxpool"; }
  Tensor forward(const Tensor& x, Mode mode) override;
  Tensor backward(const Tensor& dy) override;

  // 2x2 windows, stride 2, no padding: what a convolution can pool itself.
  bool two_by_two() const;
  const ConvGeometry& geometry() const { return g_; }
  // Run-time fusion (model/fusion.h): the convolution before writes this
  // layer's output and, into the returned OH x OW argmax per plane (n
  // images, C planes each), its argmax as forward() would, and this layer's
  // forward is skipped; its backward() would then work as after forward(x,
  // mode). Throws Error unless two_by_two().
  uint16_t* fused_forward(int n, Mode mode);
  // The last forward's argmax, N x C x OH x OW.
  const std::vector<uint16_t>& argmax() const { return argmax_; }

 private:
  // Per output element: the winner's place in its window, i * kernel + j
  // (two bytes where a plane index took four).
  std::vector<uint16_t> argmax_;
};

}  // namespace barnlab
