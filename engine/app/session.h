// The façade the browser (and any embedding) uses: one training session
// holding images, a model and a running training, with only standard types
// in its interface. wasm/bindings.cpp maps it to JavaScript one to one, so
// everything here is also tested natively.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "data/dataset.h"
#include "model/model.h"
#include "train/trainer.h"

namespace barnlab {

struct SessionTrainConfig {
  int epochs = 10;
  int batch = 32;
  std::string optimizer = "adam";
  float lr = 1e-3f;
  float weight_decay = 0.f;
  float val_share = 0.2f;
  uint64_t seed = 1;
  bool augment = false;
  std::string schedule = "none";
  int patience = 0;
};

struct TrainPlan {
  int train_count = 0, val_count = 0;
  int64_t steps_per_epoch = 0, total_steps = 0;
};

struct SessionStep {
  StepReport report;
  double images_per_second = 0;
};

struct ClassFigures {
  std::string name;
  float precision = 0, recall = 0;
  int count = 0;
};

struct Misclassified {
  int index = 0, label = 0, predicted = 0;
  float probability = 0;
};

struct SessionEvaluation {
  Evaluation figures;
  std::vector<ClassFigures> per_class;
  std::vector<Misclassified> misclassified;
};

struct ModelInfo {
  std::string arch;
  std::vector<std::string> classes;
  int size = 0, channels = 0;
  int64_t epochs = 0;
  size_t parameters = 0;
  std::string summary;
};

class Session {
 public:
  Session();
  ~Session();

  // Images: interleaved uint8 pixels (channels 1, 3 or 4) of any size,
  // resized to the format's square size and kept as uint8.
  void set_image_format(int size, int channels);  // clears images
  int add_image(const uint8_t* pixels, int width, int height, int channels, int label);
  int add_encoded_image(const uint8_t* bytes, size_t size, int label);
  void remove_image(int index);
  void clear_images();
  int image_count() const { return int(data_.count()); }

  ModelInfo create_model(const std::string& arch, const std::string& spec,
                         const std::vector<std::string>& classes, int size, float dropout);
  bool has_model() const { return model_ != nullptr; }
  ModelInfo model_info() const;

  TrainPlan begin_training(const SessionTrainConfig& config);
  // Runs up to max_steps steps, stopping early at an epoch's end so no
  // epoch report is lost. Errors (divergence) end the training.
  SessionStep train_steps(int max_steps);
  void end_training();
  bool is_training() const { return trainer_ != nullptr; }

  // On the validation split of the last training (all images if none).
  SessionEvaluation evaluate();
  std::vector<float> predict(const uint8_t* pixels, int width, int height, int channels);
  std::vector<float> predict_encoded(const uint8_t* bytes, size_t size);

  std::vector<uint8_t> export_model() const;
  ModelInfo import_model(const uint8_t* bytes, size_t size);

 private:
  void require_model() const;
  void require_idle(const char* what) const;
  std::vector<float> predict_image(const Image& img);

  Dataset data_;
  std::unique_ptr<Model> model_;
  std::unique_ptr<Trainer> trainer_;
  std::vector<int> last_val_;   // validation indices of the last training
  bool have_val_ = false;
};

}  // namespace barnlab
