// Page 10, part 1: the engine's six optimizers racing on the book's
// anisotropic bowl f(x, y) = x^2/20 + y^2 from (-7, 2). The point (x, y) is a
// two-parameter "model" (two 1x1 Params), the gradient (x/10, 2y) is written
// into their grads and the real optimizer classes take the steps, so the
// paths are what training with those optimizers does, not a re-derivation.
#pragma once

#include <string>
#include <vector>

namespace barnlab {

struct OptimizerPathSettings {
  float x0 = -7.f, y0 = 2.f;
  int steps = 30;
  // name -> learning rate, in the order the page lists them.
  std::vector<std::pair<std::string, float>> optimizers = {
      {"sgd", 0.95f}, {"momentum", 0.1f}, {"nesterov", 0.1f},
      {"adagrad", 1.5f}, {"rmsprop", 0.1f}, {"adam", 0.3f}};
  float momentum = 0.9f;  // Momentum and Nesterov
  int grid = 61;          // contour samples per axis
};

struct OptimizerPath {
  std::string name;
  float lr = 0;
  std::vector<std::pair<float, float>> points;  // steps + 1, start first
  float final_f = 0, final_distance = 0;
  int y_sign_flips = 0;              // sign changes of y between consecutive points
  int first_step_within_0_1 = -1;    // first step with |(x, y)| < 0.1, -1 if never
};

struct OptimizerPaths {
  float x_min = -10, x_max = 10, y_min = -5, y_max = 5;
  int nx = 0, ny = 0;
  std::vector<std::vector<float>> contour;  // ny rows (y_min first) of nx values of f
  std::vector<OptimizerPath> paths;
  std::string closest;  // the optimizer ending nearest the origin
};

// f(x, y) = x^2/20 + y^2, the function of the race.
float race_function(float x, float y);

// Throws Error for an unknown optimizer name or steps/grid out of range.
OptimizerPaths optimizer_paths(const OptimizerPathSettings& s);

}  // namespace barnlab
