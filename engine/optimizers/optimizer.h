// Optimizers update parameters from their gradients. State (velocities,
// moments) lives per parameter, keyed by the parameter's name and created on
// first use, so it can be saved into a model file and restored to resume
// training exactly.
//
//   requires: every Param passed has grad of value's shape.
//   ensures:  step() applies one update to every param, with L2 weight decay
//             (grad += weight_decay * value) on params whose decay flag is set
//             (AdamW decays the value itself instead: optimizers/adamw.h).
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "layers/layer.h"

namespace barnlab {

struct OptimizerConfig {
  std::string name = "adam";  // sgd, momentum, nesterov, adagrad, rmsprop, adam, adamw
  float lr = 1e-3f;
  float momentum = 0.9f;      // momentum, nesterov
  float beta1 = 0.9f, beta2 = 0.999f;  // adam
  float decay_rate = 0.99f;   // rmsprop
  float eps = 1e-8f;          // adam/rmsprop/adagrad (adagrad, rmsprop use 1e-7 in the book)
  float weight_decay = 0.f;   // L2 (adamw: decoupled)
};

class Optimizer {
 public:
  explicit Optimizer(const OptimizerConfig& cfg) : cfg_(cfg) {}
  virtual ~Optimizer() = default;
  virtual std::string name() const = 0;
  // True when the optimizer applies weight decay itself (AdamW) rather than
  // as L2 added to the gradient.
  virtual bool decoupled_decay() const { return false; }

  void step(const std::vector<Param*>& params);
  void set_lr(float lr) { cfg_.lr = lr; }
  const OptimizerConfig& config() const { return cfg_; }
  long long steps() const { return t_; }

  // State for saving: "<param name>/<slot>" -> tensor, plus the step count.
  std::map<std::string, Tensor> state() const;
  // Restores state saved by state(); throws Error on a shape mismatch.
  void load_state(const std::map<std::string, Tensor>& state, long long steps);

 protected:
  // One update of p given its (decayed) gradient g; slots are created by
  // slot() on first use, zero-initialised.
  virtual void update(Param& p, const Tensor& g) = 0;
  Tensor& slot(const Param& p, const std::string& slot_name);

  OptimizerConfig cfg_;
  long long t_ = 0;  // completed steps; Adam's bias correction uses t_ + 1
 private:
  std::map<std::string, Tensor> slots_;
};

// Throws Error listing the known names for an unknown one.
std::unique_ptr<Optimizer> make_optimizer(const OptimizerConfig& cfg);

}  // namespace barnlab
