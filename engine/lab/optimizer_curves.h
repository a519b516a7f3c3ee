// Page 10, part 2: the same MLP (same seed, so the same initial weights and
// the same shuffled batches) trained on Fashion-MNIST by each optimizer;
// the training loss of every step, side by side.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "data/dataset.h"

namespace barnlab {

struct OptimizerCurveSettings {
  int n_train = 1000, steps = 200, batch = 32;
  uint64_t seed = 1;
  std::vector<int> hidden = {100, 100, 100, 100};
  // The book's rates: 0.01 everywhere but Adam's 0.001.
  std::vector<std::pair<std::string, float>> optimizers = {
      {"sgd", 0.01f}, {"momentum", 0.01f}, {"nesterov", 0.01f},
      {"adagrad", 0.01f}, {"rmsprop", 0.01f}, {"adam", 0.001f}};
};

struct OptimizerCurve {
  std::string name;
  float lr = 0;
  std::vector<float> loss;  // per step
  float final_loss = 0;     // mean of the last 10 steps (fewer if shorter)
};

std::vector<OptimizerCurve> optimizer_curves(const Dataset& fashion, const OptimizerCurveSettings& s);

}  // namespace barnlab
