// Page 13: see overfitting.h.
#include "lab/overfitting.h"

#include "core/error.h"
#include "lab/fashion_runs.h"

namespace barnlab {

OverfitResult overfit_run(const Dataset& fashion, const OverfitSettings& s) {
  if (s.weight_decay < 0.f) throw Error("weight_decay must be 0 or more");
  if (s.dropout < 0.f || s.dropout >= 1.f) throw Error("dropout must be in [0, 1)");
  if (s.hidden_layers < 1 || s.units < 1) throw Error("hidden_layers and units must be at least 1");
  const TrainTest data = fashion_train_test(fashion, s.n_train, s.n_test);
  MlpShape shape;
  shape.hidden.assign(size_t(s.hidden_layers), s.units);
  shape.dropout = s.dropout;
  Model model(mlp_spec(shape, data.train.channels, data.train.size), data.train.classes, s.seed);
  TrainConfig config;
  config.epochs = s.epochs;
  config.batch = s.batch;
  config.seed = s.seed;
  config.optimizer.name = "sgd";
  config.optimizer.lr = s.lr;
  config.optimizer.weight_decay = s.weight_decay;
  EpochCurves c = accuracy_per_epoch(model, data.train, &data.test, config);
  OverfitResult r;
  r.train_acc = std::move(c.train_acc);
  r.test_acc = std::move(c.test_acc);
  r.train_loss = std::move(c.train_loss);
  r.final_train_acc = r.train_acc.back();
  r.final_test_acc = r.test_acc.back();
  r.gap = r.final_train_acc - r.final_test_acc;
  return r;
}

}  // namespace barnlab
