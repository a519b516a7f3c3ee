// Average pooling over square windows, per channel, count_include_pad style:
// every window divides by kernel*kernel, padded zeros included (PyTorch's
// default). Nothing is cached but the batch size; dy is spread evenly back
// over each window's real pixels.
#pragma once

#include <vector>

#include "layers/pool2d.h"

namespace barnlab {

class AvgPool2D : public Pool2D {
 public:
  // stride <= 0 means stride = kernel; 0 <= pad < kernel.
  AvgPool2D(int kernel, int stride = 0, int pad = 0);

  std::string type() const override { return "avgpool"; }
  Tensor forward(const Tensor& x, Mode mode) override;
  Tensor backward(const Tensor& dy) override;

 private:
};

}  // namespace barnlab
