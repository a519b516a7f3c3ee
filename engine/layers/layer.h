// The layer interface every piece of a network implements.
//
// A layer maps a batch x (N x C x H x W) to a batch y in forward(), caching
// what backward() needs and nothing more, and maps dL/dy to dL/dx in
// backward(), accumulating into its parameters' gradients.
//
//   requires: build(in) was called with the input shape (n ignored) before
//             forward(); backward() follows a forward() in Mode::Train with
//             dy of forward's output shape.
//   ensures:  forward() output has shape build(in) with n = x.shape().n;
//             backward() returns dx of x's shape and ADDS to each Param::grad
//             (the caller zeroes gradients before a step).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/rng.h"
#include "core/tensor.h"

namespace barnlab {

// Train: batch statistics, dropout, caches for backward. Eval: running
// statistics, no dropout, no caches. Frozen: Eval's arithmetic but caching
// for backward, so the gradient of a trained model's output with respect to
// its input can be taken (saliency maps).
enum class Mode { Train, Eval, Frozen };
inline bool caches_for_backward(Mode m) { return m != Mode::Eval; }

// How a layer's weights are drawn at initialization.
struct Init {
  enum Kind { Std, Xavier, He } kind = He;
  float std = 0.01f;  // for Kind::Std
};

// A trainable tensor and its gradient. Names are unique within a model
// ("3.conv.W"); optimizers key their state by name.
struct Param {
  std::string name;
  Tensor value;
  Tensor grad;
  bool decay = true;  // weight decay applies (weights yes, biases/BN no)
};

// A named tensor that is state but not trained (BatchNorm running statistics).
struct Buffer {
  std::string name;
  Tensor* value;
};

class Layer {
 public:
  virtual ~Layer() = default;

  // Short type name as used in specs: "affine", "conv", "relu", ...
  virtual std::string type() const = 0;
  // Human-readable description with hyper-parameters, e.g. "conv 16 3x3 s1 p1".
  virtual std::string describe() const { return type(); }

  // Validates the per-sample input shape (n ignored) and returns the output
  // shape; allocates parameters. Throws Error with a clear message on a
  // mismatch. Called once, when the model is built.
  virtual Shape build(Shape in) = 0;

  virtual Tensor forward(const Tensor& x, Mode mode) = 0;
  virtual Tensor backward(const Tensor& dy) = 0;
  // The same, given ownership of x / dy (the model no longer needs them): a
  // layer may keep x for its backward, or write its result over dy
  // (BatchNorm does both). By default forward() / backward().
  virtual Tensor forward_owning(Tensor&& x, Mode mode) { return forward(x, mode); }
  virtual Tensor backward_owning(Tensor&& dy) { return backward(dy); }

  // Draws initial weights. Layers without weights ignore it.
  virtual void init_params(const Init&, Rng&) {}
  virtual std::vector<Param*> params() { return {}; }
  virtual std::vector<Buffer> buffers() { return {}; }
  // Called before each training forward with a seed unique to the step;
  // Dropout draws its mask from it so runs are reproducible and resumable.
  virtual void set_step_seed(uint64_t) {}

  // Prefix for names of params/buffers, set by the model ("3.conv").
  void set_name(const std::string& n) { name_ = n; }
  const std::string& name() const { return name_; }

 protected:
  // The prefix of this layer's parameter and buffer names: its name, or its
  // type when it has none (a layer built outside a model).
  std::string param_prefix() const { return name_.empty() ? type() : name_; }
  // Throws Error naming the layer unless x's per-sample shape is `built`'s
  // (n ignored).
  void check_input(const Shape& x, const Shape& built) const;
  // Throws Error naming the layer unless a training forward of batch
  // cached_n (0: none) came first and dy is cached_n x out.c x out.h x out.w.
  void check_gradient(const Tensor& dy, int cached_n, const Shape& out) const;
  // Throws Error unless a kernel x kernel window ("kernel", "window") fits
  // the input padded by pad on every side.
  void check_window_fits(const Shape& in, int kernel, int pad, const char* what) const;
  // Draws w ~ N(0, sd^2) with sd from init and the fan-in: init.std, Xavier
  // sqrt(1/fan_in) or He sqrt(2/fan_in).
  static void draw_weights(Tensor& w, int fan_in, const Init& init, Rng& rng);

  std::string name_;
};

// A loss at the end of a network. t is the target: one-hot N x K for
// SoftmaxWithLoss, N x K values for MSE, N x 1 (or N x K) in {0,1} for
// binary cross-entropy.
class Loss {
 public:
  virtual ~Loss() = default;
  virtual std::string type() const = 0;
  // Returns the mean loss over the batch; caches what backward needs.
  virtual float forward(const Tensor& y, const Tensor& t) = 0;
  // dL/dy for the last forward (already divided by the batch size).
  virtual Tensor backward() = 0;
  // Turns network outputs into the figures shown to users: class
  // probabilities (softmax / sigmoid) or the raw values (MSE).
  virtual Tensor predict(const Tensor& y) const = 0;
};

}  // namespace barnlab
