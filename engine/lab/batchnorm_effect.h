// Page 12: batch normalization. The book's experiment: the same 5-layer MLP
// trained with and without a BatchNorm layer after every hidden Affine, for
// initial weight scales from 1 down to 1e-4 (log-spaced), accuracy per
// epoch; and what the engine's BatchNorm does to one batch: per-feature mean
// 0 and variance 1 in training mode.
#pragma once

#include <string>
#include <vector>

#include "data/dataset.h"

namespace barnlab {

struct BatchNormGridSettings {
  int scales = 8;
  int only = -1;  // run just this scale index; -1 = all
  // The book trains 1000 images for 20 epochs at lr 0.01 (batch 100); 300
  // images in batches of 30 at lr 0.05 show the same contrast in a sixth of
  // the time (about 0.35 s a scale natively).
  int n_train = 300, n_test = 300, epochs = 10, batch = 30;
  int units = 100, hidden_layers = 4;
  float lr = 0.05f;
  std::string optimizer = "sgd";
  uint64_t seed = 1;
};

struct AccuracyCurves {
  std::vector<float> train_acc, test_acc;  // per epoch; NaN after a divergence
  bool diverged = false;                   // the loss became NaN or infinite
};

struct BatchNormRun {
  int index = 0;
  float scale = 0;
  AccuracyCurves bn, plain;
};

struct BatchNormGrid {
  std::vector<float> scales;  // all of them, log-spaced from 1 to 1e-4
  std::vector<BatchNormRun> runs;
};

BatchNormGrid batchnorm_grid(const Dataset& fashion, const BatchNormGridSettings& s);

struct BatchNormStatsSettings {
  int batch = 100, units = 20;
  float scale = 0.01f;
  uint64_t seed = 1;
};

struct FeatureStats {
  std::vector<float> mean, var;  // per feature, over the batch (population variance)
};

struct BatchNormStats {
  FeatureStats before, after;
};

BatchNormStats batchnorm_stats(const Dataset& fashion, const BatchNormStatsSettings& s);

}  // namespace barnlab
