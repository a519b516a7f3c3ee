#include "lab/surface_path.h"

#include <cmath>

#include "core/error.h"

namespace barnlab {

namespace {

double sphere(double x, double y) { return x * x + y * y; }
void sphere_grad(double x, double y, double* gx, double* gy) {
  *gx = 2 * x;
  *gy = 2 * y;
}
double two_minima(double x, double y) { return (x * x - 1) * (x * x - 1) + 0.3 * x + y * y; }
void two_minima_grad(double x, double y, double* gx, double* gy) {
  *gx = 4 * x * (x * x - 1) + 0.3;
  *gy = 2 * y;
}
double saddle(double x, double y) { return x * x - y * y; }
void saddle_grad(double x, double y, double* gx, double* gy) {
  *gx = 2 * x;
  *gy = -2 * y;
}

}  // namespace

const Surface& surface(const std::string& name) {
  static const Surface kSurfaces[] = {{"sphere", sphere, sphere_grad},
                                      {"bowl", sphere, sphere_grad},
                                      {"two_minima", two_minima, two_minima_grad},
                                      {"saddle", saddle, saddle_grad}};
  for (const auto& s : kSurfaces)
    if (s.name == name) return s;
  throw Error("no surface \"" + name + "\": use bowl, two_minima or saddle");
}

Path optimizer_path(const Surface& s, const PathSettings& st) {
  auto opt = make_optimizer(st.optimizer);
  Param p;
  p.name = "xy";
  p.decay = false;
  p.value = Tensor(Shape{2, 1, 1, 1}, std::vector<float>{float(st.x), float(st.y)});
  p.grad = Tensor(Shape{2, 1, 1, 1});
  Path path;
  auto record = [&] {
    const float x = p.value[0], y = p.value[1];
    path.xs.push_back(x);
    path.ys.push_back(y);
    path.values.push_back(s.f(x, y));
    return std::isfinite(x) && std::isfinite(y) && std::fabs(x) <= st.bound && std::fabs(y) <= st.bound;
  };
  if (!record()) {
    path.left_bound = true;
    return path;
  }
  for (int i = 0; i < st.steps; ++i) {
    double gx = 0, gy = 0;
    s.grad(p.value[0], p.value[1], &gx, &gy);
    p.grad[0] = float(gx);
    p.grad[1] = float(gy);
    opt->step({&p});
    if (!record()) {
      path.left_bound = true;
      break;
    }
  }
  return path;
}

}  // namespace barnlab
