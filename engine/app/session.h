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
#include "train/calibration.h"
#include "train/ood.h"
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
  // The recipe of issue 9 (all off by default, so old configs train as before).
  std::string augmentation = "basic";  // basic (flip, pad-4 crop, brightness/contrast) | strong
  float label_smoothing = 0.f;         // 0..0.5
  float mixup = 0.f;                   // mixup alpha; 0 = off
  int warmup_epochs = 0;               // linear warm-up before the schedule
  bool restore_best = false;           // end with the epoch of lowest validation loss
};

// A training preset chosen by the data (model/preset_config.h): what the app's
// Fast / Balanced / Accurate and the CLI's --preset train.
struct PresetChoice {
  std::string preset;   // fast | balanced | accurate
  std::string arch;     // a Model preset name
  int size = 64;        // image side in pixels
  float dropout = -1.f; // < 0: the architecture's own
  SessionTrainConfig train;
};
PresetChoice preset_config(const std::string& preset, int photo_count, int class_count);

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
  std::vector<Misclassified> misclassified;  // probability is calibrated
  float accuracy_low = 0, accuracy_high = 0;  // Wilson 95% interval
  std::vector<ConfusedPair> confused;         // off-diagonal cells, most first (up to 5)
  float ece_before = 0, ece_after = 0;        // expected calibration error, 15 bins
  float temperature = 1.f;                    // fitted on the validation split
  float threshold = 0.f;                      // "not sure" below this calibrated confidence
  // The "looks like none of your classes" check (train/ood.h), when the
  // model has it: the share of the evaluated photos it flags (about 5 in
  // 100 of the checking photos right after training).
  bool ood_check = false;
  float ood_threshold = 0.f;
  float ood_flagged = 0.f;
};

struct SessionPrediction {
  std::vector<float> probabilities;  // calibrated (temperature-scaled)
  int top1 = 0, top2 = 0;            // the two most probable classes
  bool not_sure = false;             // probabilities[top1] < the model's threshold
  bool unfamiliar = false;           // looks like none of the classes (distance > the check's threshold)
  float distance = 0.f;              // to the nearest class mean; 0 when the model has no check
};

struct ModelInfo {
  std::string arch;
  std::vector<std::string> classes;
  int size = 0, channels = 0;
  int64_t epochs = 0;
  size_t parameters = 0;
  std::string summary;
  float temperature = 1.f;  // calibration saved in the model file
  float threshold = 0.f;    // "not sure" threshold saved in the model file
  bool ood_check = false;   // the model file has the "looks like none" check
  float ood_threshold = 0.f;
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
  // Room for `count` images of the current format, taken once before they
  // are added (a browser streams thousands in batches): the pixel buffer
  // then never grows by copying, which would briefly hold the old and the
  // new buffer. Images already held are kept; a smaller count does nothing.
  void reserve_images(int count);
  int image_capacity() const;  // images the buffer holds without growing

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

  // Milliseconds per training step of a throwaway model of this
  // architecture on random images: the median of `steps` timed steps after
  // two untimed warm-up steps; the session's images and model are untouched.
  double measure_step_time(const std::string& arch, int channels, int size, int batch, int steps);

  // On the validation split of the last training (all images if none).
  // After a training it fits the temperature and the "not sure" threshold on
  // that split and stores them in the model (saved with it). A model just
  // trained with augmentation (flips) is evaluated with test-time
  // augmentation (photo + mirror averaged), otherwise on the photos alone.
  SessionEvaluation evaluate();
  std::vector<float> predict(const uint8_t* pixels, int width, int height, int channels);
  std::vector<float> predict_encoded(const uint8_t* bytes, size_t size);
  // Calibrated prediction; tta averages the photo and its mirror image.
  SessionPrediction classify(const uint8_t* pixels, int width, int height, int channels, bool tta);
  SessionPrediction classify_encoded(const uint8_t* bytes, size_t size, bool tta);
  // |d score(class) / d input| (max over channels) as size x size values in
  // [0,1], row-major; for a picture or for image `index` of the session.
  std::vector<float> saliency(const uint8_t* pixels, int width, int height, int channels,
                              int class_index);
  std::vector<float> saliency_of_image(int index, int class_index);

  std::vector<uint8_t> export_model() const;
  ModelInfo import_model(const uint8_t* bytes, size_t size);

 private:
  void require_model() const;
  void require_idle(const char* what) const;
  std::vector<float> predict_image(const Image& img);
  SessionPrediction classify_image(const Image& img, bool tta);
  std::vector<float> saliency_map(const Image& img, int class_index);

  Dataset data_;
  std::unique_ptr<Model> model_;
  std::unique_ptr<Trainer> trainer_;
  std::vector<int> last_val_;   // validation indices of the last training
  bool have_val_ = false;
  bool calibrated_ = false;  // evaluate() fitted the calibration on last_val_
  bool trained_with_flips_ = false;  // the last training augmented (flips included)
  std::vector<int> last_train_;  // training indices of the last training
  OodStats ood_;                 // the model's check, parsed (empty: none)
};

}  // namespace barnlab
