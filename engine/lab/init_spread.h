// Page 11: weight initialization. A stack of engine Affine layers (biases
// 0) with an activation after each, fed standard-normal inputs: how the
// spread of each layer's activations depends on the initial weight std
// (1, 0.01, Xavier 1/sqrt(n), He sqrt(2/n)); then the same inits training a
// Fashion-MNIST MLP.
#pragma once

#include <string>
#include <vector>

#include "data/dataset.h"

namespace barnlab {

// "std1", "std0.01", "xavier", "he".
const std::vector<std::string>& init_names();

struct InitSpreadSettings {
  std::string activation = "sigmoid";  // sigmoid, tanh, relu
  std::vector<std::string> inits = init_names();
  int layers = 5, units = 100, samples = 1000, bins = 30;
  uint64_t seed = 1;
};

struct LayerSpread {
  int layer = 0;  // 1-based
  float mean = 0, std = 0;
  // Share of activations within 0.02 of the activation's limits (0 and 1
  // for sigmoid, -1 and 1 for tanh); for ReLU the share exactly 0.
  float saturated = 0;
  float lo = 0, hi = 0;  // histogram range, bins of equal width
  std::vector<int> counts;
};

struct InitSpread {
  std::string init;
  float weight_std = 0;
  std::vector<LayerSpread> layers;
};

// Histogram ranges: sigmoid [0,1], tanh [-1,1], relu [0, the layer's
// largest value]. Throws Error for an unknown name or a size out of range.
std::vector<InitSpread> init_spread(const InitSpreadSettings& s);

struct InitCurveSettings {
  std::string activation = "relu";
  std::vector<std::string> inits = init_names();
  int n_train = 1000, steps = 200, batch = 32, units = 100, layers = 5;
  float lr = 0.01f;
  uint64_t seed = 1;
};

struct InitCurve {
  std::string init;
  std::vector<float> loss;  // per SGD step
  float final_loss = 0;     // mean of the last 10 steps
};

std::vector<InitCurve> init_curves(const Dataset& fashion, const InitCurveSettings& s);

}  // namespace barnlab
