#include "lab/gradient_descent.h"

#include <cmath>

#include "lab/json.h"
#include "lab/lab.h"
#include "lab/params.h"
#include "lab/surface_path.h"

namespace barnlab {

std::string lab_gd_path(Lab&, Params& params) {
  PathSettings st;
  st.x = params.number("x0", -3, -10, 10);
  st.y = params.number("x1", 4, -10, 10);
  st.optimizer.name = "sgd";
  st.optimizer.lr = float(params.number("lr", 0.1, 1e-12, 100));
  st.steps = params.integer("steps", 100, 1, 1000);
  const int field = params.integer("field", 15, 5, 41);
  params.finish();
  const Surface& s = surface("sphere");
  const Path path = optimizer_path(s, st);
  const size_t last = path.xs.size() - 1;
  Json j;
  j.begin_object();
  j.key("path").begin_array();
  for (size_t i = 0; i < path.xs.size(); ++i) j.point(path.xs[i], path.ys[i]);
  j.end_array();
  j.key("values").numbers(path.values);
  j.key("final").point(path.xs[last], path.ys[last]);
  j.key("final_value").number(path.values[last]);
  j.key("diverged").boolean(path.left_bound);
  j.key("moved").boolean(path.xs[last] != path.xs[0] || path.ys[last] != path.ys[0]);
  constexpr double kRange = 5;
  j.key("field").begin_object();
  j.key("range").point(-kRange, kRange);
  j.key("size").integer(field);
  j.key("vectors").begin_array();
  for (int r = 0; r < field; ++r)
    for (int c = 0; c < field; ++c) {
      const double x = -kRange + 2 * kRange * c / (field - 1), y = -kRange + 2 * kRange * r / (field - 1);
      double gx = 0, gy = 0;
      s.grad(x, y, &gx, &gy);
      j.begin_array().number(x).number(y).number(gx).number(gy).end_array();
    }
  j.end_array();
  j.end_object();
  j.end_object();
  return j.str();
}

}  // namespace barnlab
