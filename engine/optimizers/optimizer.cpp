// The optimizer base: weight decay, the step count, per-parameter state
// slots keyed "<param name>/<slot>", saving and restoring that state, and the
// factory that turns an OptimizerConfig into one of the six optimizers.
#include "optimizers/optimizer.h"

#include <algorithm>
#include <cctype>
#include <cmath>

#include "core/eigen_view.h"
#include "core/error.h"
#include "optimizers/adagrad.h"
#include "optimizers/adam.h"
#include "optimizers/adamw.h"
#include "optimizers/momentum.h"
#include "optimizers/nesterov.h"
#include "optimizers/rmsprop.h"
#include "optimizers/sgd.h"

namespace barnlab {

// Weight decay is added to p.grad in place, as the book's MultiLayerNet adds
// weight_decay_lambda * W to its gradients: after step() each decayed grad
// holds the gradient of the regularised loss.
void Optimizer::step(const std::vector<Param*>& params) {
  for (Param* p : params) {
    if (p->grad.shape() != p->value.shape())
      throw Error("optimizer " + name() + ": gradient of " + p->name + " has shape " +
                  p->grad.shape().str() + ", its value " + p->value.shape().str());
    if (p->decay && cfg_.weight_decay != 0.f && !decoupled_decay())
      as_array(p->grad) += cfg_.weight_decay * as_array(p->value);
    update(*p, p->grad);
  }
  ++t_;
}

Tensor& Optimizer::slot(const Param& p, const std::string& slot_name) {
  const std::string key = p.name + "/" + slot_name;
  auto it = slots_.find(key);
  if (it == slots_.end()) return slots_.emplace(key, Tensor(p.value.shape())).first->second;
  if (it->second.shape() != p.value.shape())
    throw Error("optimizer state " + key + " has shape " + it->second.shape().str() +
                " but the parameter has " + p.value.shape().str() +
                "; the saved state belongs to a different model");
  return it->second;
}

std::map<std::string, Tensor> Optimizer::state() const { return slots_; }

void Optimizer::load_state(const std::map<std::string, Tensor>& state, long long steps) {
  if (steps < 0) throw Error("optimizer state: negative step count " + std::to_string(steps));
  for (const auto& [key, tensor] : state) {
    const size_t slash = key.rfind('/');
    if (slash == std::string::npos || slash == 0 || slash + 1 == key.size())
      throw Error("optimizer state: entry \"" + key + "\" is not named <param>/<slot>");
    auto it = slots_.find(key);
    if (it != slots_.end() && it->second.shape() != tensor.shape())
      throw Error("optimizer state " + key + " has shape " + tensor.shape().str() +
                  " but this optimizer holds " + it->second.shape().str());
  }
  slots_ = state;
  t_ = steps;
}

namespace {

void require(bool ok, const std::string& what) {
  if (!ok) throw Error("optimizer: " + what);
}

}  // namespace

std::unique_ptr<Optimizer> make_optimizer(const OptimizerConfig& cfg) {
  OptimizerConfig c = cfg;
  std::transform(c.name.begin(), c.name.end(), c.name.begin(),
                 [](unsigned char ch) { return char(std::tolower(ch)); });
  const std::string& name = c.name;
  require(std::isfinite(c.lr) && c.lr >= 0.f, "learning rate must be >= 0");
  require(std::isfinite(c.weight_decay) && c.weight_decay >= 0.f, "weight decay must be >= 0");
  require(std::isfinite(c.eps) && c.eps >= 0.f, "eps must be >= 0");
  // Only the hyper-parameters the chosen optimizer reads are checked.
  if (name == "sgd") return std::make_unique<Sgd>(c);
  if (name == "momentum" || name == "nesterov") {
    require(c.momentum >= 0.f && c.momentum < 1.f, "momentum must be in [0, 1)");
    if (name == "momentum") return std::make_unique<Momentum>(c);
    return std::make_unique<Nesterov>(c);
  }
  if (name == "adagrad") return std::make_unique<AdaGrad>(c);
  if (name == "rmsprop") {
    require(c.decay_rate >= 0.f && c.decay_rate < 1.f, "decay rate must be in [0, 1)");
    return std::make_unique<RMSProp>(c);
  }
  if (name == "adam" || name == "adamw") {
    require(c.beta1 >= 0.f && c.beta1 < 1.f, "beta1 must be in [0, 1)");
    require(c.beta2 >= 0.f && c.beta2 < 1.f, "beta2 must be in [0, 1)");
    if (name == "adamw") return std::make_unique<AdamW>(c);
    return std::make_unique<Adam>(c);
  }
  throw Error("unknown optimizer \"" + cfg.name +
              "\"; known: sgd, momentum, nesterov, adagrad, rmsprop, adam, adamw");
}

}  // namespace barnlab
