// Optimizer paths on a function of two variables: the point (x, y) is one
// engine Param of two values, its gradient is the surface's, and an engine
// Optimizer (SGD, Momentum, ...) steps it, exactly as it steps a network's
// weights. Used by the gradient-descent page (5) and the convex/non-convex
// page (6).
#pragma once

#include <string>
#include <vector>

#include "optimizers/optimizer.h"

namespace barnlab {

struct Surface {
  std::string name;
  double (*f)(double x, double y);
  void (*grad)(double x, double y, double* gx, double* gy);
};
// "sphere" x^2 + y^2 (page 5's x0^2 + x1^2), "bowl" (the same), "two_minima"
// (x^2 - 1)^2 + 0.3 x + y^2, "saddle" x^2 - y^2. Error for another name.
const Surface& surface(const std::string& name);

struct PathSettings {
  double x = 0, y = 0;       // start
  OptimizerConfig optimizer; // name and lr (momentum ...)
  int steps = 100;
  double bound = 1e6;        // stop once |x| or |y| exceeds it
};

struct Path {
  std::vector<float> xs, ys;           // the parameter's values, start first; at most steps + 1
  std::vector<double> values;          // f along the path
  bool left_bound = false;             // stopped because it left the bound (or overflowed)
};
Path optimizer_path(const Surface& s, const PathSettings& settings);

}  // namespace barnlab
