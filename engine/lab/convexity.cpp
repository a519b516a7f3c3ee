#include "lab/convexity.h"

#include <cmath>

#include "lab/json.h"
#include "lab/lab.h"
#include "lab/params.h"
#include "lab/surface_path.h"

namespace barnlab {

std::vector<SurfaceMinimum> surface_minima(const std::string& name) {
  const Surface& s = surface(name);
  if (name == "bowl") return {{0, 0, 0}};
  if (name != "two_minima") return {};
  // d/dx = 4x^3 - 4x + 0.3 = 0, second derivative 12x^2 - 4; y = 0.
  std::vector<SurfaceMinimum> out;
  for (double x : {-1.0, 1.0}) {
    for (int i = 0; i < 50; ++i) x -= (4 * x * x * x - 4 * x + 0.3) / (12 * x * x - 4);
    out.push_back({x, 0, s.f(x, 0)});
  }
  return out;
}

std::string lab_surface_paths(Lab&, Params& params) {
  const std::string name = params.choice("surface", "two_minima", {"bowl", "two_minima", "saddle"});
  PathSettings st;
  st.x = params.number("x", 1.5, -2, 2);
  st.y = params.number("y", 0.5, -2, 2);
  const float lr = float(params.number("lr", 0.05, 1e-4, 1));
  const float momentum = float(params.number("momentum", 0.9, 0, 0.99));
  st.steps = params.integer("steps", 100, 1, 1000);
  const int grid = params.integer("grid", 41, 11, 101);
  params.finish();
  constexpr double kRange = 2;
  st.bound = 3;
  const Surface& s = surface(name);
  Json j;
  j.begin_object();
  j.key("surface").string(name);
  j.key("range").point(-kRange, kRange);
  j.key("grid").begin_object().key("size").integer(grid).key("z").begin_array();
  for (int r = 0; r < grid; ++r)
    for (int c = 0; c < grid; ++c)
      j.number(s.f(-kRange + 2 * kRange * c / (grid - 1), -kRange + 2 * kRange * r / (grid - 1)));
  j.end_array().end_object();
  j.key("minima").begin_array();
  for (const auto& m : surface_minima(name)) j.begin_array().number(m.x).number(m.y).number(m.f).end_array();
  j.end_array();
  j.key("saddle");
  if (name == "saddle") j.point(0.0, 0.0); else j.null();
  j.key("paths").begin_array();
  for (const char* opt : {"sgd", "momentum"}) {
    st.optimizer.name = opt;
    st.optimizer.lr = lr;
    st.optimizer.momentum = momentum;
    const Path p = optimizer_path(s, st);
    const size_t last = p.xs.size() - 1;
    int near_saddle = 0;
    if (name == "saddle")
      for (size_t i = 1; i < p.xs.size(); ++i) near_saddle += std::hypot(p.xs[i], p.ys[i]) < 0.1;
    j.begin_object();
    j.key("optimizer").string(opt);
    j.key("points").begin_array();
    for (size_t i = 0; i < p.xs.size(); ++i) j.point(p.xs[i], p.ys[i]);
    j.end_array();
    j.key("values").numbers(p.values);
    j.key("final").point(p.xs[last], p.ys[last]);
    j.key("final_value").number(p.values[last]);
    j.key("left_range").boolean(p.left_bound);
    j.key("steps_near_saddle").integer(near_saddle);
    j.end_object();
  }
  j.end_array();
  j.end_object();
  return j.str();
}

}  // namespace barnlab
