// Page 14: see hyper_search.h.
#include "lab/hyper_search.h"

#include <algorithm>
#include <cmath>

#include "core/error.h"
#include "lab/fashion_runs.h"

namespace barnlab {

HyperSearch hyper_search(const Dataset& fashion, const HyperSearchSettings& s) {
  if (s.trials < 1 || s.trials > 1000) throw Error("trials must be in [1, 1000]");
  if (s.only < -1 || s.only >= s.trials)
    throw Error("only must be -1 (all) or a trial index in [0, " + std::to_string(s.trials - 1) + "]");
  if (!(s.lr_min_exp < s.lr_max_exp)) throw Error("lr_min_exp must be below lr_max_exp");
  if (!(s.wd_min_exp < s.wd_max_exp)) throw Error("wd_min_exp must be below wd_max_exp");
  if (!(s.val_share > 0.f && s.val_share < 1.f)) throw Error("val_share must be in (0, 1)");
  const Dataset records = fashion_train_test(fashion, s.n_train, 0).train;
  const Split split = stratified_split(records.labels, int(records.classes.size()), s.val_share, s.seed);
  const Dataset train = dataset_pick(records, split.train);
  const Dataset val = dataset_pick(records, split.val);

  HyperSearch out;
  for (int t = 0; t < s.trials; ++t) {
    if (s.only >= 0 && t != s.only) continue;
    Rng rng = Rng::derive(s.seed, 0x1ab5ea2c, uint64_t(t));
    HyperTrial trial;
    trial.index = t;
    trial.lr = std::pow(10.f, rng.uniform(s.lr_min_exp, s.lr_max_exp));
    trial.weight_decay = std::pow(10.f, rng.uniform(s.wd_min_exp, s.wd_max_exp));
    MlpShape shape;
    shape.hidden = s.hidden;
    Model model(mlp_spec(shape, train.channels, train.size), train.classes, s.seed);
    TrainConfig config;
    config.epochs = s.epochs;
    config.batch = s.batch;
    config.seed = s.seed;
    config.optimizer.name = "sgd";
    config.optimizer.lr = trial.lr;
    config.optimizer.weight_decay = trial.weight_decay;
    EpochCurves c = accuracy_per_epoch(model, train, &val, config);
    trial.val_curve = c.test_acc;
    trial.val_acc = c.test_acc.back();
    trial.train_acc = c.train_acc.back();
    out.trials.push_back(std::move(trial));
  }

  std::vector<const HyperTrial*> ranked;
  for (const auto& t : out.trials) ranked.push_back(&t);
  // NaN (a diverged trial) ranks last.
  std::stable_sort(ranked.begin(), ranked.end(), [](const HyperTrial* a, const HyperTrial* b) {
    const float va = std::isfinite(a->val_acc) ? a->val_acc : -1.f;
    const float vb = std::isfinite(b->val_acc) ? b->val_acc : -1.f;
    return va > vb;
  });
  out.best = ranked.front()->index;
  const size_t top = std::max<size_t>(1, ranked.size() / 5);
  out.best_lr_lo = out.best_lr_hi = ranked.front()->lr;
  out.best_wd_lo = out.best_wd_hi = ranked.front()->weight_decay;
  for (size_t i = 0; i < top; ++i) {
    out.best_lr_lo = std::min(out.best_lr_lo, ranked[i]->lr);
    out.best_lr_hi = std::max(out.best_lr_hi, ranked[i]->lr);
    out.best_wd_lo = std::min(out.best_wd_lo, ranked[i]->weight_decay);
    out.best_wd_hi = std::max(out.best_wd_hi, ranked[i]->weight_decay);
  }
  return out;
}

}  // namespace barnlab
