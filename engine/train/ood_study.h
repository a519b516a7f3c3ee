// How well the out-of-distribution check (train/ood.h) finds photos of
// something the model was never taught, measured honestly: one class is
// left out of training (leave-one-class-out), the model is trained on the
// others with an app preset, and every rule's threshold is set on the
// validation photos so that the same share (5%) of them is flagged. Then
// the share flagged is counted on photos of the known classes never used
// for anything (the false flags), on the left-out class's photos (near
// unknowns) and on Fashion-MNIST pictures (far unknowns). The rules: the
// Mahalanobis and the cosine distance to the nearest class mean, and the
// app's calibrated top probability (the "not sure" rule) at the same
// false-flag rate. `barnlab ood` prints it.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "train/trainer.h"

namespace barnlab {

struct OodStudyConfig {
  std::string data_dir;     // class-per-folder photos
  std::string holdout;      // the class left out of training
  std::string preset = "fast";
  std::string fashion_dir;  // Fashion-MNIST IDX folder; "" = skip the far case
  int fashion_count = 1000; // test pictures used
  float keep = 0.95f;       // share of validation photos under every threshold
  uint64_t seed = 1;
  int epochs = 0;           // > 0: overrides the preset's
  int per_class = 0;        // > 0: at most this many photos of each class (few photos)
};

struct OodRule {
  std::string name;
  float threshold = 0;
  float known_flagged = 0;     // test photos of the trained classes flagged
  float holdout_flagged = 0;   // left-out class photos flagged
  float fashion_flagged = 0;   // Fashion-MNIST pictures flagged
  float holdout_auroc = 0.5f, fashion_auroc = 0.5f;
};

struct OodStudy {
  std::string arch;
  int size = 0, epochs = 0;
  int train_count = 0, val_count = 0, test_count = 0, holdout_count = 0, fashion_count = 0;
  float val_accuracy = 0, test_accuracy = 0;
  float not_sure_threshold = 0;  // the app's fitted "not sure" threshold
  float not_sure_known = 0, not_sure_holdout = 0, not_sure_fashion = 0;  // flagged by it
  // "not sure" or the Mahalanobis check (what the app shows), flagged.
  float app_known = 0, app_holdout = 0, app_fashion = 0;
  std::vector<OodRule> rules;
};

OodStudy run_ood_study(const OodStudyConfig& config,
                       const std::function<void(const EpochReport&)>& on_epoch);

}  // namespace barnlab
