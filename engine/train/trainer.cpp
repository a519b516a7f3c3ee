#include "train/trainer.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/clock.h"
#include "core/error.h"
#include "train/finite.h"
#include "train/weight_ema.h"

namespace barnlab {
namespace {

uint64_t step_seed(uint64_t seed, int64_t step) {
  return Rng::derive(seed, kStreamDropout, uint64_t(step)).next_u64();
}

// Gamma(a, 1) by Marsaglia and Tsang (2000); a < 1 through Gamma(a + 1) * U^(1/a).
double gamma_draw(double a, Rng& rng) {
  if (a < 1.0) return gamma_draw(a + 1.0, rng) * std::pow(std::max(1e-12, double(rng.uniform())), 1.0 / a);
  const double d = a - 1.0 / 3.0, c = 1.0 / std::sqrt(9.0 * d);
  for (;;) {
    const double z = rng.normal();
    const double v = std::pow(1.0 + c * z, 3);
    if (v <= 0) continue;
    const double u = std::max(1e-12, double(rng.uniform()));
    if (std::log(u) < 0.5 * z * z + d - d * v + d * std::log(v)) return d * v;
  }
}

double beta_draw(double a, Rng& rng) {
  const double x = gamma_draw(a, rng), y = gamma_draw(a, rng);
  return x + y > 0 ? x / (x + y) : 0.5;
}

}  // namespace

Trainer::Trainer(Model& model, const Dataset& data, const TrainConfig& config)
    : model_(model), data_(data), config_(config) {
  if (data.channels != model.channels() || data.size != model.size())
    throw Error("the images are " + std::to_string(data.channels) + " x " +
                std::to_string(data.size) + " x " + std::to_string(data.size) +
                " but the model takes " + std::to_string(model.channels()) + " x " +
                std::to_string(model.size()) + " x " + std::to_string(model.size()));
  if (int(data.classes.size()) != model.num_classes())
    throw Error("the dataset has " + std::to_string(data.classes.size()) +
                " classes but the model " + std::to_string(model.num_classes()));
  if (config.epochs < 1) throw Error("epochs must be at least 1");
  if (config.batch < 1) throw Error("batch size must be at least 1");
  if (!(config.val_share >= 0.f && config.val_share < 1.f))
    throw Error("validation share must be in [0, 1)");
  if (config.schedule != "none" && config.schedule != "step" && config.schedule != "cosine")
    throw Error("unknown schedule '" + config.schedule + "': choose none, step or cosine");
  if (!(config.label_smoothing >= 0.f && config.label_smoothing < 0.5f))
    throw Error("label smoothing must be in [0, 0.5)");
  if (!(config.mixup >= 0.f && config.mixup <= 10.f)) throw Error("mixup alpha must be in [0, 10]");
  if (config.warmup_epochs < 0) throw Error("warm-up epochs must not be negative");
  if (config.ema != 0.f) ema_ = std::make_unique<WeightEma>(config.ema);  // checks the decay

  // A model that has trained before keeps its seed, so the split and the
  // shuffles continue where they were.
  if (model.state().epoch == 0 && model.state().step == 0) model.state().seed = config.seed;
  const uint64_t seed = model.state().seed;
  split_ = stratified_split(data.labels, model.num_classes(), config.val_share, seed);
  if (split_.train.empty()) throw Error(errc::kNoTrainingImages, "no training images: add photos to the classes");
  if (!model.has_normalization()) model.set_normalization(compute_normalization(data, split_.train));

  optimizer_ = make_optimizer(config.optimizer);
  const auto& saved = model.saved_optimizer();
  if (!saved.name.empty() && saved.name == optimizer_->name() && !saved.state.empty())
    optimizer_->load_state(saved.state, model.state().step);

  steps_per_epoch_ = int64_t((split_.train.size() + config.batch - 1) / config.batch);
  first_epoch_ = model.state().epoch;
  best_val_loss_ = std::numeric_limits<float>::infinity();
  snapshot();
  begin_epoch();
}

Trainer::~Trainer() = default;

float Trainer::lr_for_epoch(int64_t epoch) const {
  const float base = config_.optimizer.lr;
  const double total = double(first_epoch_ + config_.epochs);
  if (config_.schedule == "step") {
    if (epoch >= int64_t(total * 0.75)) return base * 0.01f;
    if (epoch >= int64_t(total * 0.5)) return base * 0.1f;
    return base;
  }
  if (config_.schedule == "cosine") {
    // After the warm-up, cosine over the remaining epochs.
    const double w = std::min(double(config_.warmup_epochs), total - 1.0);
    const double t = std::max(0.0, double(epoch) - w) / std::max(1.0, total - w);
    return float(0.5 * base * (1.0 + std::cos(3.14159265358979 * t)));
  }
  return base;
}

// The epoch's rate, scaled by (step + 1) / warm-up steps during the warm-up.
float Trainer::lr_for_step(int64_t step) const {
  const float lr = lr_for_epoch(step / std::max<int64_t>(1, steps_per_epoch_));
  const int64_t warm = int64_t(config_.warmup_epochs) * steps_per_epoch_;
  if (step >= warm) return lr;
  return lr * float(double(step + 1) / double(warm));
}

// Soft targets for the batch in batch_x_ / batch_labels_: label smoothing,
// and with mixup each image blended with its partner (the batch reversed)
// by one lambda ~ Beta(alpha, alpha) per batch, drawn from (seed, step).
void Trainer::mix_batch(uint64_t seed, int64_t step) {
  const int n = int(batch_labels_.size()), k = model_.num_classes();
  const float e = config_.label_smoothing;
  Tensor t({n, k, 1, 1}, e / float(k));
  for (int i = 0; i < n; ++i) t[size_t(i) * k + batch_labels_[i]] += 1.f - e;
  if (config_.mixup > 0.f && n > 1) {
    Rng rng = Rng::derive(seed, kStreamMixup, uint64_t(step));
    float lam = float(beta_draw(config_.mixup, rng));
    lam = std::max(lam, 1.f - lam);  // the image itself dominates; its label stays the "true" one
    const size_t sample = batch_x_.shape().sample_size();
    Tensor x = batch_x_;
    Tensor mixed(t.shape());
    for (int i = 0; i < n; ++i) {
      const int j = n - 1 - i;
      for (size_t q = 0; q < sample; ++q)
        x[size_t(i) * sample + q] = lam * batch_x_[size_t(i) * sample + q] +
                                    (1.f - lam) * batch_x_[size_t(j) * sample + q];
      for (int c = 0; c < k; ++c)
        mixed[size_t(i) * k + c] = lam * t[size_t(i) * k + c] + (1.f - lam) * t[size_t(j) * k + c];
    }
    batch_x_ = std::move(x);
    t = std::move(mixed);
  }
  batch_targets_ = std::move(t);
}

void Trainer::begin_epoch() {
  const int64_t epoch = model_.state().epoch;
  order_ = split_.train;
  Rng rng = Rng::derive(model_.state().seed, kStreamShuffle, uint64_t(epoch));
  for (size_t i = order_.size(); i > 1; --i) std::swap(order_[i - 1], order_[rng.below(uint32_t(i))]);
  optimizer_->set_lr(lr_for_epoch(epoch));
  batch_in_epoch_ = 0;
  epoch_loss_ = 0;
  epoch_correct_ = epoch_seen_ = 0;
  epoch_start_ = now_seconds();
}

StepReport Trainer::step() {
  if (finished_) throw Error("training has finished: start a new training to continue");
  TrainState& st = model_.state();
  const size_t begin = size_t(batch_in_epoch_) * config_.batch;
  const size_t end = std::min(order_.size(), begin + size_t(config_.batch));
  Rng aug = Rng::derive(st.seed, kStreamAugment, uint64_t(st.step));
  make_batch(data_, order_, begin, end, model_.normalization(),
             config_.augment ? &config_.augmentation : nullptr, &aug, batch_x_, batch_labels_);
  Tensor out;
  const bool soft = config_.label_smoothing > 0.f || config_.mixup > 0.f;
  if (soft) mix_batch(st.seed, st.step);
  const float loss =
      soft ? model_.forward_backward(batch_x_, batch_targets_, step_seed(st.seed, st.step), &out)
           : model_.forward_backward(batch_x_, batch_labels_, step_seed(st.seed, st.step), &out);
  if (!std::isfinite(loss)) {
    restore();
    finished_ = true;
    throw Error(errc::kDiverged, "training diverged: the loss became " + std::string(std::isnan(loss) ? "NaN" : "infinite") +
                " in epoch " + std::to_string(st.epoch + 1) +
                ". The model was put back to its last good state (end of epoch " +
                std::to_string(st.epoch) + "); lower the learning rate and train again");
  }
  if (config_.warmup_epochs > 0) optimizer_->set_lr(lr_for_step(st.step));
  optimizer_->step(model_.params());
  if (ema_) ema_->update(model_);
  ++st.step;
  ++session_steps_;
  ++batch_in_epoch_;
  const int k = model_.num_classes();
  for (size_t i = 0; i < batch_labels_.size(); ++i)
    epoch_correct_ += argmax(out.data() + i * size_t(k), size_t(k)) == batch_labels_[i];
  epoch_seen_ += int64_t(batch_labels_.size());
  epoch_loss_ += double(loss) * double(batch_labels_.size());

  StepReport r;
  r.step = session_steps_;
  r.total_steps = total_steps();
  r.epoch = st.epoch + 1;
  r.loss = loss;
  r.images = int(batch_labels_.size());
  if (batch_in_epoch_ == steps_per_epoch_) {
    r.epoch_ended = true;
    r.epoch_report = end_epoch();
    r.finished = finished_;
    r.stopped_early = finished_ && epochs_done_ < config_.epochs;
    if (finished_ && config_.restore_best && best_epoch_ > 0 && best_epoch_ != st.epoch) {
      auto params = model_.params();
      for (size_t i = 0; i < params.size(); ++i) params[i]->value = best_params_[i];
      auto buffers = model_.buffers();
      for (size_t i = 0; i < buffers.size(); ++i) *buffers[i].value = best_buffers_[i];
      r.restored_epoch = best_epoch_;
    } else if (finished_ && ema_) {
      ema_->swap(model_);  // the model ends as the average it was validated as
    }
    if (!finished_) begin_epoch();
  }
  return r;
}

EpochReport Trainer::end_epoch() {
  TrainState& st = model_.state();
  EpochReport e;
  e.epoch = st.epoch + 1;
  e.train_loss = float(epoch_loss_ / double(std::max<int64_t>(1, epoch_seen_)));
  e.train_acc = float(epoch_correct_) / float(std::max<int64_t>(1, epoch_seen_));
  e.lr = optimizer_->config().lr;
  // Before the snapshot: weights or statistics gone NaN or infinite while the
  // loss stayed finite (train/finite.h) would otherwise become the "last good"
  // model and be saved.
  const std::string bad = first_non_finite(model_);
  if (!bad.empty()) {
    restore();
    finished_ = true;
    throw Error(errc::kDiverged, "training diverged: weights became NaN or infinite in epoch " +
                std::to_string(e.epoch) + " (" + bad + ") while the loss stayed finite. The model was put back to the end of epoch " +
                std::to_string(st.epoch) + "; lower the learning rate and train again");
  }
  if (ema_ && !split_.val.empty()) {
    const Evaluation last = evaluate(model_, data_, split_.val);
    e.last_val_loss = last.loss;
    e.last_val_acc = last.accuracy;
  }
  if (ema_) ema_->swap(model_);
  const Evaluation val = evaluate(model_, data_, split_.val);
  if (ema_) ema_->swap(model_);
  e.val_loss = val.loss;
  e.val_acc = val.accuracy;
  e.seconds = now_seconds() - epoch_start_;
  if (!split_.val.empty() && !std::isfinite(val.loss)) {
    restore();
    finished_ = true;
    throw Error(errc::kDiverged, "training diverged: the validation loss became NaN in epoch " +
                std::to_string(e.epoch) + ". The model was put back to the end of epoch " +
                std::to_string(st.epoch) + "; lower the learning rate and train again");
  }
  st.epoch += 1;
  ++epochs_done_;
  snapshot();

  if (epochs_done_ >= config_.epochs) finished_ = true;
  if (!split_.val.empty()) {
    if (e.val_loss < best_val_loss_ - 1e-6f) {
      best_val_loss_ = e.val_loss;
      epochs_without_gain_ = 0;
      if (config_.restore_best) {
        // snapshot() above took this epoch's weights; validation measured the average
        best_params_ = ema_ ? ema_->params() : good_params_;
        best_buffers_ = ema_ ? ema_->buffers() : good_buffers_;
        best_epoch_ = st.epoch;
      }
    } else if (++epochs_without_gain_ >= config_.patience && config_.patience > 0) {
      finished_ = true;
    }
  }
  return e;
}

void Trainer::fit(const std::function<void(const StepReport&)>& on_step,
                  const std::function<void(const EpochReport&)>& on_epoch) {
  while (!finished_) {
    const StepReport r = step();
    if (on_step) on_step(r);
    if (r.epoch_ended && on_epoch) on_epoch(r.epoch_report);
  }
}

std::vector<uint8_t> Trainer::save() const {
  require_finite(model_, "save the model");
  return model_.save(optimizer_.get());
}

void Trainer::snapshot() {
  good_params_.clear();
  good_buffers_.clear();
  for (Param* p : model_.params()) good_params_.push_back(p->value);
  for (const Buffer& b : model_.buffers()) good_buffers_.push_back(*b.value);
  good_opt_state_ = optimizer_->state();
  good_opt_steps_ = optimizer_->steps();
  good_state_ = model_.state();
}

void Trainer::restore() {
  auto params = model_.params();
  for (size_t i = 0; i < params.size(); ++i) params[i]->value = good_params_[i];
  auto buffers = model_.buffers();
  for (size_t i = 0; i < buffers.size(); ++i) *buffers[i].value = good_buffers_[i];
  optimizer_->load_state(good_opt_state_, good_opt_steps_);
  model_.state() = good_state_;
}

}  // namespace barnlab
