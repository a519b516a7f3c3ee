// A residual block (He et al. 2016, "basic block"): y = relu(x + F(x)) with
// F = conv3x3 -> batchnorm -> relu -> conv3x3 -> batchnorm, channels and
// spatial size kept. It is one layer of the sequential model that owns its
// five inner layers, so the model, specs, model files and optimizers see an
// ordinary layer with parameters ("3.residual.conv1.W", ...); a graph of
// layers would have been the general tool, but one skip connection around a
// fixed body is all the small nets here need, and a block keeps the model a
// list. The last batchnorm's scale starts at 0, so each block starts as the
// identity (Goyal et al. 2017), which makes deeper nets train from the start.
//
//   requires: build(in) with in.c == channels.
//   ensures:  backward returns dL/dx = dy' + dF/dx^T dy' with dy' the
//             gradient through the output ReLU.
#pragma once

#include <memory>
#include <vector>

#include "layers/batch_norm.h"
#include "layers/conv2d.h"
#include "layers/relu.h"

namespace barnlab {

class Residual : public Layer {
 public:
  explicit Residual(int channels);

  std::string type() const override { return "residual"; }
  std::string describe() const override;
  Shape build(Shape in) override;
  Tensor forward(const Tensor& x, Mode mode) override;
  Tensor backward(const Tensor& dy) override;
  void init_params(const Init& init, Rng& rng) override;
  std::vector<Param*> params() override;
  std::vector<Buffer> buffers() override;

 private:
  std::vector<Layer*> body() { return {&conv1_, &bn1_, &relu1_, &conv2_, &bn2_}; }

  int channels_;
  Shape in_{};
  Conv2D conv1_, conv2_;
  BatchNorm bn1_, bn2_;
  ReLU relu1_, out_;
};

}  // namespace barnlab
