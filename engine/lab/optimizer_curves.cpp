// Page 10, part 2: see optimizer_curves.h.
#include "lab/optimizer_curves.h"

#include <cmath>

#include "lab/fashion_runs.h"

namespace barnlab {

std::vector<OptimizerCurve> optimizer_curves(const Dataset& fashion, const OptimizerCurveSettings& s) {
  const TrainTest data = fashion_train_test(fashion, s.n_train, 0);
  MlpShape shape;
  shape.hidden = s.hidden;
  const std::string spec = mlp_spec(shape, data.train.channels, data.train.size);
  std::vector<OptimizerCurve> out;
  for (const auto& [name, lr] : s.optimizers) {
    Model model(spec, data.train.classes, s.seed);
    TrainConfig config;
    config.batch = s.batch;
    config.seed = s.seed;
    config.optimizer.name = name;
    config.optimizer.lr = lr;
    OptimizerCurve c;
    c.name = name;
    c.lr = lr;
    c.loss = loss_per_step(model, data.train, config, s.steps);
    c.final_loss = tail_mean(c.loss, 10);
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace barnlab
