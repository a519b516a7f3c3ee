// Batch normalization. The statistics are per channel over N, H and W; a
// dense input (N x D x 1 x 1) therefore normalizes per feature over the
// batch, as the book's BatchNormalization does, and a conv input per channel.
// Train uses the batch statistics (biased variance) and updates the running
// ones: running = momentum * running + (1 - momentum) * batch, as in the
// book; Eval uses the running ones. Caches xhat and 1/std per channel, like
// llm.c's layernorm keeps mean/rstd.
#pragma once

#include "layers/layer.h"
#include "layers/relu.h"

namespace barnlab {

class BatchNorm : public Layer, public ReLUFusable {
 public:
  explicit BatchNorm(float momentum = 0.9f, float eps = 1e-5f);  // 0 <= momentum < 1, eps > 0

  std::string type() const override { return "batchnorm"; }
  std::string describe() const override;
  Shape build(Shape in) override;
  Tensor forward(const Tensor& x, Mode mode) override;
  // forward() given ownership of x: in Mode::Train (with the current
  // kernels) it keeps x instead of writing xhat, and backward computes xhat
  // from x a plane at a time in cache (the same bits). Otherwise as forward().
  Tensor forward_owning(Tensor&& x, Mode mode) override;
  // backward() given ownership of dy: writes dx over it (the same values).
  Tensor backward_owning(Tensor&& dy) override;
  Tensor backward(const Tensor& dy) override;
  std::vector<Param*> params() override { return {&gamma_, &beta_}; }
  std::vector<Buffer> buffers() override;

 public:
  void fuse_relu_once(ReLU* relu) override { fuse_next_ = relu; }

 private:
  // Mode::Train's forward (fills xhat_, rstd_, the running statistics) and
  // the backward, vectorised per plane; the loops in forward()/backward()
  // are the reference kernels (ops/profile.h).
  Tensor forward_impl(const Tensor& x, Mode mode, Tensor* owned);
  Tensor backward_impl(const Tensor& dy, Tensor* owned);
  void forward_train(const Tensor& x, Tensor& y, bool relu, uint8_t* mask, bool keep_xhat);
  void backward_planes(const Tensor& dy, const uint8_t* mask, Tensor& dx);
  ReLU* fuse_next_ = nullptr;      // fuse_relu_once()
  ReLU* backward_relu_ = nullptr;  // the ReLU fused into the last forward that cached

  float momentum_, eps_;
  Shape in_;                                // per-sample shape from build
  Param gamma_, beta_;                      // 1 x C x 1 x 1
  Tensor running_mean_, running_var_;       // 1 x C x 1 x 1
  bool frozen_ = false;                     // the last forward was Mode::Frozen
  Tensor xhat_;                             // N x C x H x W of the last training forward
  Tensor input_;                            // or its input, when forward_owning kept it
  std::vector<float> mean_;                 // C: the batch mean, with input_
  std::vector<float> rstd_;                 // C: 1 / sqrt(var + eps)
};

}  // namespace barnlab
