// Page 10, part 1: see optimizer_paths.h.
#include "lab/optimizer_paths.h"

#include <cmath>

#include "core/error.h"
#include "optimizers/optimizer.h"

namespace barnlab {

float race_function(float x, float y) { return x * x / 20.f + y * y; }

OptimizerPaths optimizer_paths(const OptimizerPathSettings& s) {
  if (s.steps < 1 || s.steps > 100000) throw Error("optimizer race: steps must be in [1, 100000]");
  if (s.grid < 2 || s.grid > 1000) throw Error("optimizer race: grid must be in [2, 1000]");
  OptimizerPaths r;
  r.nx = r.ny = s.grid;
  r.contour.assign(r.ny, std::vector<float>(r.nx));
  for (int j = 0; j < r.ny; ++j)
    for (int i = 0; i < r.nx; ++i) {
      const float x = r.x_min + (r.x_max - r.x_min) * i / float(r.nx - 1);
      const float y = r.y_min + (r.y_max - r.y_min) * j / float(r.ny - 1);
      r.contour[j][i] = race_function(x, y);
    }

  float best = INFINITY;
  for (const auto& [name, lr] : s.optimizers) {
    OptimizerConfig cfg;
    cfg.name = name;
    cfg.lr = lr;
    cfg.momentum = s.momentum;
    auto opt = make_optimizer(cfg);
    Param px{"x", Tensor(Shape{1, 1, 1, 1}, s.x0), Tensor(Shape{1, 1, 1, 1}), false};
    Param py{"y", Tensor(Shape{1, 1, 1, 1}, s.y0), Tensor(Shape{1, 1, 1, 1}), false};
    OptimizerPath path;
    path.name = name;
    path.lr = lr;
    path.points.push_back({s.x0, s.y0});
    for (int t = 1; t <= s.steps; ++t) {
      const float x = px.value[0], y = py.value[0];
      px.grad[0] = x / 10.f;  // df/dx
      py.grad[0] = 2.f * y;   // df/dy
      opt->step({&px, &py});
      const float nx = px.value[0], ny = py.value[0];
      path.points.push_back({nx, ny});
      if ((y > 0 && ny < 0) || (y < 0 && ny > 0)) ++path.y_sign_flips;
      if (path.first_step_within_0_1 < 0 && std::hypot(nx, ny) < 0.1f) path.first_step_within_0_1 = t;
    }
    const auto [fx, fy] = path.points.back();
    path.final_f = race_function(fx, fy);
    path.final_distance = std::hypot(fx, fy);
    if (path.final_distance < best) {
      best = path.final_distance;
      r.closest = name;
    }
    r.paths.push_back(std::move(path));
  }
  return r;
}

}  // namespace barnlab
