#include "app/session.h"

#include <algorithm>

#include "core/clock.h"
#include "core/error.h"
#include "model/predict.h"
#include "train/metrics.h"

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

}  // namespace

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
  TrainConfig cfg;
  cfg.epochs = c.epochs;
  cfg.batch = c.batch;
  cfg.optimizer.name = c.optimizer;
  cfg.optimizer.lr = c.lr;
  cfg.optimizer.weight_decay = c.weight_decay;
  cfg.val_share = c.val_share;
  cfg.seed = c.seed;
  cfg.augment = c.augment;
  cfg.schedule = c.schedule;
  cfg.patience = c.patience;
  trainer_ = std::make_unique<Trainer>(*model_, data_, cfg);
  last_val_ = trainer_->split().val;
  have_val_ = true;
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

SessionEvaluation Session::evaluate() {
  require_model();
  require_idle("evaluate");
  std::vector<int> indices;
  if (have_val_ && !last_val_.empty()) {
    indices = last_val_;
  } else {
    for (size_t i = 0; i < data_.count(); ++i)
      if (data_.labels[i] < model_->num_classes()) indices.push_back(int(i));
  }
  if (data_.size != model_->size() || data_.channels != model_->channels())
    throw Error("the images do not match the model's input: set the image format to the model's size and channels");
  SessionEvaluation out;
  out.figures = barnlab::evaluate(*model_, data_, indices);
  const ClassificationReport rep = classification_report(out.figures.confusion);
  for (int k = 0; k < model_->num_classes(); ++k)
    out.per_class.push_back({model_->classes()[k], rep.precision[k], rep.recall[k], rep.counts[k]});
  for (size_t i = 0; i < indices.size(); ++i)
    if (out.figures.predicted[i] != out.figures.labels[i])
      out.misclassified.push_back({indices[i], out.figures.labels[i], out.figures.predicted[i],
                                   out.figures.confidence[i]});
  return out;
}

std::vector<float> Session::predict_image(const Image& img) {
  require_model();
  require_idle("predict");
  return barnlab::predict_image(*model_, img);
}

std::vector<float> Session::predict(const uint8_t* pixels, int width, int height, int channels) {
  return predict_image(image_from(pixels, width, height, channels));
}

std::vector<float> Session::predict_encoded(const uint8_t* bytes, size_t size) {
  return predict_image(decode_image(bytes, size));
}

std::vector<uint8_t> Session::export_model() const {
  require_model();
  return trainer_ ? trainer_->save() : model_->save();
}

ModelInfo Session::import_model(const uint8_t* bytes, size_t size) {
  require_idle("import a model");
  auto m = std::make_unique<Model>(Model::load(bytes, size));  // throws before anything changes
  model_ = std::move(m);
  have_val_ = false;
  return model_info();
}

}  // namespace barnlab
