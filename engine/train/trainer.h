// Mini-batch training of a Model on a Dataset: a stratified train/validation
// split, epochs of shuffled mini-batches (each training sample once per
// epoch), per-batch augmentation, an optional learning-rate schedule, early
// stopping on validation loss, and progress after every step and epoch.
// The modern recipe adds label smoothing, mixup, a linear warm-up before the
// schedule and, at the end, the weights of the epoch with the lowest
// validation loss instead of the last.
//
// Every random choice is derived from (seed, purpose, epoch/step), so a run
// stopped after epoch k, saved and resumed gives exactly the run that was
// never stopped. A NaN or infinite loss, or at an epoch's end a NaN or
// infinite weight or statistic (which a finite loss can hide), stops training
// with an Error and puts back the weights of the last completed epoch (the
// last good model); no epoch with such numbers becomes that model.
//
// The trainer is a step machine so that a browser worker can run a few steps,
// report, and handle a Stop message in between; fit() drives it to the end.
#pragma once

#include <cmath>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "data/dataset.h"
#include "model/model.h"
#include "optimizers/optimizer.h"
#include "train/evaluate.h"

namespace barnlab {

class WeightEma;

struct TrainConfig {
  int epochs = 10;  // epochs to run now (added to the model's completed ones)
  int batch = 32;
  OptimizerConfig optimizer;
  float val_share = 0.1f;
  uint64_t seed = 1;  // for a new model; a resumed model keeps its own
  bool augment = false;
  AugmentConfig augmentation{true, 4, 0.2f, 0.2f};
  std::string schedule = "none";  // none | step (x0.1 at 50% and 75%) | cosine
  int patience = 0;               // early stopping: epochs without val-loss gain; 0 = off
  // The modern recipe (train/presets.h turns it on); all off by default.
  float label_smoothing = 0.f;  // targets (1 - e) one-hot + e / K
  float mixup = 0.f;            // alpha of Beta(alpha, alpha); 0 = off
  int warmup_epochs = 0;        // lr rises linearly per step over these epochs
  bool restore_best = false;    // at the end, the weights of the lowest validation loss
  // A moving average of the weights (train/weight_ema.h) with this decay per
  // step, 0 = off. When on, validation measures the average and training
  // ends with it as the model (restore_best: the best epoch's average). It
  // lives in this trainer only: a resumed training continues from the saved
  // (averaged) weights and starts a new average.
  float ema = 0.f;
};

struct EpochReport {
  int64_t epoch = 0;  // 1-based, overall
  float train_loss = 0, train_acc = 0;
  float val_loss = 0, val_acc = 0;  // NaN without a validation split
  // With TrainConfig::ema, val_* measure the average and these the last
  // step's weights; NaN otherwise.
  float last_val_loss = std::nanf(""), last_val_acc = std::nanf("");
  float lr = 0;
  double seconds = 0;
};

struct StepReport {
  int64_t step = 0;         // steps done in this session
  int64_t total_steps = 0;  // planned for this session
  int64_t epoch = 0;        // current epoch, 1-based overall
  float loss = 0;
  int images = 0;           // in this step's batch
  bool epoch_ended = false;
  EpochReport epoch_report;  // valid when epoch_ended
  bool finished = false;
  bool stopped_early = false;
  int64_t restored_epoch = 0;  // when finished with restore_best: the epoch put back (0: none)
};

class Trainer {
 public:
  // The model must match the dataset (channels, size, class count). A model
  // without normalization gets it from the training split. If the model
  // came from a file with state of the same optimizer, it resumes from it.
  Trainer(Model& model, const Dataset& data, const TrainConfig& config);
  ~Trainer();

  const Split& split() const { return split_; }
  int64_t steps_per_epoch() const { return steps_per_epoch_; }
  int64_t total_steps() const { return steps_per_epoch_ * config_.epochs; }
  bool finished() const { return finished_; }
  const Optimizer& optimizer() const { return *optimizer_; }

  // One optimizer step; ends the epoch (with validation) when it was the
  // epoch's last batch. Throws Error on a diverging loss (weights restored).
  StepReport step();
  // Runs to the end; the callbacks may be empty.
  void fit(const std::function<void(const StepReport&)>& on_step,
           const std::function<void(const EpochReport&)>& on_epoch);

  // The model file's bytes with the optimizer state included. Throws Error
  // (diverged) for a model with a NaN or infinite number (train/finite.h).
  std::vector<uint8_t> save() const;

 private:
  void begin_epoch();
  EpochReport end_epoch();
  float lr_for_epoch(int64_t epoch) const;
  float lr_for_step(int64_t step) const;
  void mix_batch(uint64_t seed, int64_t step);
  void snapshot();
  void restore();

  Model& model_;
  const Dataset& data_;
  TrainConfig config_;
  Split split_;
  std::unique_ptr<Optimizer> optimizer_;
  std::unique_ptr<WeightEma> ema_;  // config_.ema > 0
  int64_t steps_per_epoch_ = 0;
  int64_t session_steps_ = 0;
  int64_t epochs_done_ = 0;       // in this session
  int64_t first_epoch_ = 0;       // model's completed epochs at the start
  int64_t batch_in_epoch_ = 0;
  std::vector<int> order_;        // this epoch's shuffled training indices
  double epoch_loss_ = 0;
  int64_t epoch_correct_ = 0, epoch_seen_ = 0;
  double epoch_start_ = 0;
  float best_val_loss_ = 0;
  int epochs_without_gain_ = 0;
  Tensor batch_targets_;          // soft targets (smoothing / mixup)
  std::vector<Tensor> best_params_, best_buffers_;  // restore_best
  int64_t best_epoch_ = 0;
  bool finished_ = false;
  Tensor batch_x_;
  std::vector<int> batch_labels_;
  // The last good model: weights, statistics and optimizer state at the end
  // of the last completed epoch.
  std::vector<Tensor> good_params_, good_buffers_;
  std::map<std::string, Tensor> good_opt_state_;
  int64_t good_opt_steps_ = 0;
  TrainState good_state_;
};

}  // namespace barnlab
