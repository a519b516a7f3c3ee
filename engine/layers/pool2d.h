// What max and average pooling share: square windows with stride and
// padding, their validation, the output geometry (ops/im2col.h) and the
// input check. MaxPool2D and AvgPool2D add their forward and backward.
#pragma once

#include <string>

#include "layers/layer.h"
#include "ops/im2col.h"

namespace barnlab {

class Pool2D : public Layer {
 public:
  std::string describe() const override;
  Shape build(Shape in) override;

 protected:
  // stride <= 0 means stride = kernel; 0 <= pad < kernel (Error otherwise).
  Pool2D(const char* type, int kernel, int stride, int pad);
  // Throws Error unless x matches the shape given to build().
  void check_input(const Shape& s) const;
  // Throws Error unless a training forward came first and dy has its output
  // shape; returns that forward's batch size.
  int check_gradient(const Tensor& dy) const;

  int kernel_, stride_, pad_;
  ConvGeometry g_;
  int cached_n_ = 0;  // batch of the last training forward; 0 if none

 private:
  std::string type_;
};

}  // namespace barnlab
