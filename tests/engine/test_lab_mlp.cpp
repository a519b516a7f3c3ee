// Lab page 2: the MLP playground on 2-D point sets.
#include <catch2/catch.hpp>

#include "lab/lab.h"
#include "lab/points2d.h"
#include "lab_json.h"

using namespace barnlab;
using barnlab::test::LabJson;

TEST_CASE("lab mlp2d: point sets are balanced, in range and seeded", "[lab]") {
  for (const auto& kind : point_set_names()) {
    INFO(kind);
    const Points2D a = make_points(kind, 100, 0.f, 3), b = make_points(kind, 100, 0.f, 3);
    CHECK(a.xy == b.xy);
    CHECK(make_points(kind, 100, 0.f, 4).xy != a.xy);
    int ones = 0;
    for (int l : a.labels) ones += l;
    CHECK(ones == 50);
    for (float v : a.xy) CHECK(std::fabs(v) <= 1.5f);
  }
  // XOR: class 1 where the signs differ.
  const Points2D x = make_points("xor", 50, 0.f, 1);
  for (size_t i = 0; i < x.count(); ++i) CHECK((x.xy[2 * i] * x.xy[2 * i + 1] < 0) == (x.labels[i] == 1));
}

// The same points natively and in wasm (tests/wasm/lab.test.mjs pins the same
// values): random draws never depend on the order of evaluation of arguments.
TEST_CASE("lab mlp2d: pinned points, the same in every build", "[lab]") {
  const Points2D x = make_points("xor", 20, 0.5f, 3), s = make_points("spirals", 20, 0.5f, 3);
  CHECK(x.xy[0] == Approx(1.015038f).epsilon(1e-5));
  CHECK(x.xy[3] == Approx(0.30165407f).epsilon(1e-5));
  CHECK(s.xy[0] == Approx(0.17067465f).epsilon(1e-5));
  CHECK(s.xy[2] == Approx(-0.97381616f).epsilon(1e-5));
}

TEST_CASE("lab mlp2d: a hidden layer learns XOR and the heat map follows", "[lab]") {
  Lab lab;
  CHECK_THROWS_WITH(lab.run("mlp2d.step", ""), Catch::Contains("run mlp2d.start first"));
  const auto s = LabJson::parse(lab.run("mlp2d.start", "data=xor&n=200&noise=0&hidden=8&act=tanh&opt=adam&lr=0.03&grid=20&seed=1"));
  CHECK(s["epoch"].num() == 0);
  CHECK(s["points"].size() == 200);
  CHECK(s["grid"]["p"].size() == 400);
  const auto r = LabJson::parse(lab.run("mlp2d.step", "epochs=40"));
  CHECK(r["epoch"].num() == 40);
  CHECK(r["history"].size() == 41);
  CHECK(r["accuracy"].num() >= 0.97);
  CHECK(r["loss"].num() < 0.5 * s["loss"].num());
  // The grid: class 1 (opposite signs) top-left, class 0 top-right.
  const auto& p = r["grid"]["p"];
  CHECK(p[19 * 20 + 1].num() > 0.8);   // x < 0, y > 0
  CHECK(p[19 * 20 + 18].num() < 0.2);  // x > 0, y > 0
  // Same settings, same numbers.
  Lab again;
  again.run("mlp2d.start", "data=xor&n=200&noise=0&hidden=8&act=tanh&opt=adam&lr=0.03&grid=20&seed=1");
  CHECK(LabJson::parse(again.run("mlp2d.step", "epochs=40"))["loss"].num() == r["loss"].num());
}

TEST_CASE("lab mlp2d: every optimizer and activation runs on circles", "[lab]") {
  Lab lab;
  for (const char* opt : {"sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam"}) {
    for (const char* act : {"relu", "sigmoid", "leaky_relu"}) {
      INFO(opt << " " << act);
      lab.run("mlp2d.start", std::string("data=circles&n=100&hidden=6&grid=8&lr=0.05&opt=") + opt + "&act=" + act);
      const auto r = LabJson::parse(lab.run("mlp2d.step", "epochs=2"));
      CHECK(std::isfinite(r["loss"].num()));
    }
  }
  CHECK_THROWS_WITH(lab.run("mlp2d.start", "opt=lbfgs"), Catch::Contains("use one of sgd"));
}
