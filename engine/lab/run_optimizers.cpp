// Runners of page 10 (optimizers race); see lab/runners_10_18.h.
#include <cmath>

#include "lab/json.h"
#include "lab/lab.h"
#include "lab/optimizer_curves.h"
#include "lab/optimizer_paths.h"
#include "lab/params.h"
#include "lab/runners_10_18.h"

namespace barnlab {

namespace {
const char* const kOptimizers[] = {"sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam"};
}

std::string run_optimizers_paths(Lab&, Params& p) {
  OptimizerPathSettings s;
  s.x0 = float(p.number("x0", -7, -10, 10));
  s.y0 = float(p.number("y0", 2, -5, 5));
  s.steps = p.integer("steps", 30, 1, 500);
  for (auto& [name, lr] : s.optimizers) lr = float(p.number(name + "_lr", lr, 1e-4, 10));
  s.momentum = float(p.number("momentum", 0.9, 0, 0.999));
  s.grid = p.integer("grid", 61, 11, 201);
  p.finish();
  const OptimizerPaths r = optimizer_paths(s);

  Json j;
  j.begin_object();
  j.key("function").string("x^2/20 + y^2");
  j.key("start").point(s.x0, s.y0);
  j.key("steps").integer(s.steps);
  j.key("contour").begin_object();
  j.key("x_min").number(r.x_min).key("x_max").number(r.x_max);
  j.key("y_min").number(r.y_min).key("y_max").number(r.y_max);
  j.key("nx").integer(r.nx).key("ny").integer(r.ny);
  j.key("values").begin_array();
  for (const auto& row : r.contour) j.numbers(row);
  j.end_array().end_object();
  j.key("paths").begin_array();
  for (const auto& path : r.paths) {
    j.begin_object();
    j.key("name").string(path.name).key("lr").number(path.lr);
    j.key("points").begin_array();
    for (const auto& [x, y] : path.points) j.point(x, y);
    j.end_array();
    j.key("final").point(path.points.back().first, path.points.back().second);
    j.key("final_f").number(path.final_f);
    j.key("final_distance").number(path.final_distance);
    j.key("y_sign_flips").integer(path.y_sign_flips);
    j.key("first_step_within_0_1");
    if (path.first_step_within_0_1 < 0) j.null(); else j.integer(path.first_step_within_0_1);
    j.end_object();
  }
  j.end_array();
  j.key("closest").string(r.closest);
  j.end_object();
  return j.str();
}

std::string run_optimizers_mnist(Lab& lab, Params& p) {
  OptimizerCurveSettings s;
  s.n_train = p.integer("n_train", 1000, 100, 60000);
  s.steps = p.integer("steps", 200, 10, 5000);
  s.batch = p.integer("batch", 32, 1, 256);
  s.seed = p.seed();
  for (auto& [name, lr] : s.optimizers) lr = float(p.number(name + "_lr", lr, 1e-5, 1));
  std::vector<std::string> names = {"all"};
  for (const char* n : kOptimizers) names.push_back(n);
  const std::string only = p.choice("only", "all", names);
  p.finish();
  if (only != "all") {
    for (const auto& o : s.optimizers)
      if (o.first == only) s.optimizers = {o};
  }
  const auto curves = optimizer_curves(lab.data("fashion"), s);

  Json j;
  j.begin_object();
  j.key("steps").integer(s.steps).key("batch").integer(s.batch);
  j.key("curves").begin_array();
  for (const auto& c : curves) {
    j.begin_object();
    j.key("name").string(c.name).key("lr").number(c.lr);
    j.key("loss").numbers(c.loss);
    j.key("final_loss").number(c.final_loss);
    j.end_object();
  }
  j.end_array().end_object();
  return j.str();
}

}  // namespace barnlab
