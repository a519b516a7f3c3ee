// The presets. Every one uses the modern recipe (farm-res, AdamW, warm-up
// then cosine, label smoothing, strong augmentation, best epoch restored);
// they differ in image size, epochs and mixup. Fewer photos get more epochs
// (the number of optimizer steps matters more than passes over the data)
// and mixup, which helps most when data is scarce.
#include "train/presets.h"

#include <algorithm>

#include "core/error.h"

namespace barnlab {

std::vector<std::string> training_preset_names() { return {"fast", "balanced", "accurate"}; }

AugmentConfig augmentation_named(const std::string& name) {
  if (name == "basic") return AugmentConfig{true, 4, 0.2f, 0.2f};
  if (name == "strong") return strong_augmentation();
  throw Error("unknown augmentation '" + name + "': choose basic or strong");
}

TrainingPreset training_preset(const std::string& name, int photo_count, int class_count) {
  if (class_count < 2) throw Error("a classifier needs at least 2 classes");
  if (photo_count < class_count)
    throw Error("there are fewer photos (" + std::to_string(photo_count) + ") than classes (" +
                std::to_string(class_count) + "): add photos to every class");
  const int per_class = photo_count / class_count;
  // Epochs for (few, some, many) photos a class.
  auto by_data = [&](int few, int some, int many) {
    return per_class < 60 ? few : per_class < 250 ? some : many;
  };
  TrainingPreset p;
  p.name = name;
  p.arch = "farm-res";
  TrainConfig& t = p.train;
  t.optimizer.name = "adamw";
  t.optimizer.lr = 2e-3f;
  t.optimizer.weight_decay = 0.05f;
  t.batch = photo_count < 400 ? 16 : 32;
  t.val_share = 0.2f;
  t.augment = true;
  t.augmentation = strong_augmentation();
  t.schedule = "cosine";
  t.label_smoothing = 0.1f;
  t.restore_best = true;
  t.seed = 1;
  if (name == "fast") {
    p.size = 48;
    t.epochs = by_data(40, 20, 12);
    t.warmup_epochs = 1;
    t.mixup = 0.f;
  } else if (name == "balanced") {
    p.size = 64;
    t.epochs = by_data(60, 30, 20);
    t.warmup_epochs = 2;
    t.mixup = per_class < 250 ? 0.2f : 0.f;
  } else if (name == "accurate") {
    p.size = 64;
    t.epochs = by_data(90, 50, 35);
    t.warmup_epochs = 3;
    t.mixup = 0.2f;
  } else {
    throw Error("unknown preset '" + name + "': choose fast, balanced or accurate");
  }
  return p;
}

}  // namespace barnlab
