#include "app/session.h"

#include <algorithm>

#include "core/clock.h"
#include "core/error.h"
#include "core/rng.h"
#include "model/predict.h"
#include "optimizers/optimizer.h"
#include "train/metrics.h"
#include "train/finite.h"
#include "train/presets.h"

namespace barnlab {
namespace {

Image image_from(const uint8_t* pixels, int width, int height, int channels) {
  if (width <= 0 || height <= 0) throw Error("an image needs a positive width and height");
  if (channels != 1 && channels != 3 && channels != 4)
    throw Error("images need 1, 3 or 4 channels, got " + std::to_string(channels));
  Image img;
  img.width = width;
  img.height = height;
  img.channels = channels;
  img.pixels.assign(pixels, pixels + size_t(width) * height * channels);
  return img;
}

SessionTrainConfig session_config(const TrainingPreset& p) {
  const TrainConfig& t = p.train;
  SessionTrainConfig c;
  c.epochs = t.epochs;
  c.batch = t.batch;
  c.optimizer = t.optimizer.name;
  c.lr = t.optimizer.lr;
  c.weight_decay = t.optimizer.weight_decay;
  c.val_share = t.val_share;
  c.seed = t.seed;
  c.augment = t.augment;
  c.schedule = t.schedule;
  c.patience = t.patience;
  c.augmentation = p.augmentation;
  c.label_smoothing = t.label_smoothing;
  c.mixup = t.mixup;
  c.warmup_epochs = t.warmup_epochs;
  c.restore_best = t.restore_best;
  return c;
}

TrainConfig trainer_config(const SessionTrainConfig& c) {
  TrainConfig cfg;
  cfg.epochs = c.epochs;
  cfg.batch = c.batch;
  cfg.optimizer.name = c.optimizer;
  cfg.optimizer.lr = c.lr;
  cfg.optimizer.weight_decay = c.weight_decay;
  cfg.val_share = c.val_share;
  cfg.seed = c.seed;
  cfg.augment = c.augment;
  cfg.augmentation = augmentation_named(c.augmentation);
  cfg.schedule = c.schedule;
  cfg.patience = c.patience;
  cfg.label_smoothing = c.label_smoothing;
  cfg.mixup = c.mixup;
  cfg.warmup_epochs = c.warmup_epochs;
  cfg.restore_best = c.restore_best;
  return cfg;
}

}  // namespace

PresetChoice preset_config(const std::string& preset, int photo_count, int class_count) {
  const TrainingPreset p = training_preset(preset, photo_count, class_count);
  return PresetChoice{p.name, p.arch, p.size, p.dropout, session_config(p)};
}

Session::Session() = default;
Session::~Session() = default;

void Session::require_model() const {
  if (!model_) throw Error("no model yet: create or import a model first");
}

void Session::require_idle(const char* what) const {
  if (trainer_) throw Error(errc::kBusy, std::string("cannot ") + what + " while training runs: stop it first");
}

void Session::set_image_format(int size, int channels) {
  require_idle("change the image format");
  if (size < 8 || size > 512) throw Error("image size must be between 8 and 512 pixels");
  if (channels != 1 && channels != 3) throw Error("images are kept with 1 or 3 channels");
  data_ = Dataset{};
  data_.size = size;
  data_.channels = channels;
  have_val_ = false;
}

int Session::add_image(const uint8_t* pixels, int width, int height, int channels, int label) {
  require_idle("add images");
  if (label < 0) throw Error("an image's label must not be negative");
  const Image img = image_from(pixels, width, height, channels);
  data_.add(resize_square(img, data_.size, data_.channels).data(), label);
  have_val_ = false;
  return int(data_.count()) - 1;
}

int Session::add_encoded_image(const uint8_t* bytes, size_t size, int label) {
  require_idle("add images");
  if (label < 0) throw Error("an image's label must not be negative");
  const Image img = decode_image(bytes, size);
  data_.add(resize_square(img, data_.size, data_.channels).data(), label);
  have_val_ = false;
  return int(data_.count()) - 1;
}

void Session::remove_image(int index) {
  require_idle("remove images");
  if (index < 0 || size_t(index) >= data_.count())
    throw Error("no image number " + std::to_string(index));
  data_.remove(size_t(index));
  have_val_ = false;
}

void Session::clear_images() { set_image_format(data_.size, data_.channels); }

void Session::reserve_images(int count) {
  require_idle("add images");
  if (count < 0) throw Error("the number of images to make room for must not be negative");
  const size_t n = size_t(count);
  if (n > data_.pixels.max_size() / data_.image_bytes())
    throw Error(errc::kOutOfMemory, "not enough memory for " + std::to_string(count) + " images");
  data_.pixels.reserve(n * data_.image_bytes());
  data_.labels.reserve(n);
}

int Session::image_capacity() const {
  return int(std::min(data_.pixels.capacity() / data_.image_bytes(), data_.labels.capacity()));
}

ModelInfo Session::create_model(const std::string& arch, const std::string& spec,
                                const std::vector<std::string>& classes, int size, float dropout) {
  require_idle("replace the model");
  const int channels = data_.channels;
  auto m = arch == "custom" ? std::make_unique<Model>(spec, classes)
                            : std::make_unique<Model>(Model::preset(arch, channels, size, classes, dropout));
  if (m->channels() != channels || m->size() != size)
    throw Error("the spec's input does not match the images (" + std::to_string(channels) + " x " +
                std::to_string(size) + " x " + std::to_string(size) + ")");
  model_ = std::move(m);
  have_val_ = false;
  ood_ = OodStats{};
  return model_info();
}

ModelInfo Session::model_info() const {
  require_model();
  ModelInfo info;
  info.arch = model_->arch();
  info.classes = model_->classes();
  info.size = model_->size();
  info.channels = model_->channels();
  info.epochs = model_->state().epoch;
  info.parameters = model_->parameter_count();
  info.summary = model_->summary();
  info.temperature = model_->calibration().temperature;
  info.threshold = model_->calibration().threshold;
  info.ood_check = !ood_.empty();
  info.ood_threshold = ood_.threshold;
  return info;
}

TrainPlan Session::begin_training(const SessionTrainConfig& c) {
  require_model();
  if (trainer_) throw Error(errc::kBusy, "a training is already running: stop it before starting another");
  if (data_.size != model_->size())
    throw Error("the images are kept at " + std::to_string(data_.size) + " px but the model takes " +
                std::to_string(model_->size()) + " px: set the image format to the model's size");
  if (data_.channels != model_->channels())
    throw Error("the images are kept with " + std::to_string(data_.channels) +
                " channel(s) but the model takes " + std::to_string(model_->channels()) +
                ": set the image format to the model's channels");
  data_.classes = model_->classes();
  const auto counts = data_.class_counts();  // at least one count per class
  for (size_t k = 0; k < data_.classes.size(); ++k)
    if (counts[k] == 0)
      throw Error(errc::kEmptyClass, "class '" + data_.classes[k] + "' has no photos: add photos to every class");
  for (int label : data_.labels)
    if (label >= model_->num_classes())
      throw Error("an image has label " + std::to_string(label) + " but the model has " +
                  std::to_string(model_->num_classes()) + " classes");
  trainer_ = std::make_unique<Trainer>(*model_, data_, trainer_config(c));
  calibrated_ = false;
  trained_with_flips_ = c.augment;
  last_val_ = trainer_->split().val;
  last_train_ = trainer_->split().train;
  have_val_ = true;
  model_->set_ood({});  // the weights change: the check is fitted again after training
  ood_ = OodStats{};
  TrainPlan plan;
  plan.train_count = int(trainer_->split().train.size());
  plan.val_count = int(trainer_->split().val.size());
  plan.steps_per_epoch = trainer_->steps_per_epoch();
  plan.total_steps = trainer_->total_steps();
  return plan;
}

SessionStep Session::train_steps(int max_steps) {
  if (!trainer_) throw Error("no training is running: start one first");
  SessionStep out;
  const double t0 = now_seconds();
  int64_t images = 0;
  try {
    for (int i = 0; i < std::max(1, max_steps); ++i) {
      out.report = trainer_->step();
      images += out.report.images;
      if (out.report.epoch_ended || out.report.finished) break;
    }
  } catch (...) {
    // Divergence: the trainer restored the last good weights; keep them.
    end_training();
    throw;
  }
  const double dt = now_seconds() - t0;
  out.images_per_second = dt > 0 ? double(images) / dt : 0;
  if (out.report.finished) end_training();
  return out;
}

void Session::end_training() {
  if (!trainer_) return;
  // Keep the weights and the optimizer state, so "continue training" resumes exactly.
  const std::vector<uint8_t> bytes = trainer_->save();
  trainer_.reset();
  *model_ = Model::load(bytes.data(), bytes.size());
}

double Session::measure_step_time(const std::string& arch, int channels, int size, int batch,
                                  int steps) {
  require_idle("measure the speed");
  if (batch < 1 || steps < 1) throw Error("measuring needs a batch and steps of at least 1");
  Model m = Model::preset(arch, channels, size, {"a", "b"});
  OptimizerConfig oc;
  oc.name = "adamw";
  const auto opt = make_optimizer(oc);
  Tensor x(m.input_shape(batch));
  Rng rng(7);
  for (size_t i = 0; i < x.size(); ++i) x[i] = rng.normal();
  std::vector<int> labels(static_cast<size_t>(batch));
  for (int i = 0; i < batch; ++i) labels[size_t(i)] = i % 2;
  // Two untimed steps first: the first allocates the activations and creates
  // the optimizer state, the second still finds cold caches (and in the
  // threaded build a pool waking up). Then the median of the timed steps, not
  // their mean: on a busy tablet one step in a few is delayed by another
  // process, and with three steps averaged that one moved the estimate by a
  // third between two runs on the same photos; the median ignores it while
  // still following a device that is slow throughout.
  constexpr int kWarmup = 2;
  std::vector<double> times;
  times.reserve(size_t(steps));
  for (int s = 0; s < kWarmup + steps; ++s) {
    const double t0 = now_seconds();
    m.forward_backward(x, labels, uint64_t(s));
    opt->step(m.params());
    if (s >= kWarmup) times.push_back(now_seconds() - t0);
  }
  std::sort(times.begin(), times.end());
  const size_t mid = times.size() / 2;
  const double median = times.size() % 2 ? times[mid] : 0.5 * (times[mid - 1] + times[mid]);
  return 1000.0 * median;
}

SessionEvaluation Session::evaluate() {
  require_model();
  require_idle("evaluate");
  std::vector<int> indices;
  const bool fit = have_val_ && !last_val_.empty();
  if (fit) {
    indices = last_val_;
  } else {
    for (size_t i = 0; i < data_.count(); ++i)
      if (data_.labels[i] < model_->num_classes()) indices.push_back(int(i));
  }
  if (data_.size != model_->size() || data_.channels != model_->channels())
    throw Error("the images do not match the model's input: set the image format to the model's size and channels");
  SessionEvaluation out;
  // Fitted once per training: a second evaluation reports the same figures.
  // A model trained with flips (every augmentation flips) is judged as
  // classify(..., tta = true) sees photos: photo and mirror averaged. Without
  // flips the task may tell left from right, and the mirror would mislead.
  const bool tta = fit && trained_with_flips_;
  const CalibrationReport cal = calibrate(*model_, data_, indices, tta, fit && !calibrated_);
  // The checking photos' distances: fitting the check measures them (indices
  // are then last_val_, seen as ood_.mirrored), so only a later evaluation
  // runs the network over them again.
  std::vector<float> distances;
  if (fit && !calibrated_) {
    ood_ = fit_ood_check(*model_, data_, last_train_, last_val_, tta, kOodCheckKeep, &distances);
    model_->set_ood(ood_to_floats(ood_));
  }
  if (fit) calibrated_ = true;
  if (!ood_.empty()) {
    if (distances.empty()) distances = dataset_ood_distances(*model_, ood_, data_, indices, ood_.mirrored);
    out.ood_check = true;
    out.ood_threshold = ood_.threshold;
    out.ood_flagged = share_above(distances, ood_.threshold);
  }
  out.figures = cal.figures;
  const ClassificationReport rep = classification_report(out.figures.confusion);
  for (int k = 0; k < model_->num_classes(); ++k)
    out.per_class.push_back({model_->classes()[k], rep.precision[k], rep.recall[k], rep.counts[k]});
  for (size_t i = 0; i < indices.size(); ++i)
    if (out.figures.predicted[i] != out.figures.labels[i])
      out.misclassified.push_back({indices[i], out.figures.labels[i], out.figures.predicted[i],
                                   out.figures.confidence[i]});
  out.accuracy_low = cal.accuracy95.low;
  out.accuracy_high = cal.accuracy95.high;
  out.confused = cal.confused;
  out.ece_before = cal.ece_before;
  out.ece_after = cal.ece_after;
  out.temperature = cal.temperature;
  out.threshold = cal.threshold;
  return out;
}

std::vector<float> Session::predict_image(const Image& img) {
  require_model();
  require_idle("predict");
  // With the model's temperature (1 until calibrated), as the CLI's predict.
  return predict_image_calibrated(*model_, img, false);
}

std::vector<float> Session::predict(const uint8_t* pixels, int width, int height, int channels) {
  return predict_image(image_from(pixels, width, height, channels));
}

std::vector<float> Session::predict_encoded(const uint8_t* bytes, size_t size) {
  return predict_image(decode_image(bytes, size));
}

SessionPrediction Session::classify_image(const Image& img, bool tta) {
  require_model();
  require_idle("predict");
  SessionPrediction p;
  if (ood_.empty() || tta != ood_.mirrored) {
    p.probabilities = predict_image_calibrated(*model_, img, tta);
  }
  if (!ood_.empty()) {
    // The photo is measured as the check was fitted (mirror or not), whatever
    // tta is; when they agree one pass gives the outputs and the features.
    Tensor outputs;
    const Tensor f = penultimate_features(*model_, model_input(*model_, img), ood_.mirrored, &outputs);
    if (tta == ood_.mirrored) {
      const Tensor probs = calibrated_probabilities(*model_, outputs);
      p.probabilities.assign(probs.data(), probs.data() + probs.size());
    }
    p.distance = ood_distances(ood_, f)[0];
    p.unfamiliar = p.distance > ood_.threshold;
  }
  const auto& v = p.probabilities;
  p.top1 = argmax(v.data(), v.size());
  p.top2 = p.top1 == 0 ? 1 : 0;
  for (size_t k = 0; k < v.size(); ++k)
    if (int(k) != p.top1 && v[k] > v[size_t(p.top2)]) p.top2 = int(k);
  if (v.size() < 2) p.top2 = p.top1;
  p.not_sure = v[size_t(p.top1)] < model_->calibration().threshold;
  return p;
}

SessionPrediction Session::classify(const uint8_t* pixels, int width, int height, int channels,
                                    bool tta) {
  return classify_image(image_from(pixels, width, height, channels), tta);
}

SessionPrediction Session::classify_encoded(const uint8_t* bytes, size_t size, bool tta) {
  return classify_image(decode_image(bytes, size), tta);
}

std::vector<float> Session::saliency_map(const Image& img, int class_index) {
  require_model();
  require_idle("compute a saliency map");
  return saliency_of(*model_, model_input(*model_, img), class_index);
}

std::vector<float> Session::saliency(const uint8_t* pixels, int width, int height, int channels,
                                     int class_index) {
  return saliency_map(image_from(pixels, width, height, channels), class_index);
}

std::vector<float> Session::saliency_of_image(int index, int class_index) {
  require_model();
  require_idle("compute a saliency map");
  if (index < 0 || size_t(index) >= data_.count())
    throw Error("no image number " + std::to_string(index));
  if (data_.size != model_->size() || data_.channels != model_->channels())
    throw Error("the images do not match the model's input: set the image format to the model's size and channels");
  Tensor x(model_->input_shape(1));
  normalize_image(data_.image(size_t(index)), data_.channels, data_.size, model_->normalization(),
                  x.data());
  return saliency_of(*model_, x, class_index);
}

std::vector<uint8_t> Session::export_model() const {
  require_model();
  if (trainer_) return trainer_->save();  // which refuses a model that is not finite
  require_finite(*model_, "save the model");
  return model_->save();
}

ModelInfo Session::import_model(const uint8_t* bytes, size_t size) {
  require_idle("import a model");
  auto m = std::make_unique<Model>(Model::load(bytes, size));  // throws before anything changes
  OodStats ood;
  if (!m->ood().empty()) {
    ood = ood_from_floats(m->ood());
    const Tensor probe(m->input_shape(1));
    const size_t dim = penultimate_features(*m, probe, false).size();
    if (ood.classes != m->num_classes() || size_t(ood.dim) != dim)
      throw Error("the model's out-of-distribution statistics do not fit its network (" +
                  std::to_string(ood.dim) + " features for " + std::to_string(dim) +
                  "): export the model again from the app that trained it");
  }
  model_ = std::move(m);
  ood_ = std::move(ood);
  have_val_ = false;
  return model_info();
}

}  // namespace barnlab
