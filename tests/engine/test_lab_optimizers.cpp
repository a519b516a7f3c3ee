// Page 10 (optimizers race): the path facts of the book's settings as the
// engine's optimizers really give them, and the MLP loss curves.
#include <cmath>
#include <iostream>
#include <map>

#include <catch2/catch.hpp>

#include "lab/optimizer_curves.h"
#include "lab/optimizer_paths.h"
#include "lab_data.h"

using namespace barnlab;

namespace {
std::map<std::string, OptimizerPath> by_name(const OptimizerPaths& r) {
  std::map<std::string, OptimizerPath> m;
  for (const auto& p : r.paths) m[p.name] = p;
  return m;
}
}  // namespace

TEST_CASE("lab optimizers race: the book's settings on x^2/20 + y^2 from (-7, 2)", "[lab]") {
  const OptimizerPaths r = optimizer_paths({});
  REQUIRE(r.paths.size() == 6);
  auto p = by_name(r);
  for (const auto& path : r.paths) {
    INFO(path.name << " ends at (" << path.points.back().first << ", " << path.points.back().second
                   << ") distance " << path.final_distance << " flips " << path.y_sign_flips
                   << " within 0.1 at " << path.first_step_within_0_1);
    CHECK(path.points.size() == 31);
    CHECK(path.points.front() == std::make_pair(-7.f, 2.f));
    CHECK(std::isfinite(path.final_f));
    CHECK(path.final_f < race_function(-7, 2));  // every one goes downhill
  }
  // SGD at 0.95: y <- y - 0.95 * 2y = -0.9 y, a sign flip on every step.
  CHECK(p["sgd"].y_sign_flips == 30);
  CHECK(p["sgd"].points[1].second == Approx(-1.8f));
  CHECK(p["sgd"].points[1].first == Approx(-7.f + 0.95f * 0.7f));
  // AdaGrad's steps shrink as squared gradients pile up: y never changes sign.
  CHECK(p["adagrad"].y_sign_flips == 0);
  // The first AdaGrad step is lr * sign(gradient) in each coordinate.
  CHECK(p["adagrad"].points[1].first == Approx(-5.5f).epsilon(1e-4));
  CHECK(p["adagrad"].points[1].second == Approx(0.5f).epsilon(1e-4));
  // Adam is not the first to reach the origin here.
  CHECK(r.closest != "adam");
  // What the engine gives: AdaGrad ends nearest, 0.12 away, moving along x only.
  CHECK(r.closest == "adagrad");
  CHECK(p["adagrad"].final_distance == Approx(0.1202f).epsilon(1e-2));
  // Contour: f on the grid, corners and centre.
  REQUIRE(r.nx == 61);
  CHECK(r.contour[0][0] == Approx(race_function(-10, -5)));
  CHECK(r.contour[30][30] == Approx(0.f).margin(1e-6));
}

TEST_CASE("lab optimizers race: settings are honoured and checked", "[lab]") {
  OptimizerPathSettings s;
  s.optimizers = {{"sgd", 0.1f}};
  s.steps = 5;
  s.x0 = 4;
  s.y0 = -1;
  const OptimizerPaths r = optimizer_paths(s);
  REQUIRE(r.paths.size() == 1);
  CHECK(r.paths[0].points.size() == 6);
  CHECK(r.paths[0].points[1].second == Approx(-0.8f));  // -1 - 0.1 * (-2)
  s.optimizers = {{"lbfgs", 0.1f}};
  CHECK_THROWS_WITH(optimizer_paths(s), Catch::Contains("sgd"));
}

TEST_CASE("lab optimizers on Fashion-MNIST: loss curves of the same MLP", "[lab]") {
  OptimizerCurveSettings s;
  s.n_train = 500;
  s.steps = 60;
  s.hidden = {50, 50};
  const auto curves = optimizer_curves(barnlab::test::lab_fashion(), s);
  REQUIRE(curves.size() == 6);
  for (const auto& c : curves) {
    INFO(c.name << ": first loss " << c.loss.front() << ", last 10 mean " << c.final_loss);
    REQUIRE(c.loss.size() == 60);
    CHECK(std::isfinite(c.final_loss));
    CHECK(c.loss.front() == Approx(curves[0].loss.front()));  // same start: same init, same batch
  }
  std::map<std::string, float> fin;
  for (const auto& c : curves) fin[c.name] = c.final_loss;
  // With the book's rates, the adaptive ones and momentum go down faster than plain SGD.
  CHECK(fin["adam"] < fin["sgd"]);
  CHECK(fin["momentum"] < fin["sgd"]);
  CHECK(fin["adagrad"] < fin["sgd"]);
}
