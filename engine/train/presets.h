// Training presets chosen by the data: Fast, Balanced and Accurate pick the
// architecture, image size, epochs and regularization from the number of
// photos and classes. This is the one definition: the app's preset buttons
// (through app/session.h) and the CLI's `train --preset` both call it, so the
// same photos train the same model.
#pragma once

#include <string>
#include <vector>

#include "train/trainer.h"

namespace barnlab {

struct TrainingPreset {
  std::string name;       // fast | balanced | accurate
  std::string arch;       // a Model preset
  int size = 64;          // image side
  float dropout = -1.f;   // < 0: the architecture's own
  TrainConfig train;      // with augment on and augmentation set
  std::string augmentation = "strong";  // the name of train.augmentation
};

std::vector<std::string> training_preset_names();
// Throws Error for an unknown name or fewer than 2 classes / photos than classes.
TrainingPreset training_preset(const std::string& name, int photo_count, int class_count);
// "basic" or "strong" -> the augmentation; throws Error otherwise.
AugmentConfig augmentation_named(const std::string& name);

}  // namespace barnlab
