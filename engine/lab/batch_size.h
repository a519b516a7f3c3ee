// Page 7, batch, SGD and mini-batch: the same PointNet (same initial
// weights, same data) trained by the engine's SGD with the whole set per
// step, one example per step, and mini-batches of 8, 32 and 128; the loss
// over the whole set after every epoch against epochs and against seconds,
// and every step's batch loss (the noise of small batches).
#pragma once

#include <string>
#include <vector>

#include "lab/point_net.h"

namespace barnlab {

class Lab;
class Params;

struct BatchRun {
  std::string name;        // full, sgd, mini-8, mini-32, mini-128
  int batch = 0;
  std::vector<float> loss;       // epochs + 1 values, before training first
  std::vector<double> seconds;   // cumulative training time at each loss
  std::vector<float> step_loss;  // every step's batch loss
  long steps = 0;
};

struct BatchSettings {
  std::string data = "circles";
  int n = 256, epochs = 20;
  float noise = 0.1f, lr = 0.3f;
  uint64_t seed = 1;
};
std::vector<BatchRun> batch_compare(const BatchSettings& settings);

std::string lab_batch_compare(Lab& lab, Params& params);

}  // namespace barnlab
