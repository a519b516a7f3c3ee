// Page 9, layers forward and backward: one engine layer (ReLU, Sigmoid,
// Affine, SoftmaxWithLoss) on a tiny seeded batch: its input, its output,
// what it caches for backward (the ReLU mask, the Sigmoid output, the Affine
// input, the softmax probabilities and targets), the upstream gradient dy
// and the downstream gradient dx, and for Affine the parameter gradients.
#pragma once

#include <string>
#include <vector>

#include "core/tensor.h"

namespace barnlab {

class Lab;
class Params;

struct Matrix {
  int rows = 0, cols = 0;
  std::vector<float> data;  // row-major
};

struct LayerStep {
  std::string layer;
  Matrix x, y, dy, dx;
  struct Named {
    std::string name, about;
    Matrix value, grad;  // grad empty for a cache
  };
  std::vector<Named> cache, params;
  float loss = 0;            // softmax_with_loss
  std::vector<int> labels;   // softmax_with_loss
};

struct LayerStepSettings {
  std::string layer = "relu";  // relu, sigmoid, affine, softmax_with_loss
  int n = 2, d = 3, out = 2;
  uint64_t seed = 1;
};
LayerStep layer_step(const LayerStepSettings& settings);

std::string lab_layers_show(Lab& lab, Params& params);

}  // namespace barnlab
