// The presets. Every one uses the modern recipe (farm-res, AdamW, warm-up
// then cosine, label smoothing, strong augmentation); they differ in image
// size, epochs, mixup and whether the best epoch is restored.
//
// Few photos (under 60 a class) follow what the learning-curve benchmark
// measured at 20 a class (README, "Model quality"): what carries the weight
// there is (1) keeping the last epoch: the lowest validation loss on a split
// of 4 photos a class picks an early epoch (36-53 of 120-240) and cost 5 to
// 8 points; (2) enough optimizer steps: the epochs are set so that every
// run sees about the same number of image passes, however few the photos
// (120 epochs at 20 a class, 240 at 10); (3) a smaller image, 48 px, which
// both generalizes better from few photos and pays for those steps. Mixup
// neither helped nor hurt there and stays on. Fast makes half the passes at
// 32 px, Accurate twice as many at 48 px. The best epoch is restored
// only when the validation split is big enough (200 photos) to tell epochs
// apart; 2,700 photos give 540.
//
// Many photos (250 a class and more) follow what all 2,700 farm photos
// measured (README, "Model quality"): the strong augmentation keeps farm-res
// below its capacity there (training accuracy no higher than validation's
// after 32 epochs), so these presets use the basic one; and they spend the
// app's time budget on epochs: Fast 24 at 48 px (was 12), Balanced 32 at
// 64 px (was 20), by the measured native-to-app ratios about 180 of Fast's
// 240 s and 480 of Balanced's 600 s in Chromium on a 2-core machine.
#include "train/presets.h"

#include <algorithm>
#include <cmath>

#include "core/error.h"

namespace barnlab {

namespace {

// Image passes a few-photo run makes: 96 training photos x 120 epochs.
constexpr double kFewPhotoPasses = 11520;
constexpr int kRestoreMinValPhotos = 200;

}  // namespace

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
  const bool few = per_class < 60;
  const bool many = per_class >= 250;
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
  t.restore_best = double(photo_count) * t.val_share >= kRestoreMinValPhotos;
  t.seed = 1;
  // Few photos: the epochs that give `passes` image passes over the training split.
  const double train_photos = std::max(1.0, double(photo_count) * (1.0 - t.val_share));
  auto few_epochs = [&](double passes) {
    return std::clamp(int(std::lround(passes / train_photos)), 30, std::max(30, int(passes / 48)));
  };
  if (name == "fast") {
    p.size = few ? 32 : 48;
    t.epochs = few ? few_epochs(kFewPhotoPasses / 2) : (many ? 24 : 20);
    t.warmup_epochs = few ? 2 : 1;
    t.mixup = few ? 0.2f : 0.f;
  } else if (name == "balanced") {
    p.size = few ? 48 : 64;
    t.epochs = few ? few_epochs(kFewPhotoPasses) : (many ? 32 : 30);
    t.warmup_epochs = 2;
    t.mixup = many ? 0.f : 0.2f;
  } else if (name == "accurate") {
    p.size = few ? 48 : 64;
    t.epochs = few ? few_epochs(2 * kFewPhotoPasses) : (many ? 35 : 50);
    t.warmup_epochs = 3;
    t.mixup = 0.2f;
  } else {
    throw Error("unknown preset '" + name + "': choose fast, balanced or accurate");
  }
  if (many) {
    p.augmentation = "basic";
    t.augmentation = augmentation_named(p.augmentation);
  }
  return p;
}

}  // namespace barnlab
