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

 private:
  // Per output element: the winner's place in its window, i * kernel + j
  // (two bytes where a plane index took four).
  std::vector<uint16_t> argmax_;
};

}  // namespace barnlab
