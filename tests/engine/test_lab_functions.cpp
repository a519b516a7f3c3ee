// Lab pages 3-6: activation functions, loss functions, gradient descent and
// the learning rate, convex and non-convex surfaces.
#include <catch2/catch.hpp>

#include <cmath>

#include "lab/activations.h"
#include "lab/convexity.h"
#include "lab/lab.h"
#include "lab/losses.h"
#include "lab_json.h"

using namespace barnlab;
using barnlab::test::LabJson;

TEST_CASE("lab activation: curves and derivatives from the engine's layers", "[lab]") {
  Lab lab;
  const auto r = LabJson::parse(lab.run("activation.curves", "min=-2&max=2&points=5&alpha=0.1"));
  CHECK(r["x"].nums() == std::vector<double>{-2, -1, 0, 1, 2});
  REQUIRE(r["functions"].size() == 5);
  auto fn = [&](const std::string& name) -> const LabJson& {
    for (const auto& f : r["functions"].items)
      if (f["name"].text == name) return f;
    FAIL("no function " << name);
    return r;
  };
  CHECK(fn("step")["y"].ints() == std::vector<int>{0, 0, 0, 1, 1});
  CHECK(fn("relu")["dy"].ints() == std::vector<int>{0, 0, 0, 1, 1});
  CHECK(fn("leaky_relu")["y"][0].num() == Approx(-0.2));
  CHECK(fn("leaky_relu")["dy"][0].num() == Approx(0.1));
  CHECK(fn("sigmoid")["y"][2].num() == Approx(0.5));
  CHECK(fn("sigmoid")["dy"][2].num() == Approx(0.25));
  CHECK(fn("tanh")["dy"][2].num() == Approx(1.0));
  CHECK(fn("tanh")["y"][4].num() == Approx(std::tanh(2.0)).epsilon(1e-6));
}

TEST_CASE("lab activation: softmax is shift invariant and finite for 1010, 1000, 990", "[lab]") {
  Lab lab;
  const auto r = LabJson::parse(lab.run("activation.softmax", "v=1010,1000,990&shift=-1000"));
  const auto p = r["softmax"].nums();
  CHECK(p[0] == Approx(0.99995458).epsilon(1e-6));
  CHECK(p[1] == Approx(4.5397868e-05).epsilon(1e-4));
  CHECK(r["sum"].num() == Approx(1.0));
  CHECK(r["max_shift_difference"].num() < 1e-6);
  CHECK_FALSE(r["naive_finite"].boolean);
  CHECK(std::isnan(r["naive"][0].num()));  // written as null
  // Small numbers: the naive form agrees.
  const auto s = LabJson::parse(lab.run("activation.softmax", "v=0.3,2.9,4.0"));
  CHECK(s["naive_finite"].boolean);
  for (size_t i = 0; i < 3; ++i) CHECK(s["naive"][i].num() == Approx(s["softmax"][i].num()));
  CHECK(s["softmax"][2].num() == Approx(0.7361).epsilon(1e-3));  // the book's example
}

TEST_CASE("lab loss: the book's MSE 0.0975 / 0.5975 and CE 0.5108 / 2.3026", "[lab]") {
  Lab lab;
  const auto r = LabJson::parse(lab.run("loss.compare", ""));
  CHECK(r["mse"].num() == Approx(0.0975).margin(1e-6));
  CHECK(r["ce"].num() == Approx(0.5108).margin(1e-4));
  CHECK(r["book"]["y1"]["mse"].num() == Approx(0.0975).margin(1e-6));
  CHECK(r["book"]["y2"]["mse"].num() == Approx(0.5975).margin(1e-6));
  CHECK(r["book"]["y1"]["ce"].num() == Approx(0.5108).margin(1e-4));
  CHECK(r["book"]["y2"]["ce"].num() == Approx(2.3026).margin(1e-4));
  CHECK(r["rmse"].num() == Approx(std::sqrt(2 * 0.0975 / 10)).epsilon(1e-5));
  CHECK(r["rmse"].num() < r["mse"].num() * 10);
  CHECK(r["t"].ints() == std::vector<int>{0, 0, 1, 0, 0, 0, 0, 0, 0, 0});
  // A confident right answer costs little, a confident wrong one a lot.
  const auto good = LabJson::parse(lab.run("loss.compare", "y=0.01,0.98,0.01&t=1"));
  const auto bad = LabJson::parse(lab.run("loss.compare", "y=0.98,0.01,0.01&t=1"));
  CHECK(good["ce"].num() < 0.03);
  CHECK(bad["ce"].num() > 4.5);
  CHECK(bad["bce"].num() > good["bce"].num());
  CHECK_THROWS_WITH(lab.run("loss.compare", "y=0.5,0.5&t=2"), Catch::Contains("t=2 is not allowed"));
}

TEST_CASE("lab gd: lr 0.1 converges, 10 diverges, 1e-10 does not move", "[lab]") {
  Lab lab;
  const auto ok = LabJson::parse(lab.run("gd.path", "lr=0.1&steps=100"));
  CHECK(ok["path"][0].nums() == std::vector<double>{-3, 4});
  CHECK(ok["path"][1][0].num() == Approx(-2.4));  // -3 - 0.1 * 2 * -3
  CHECK(ok["path"][1][1].num() == Approx(3.2));
  CHECK(std::fabs(ok["final"][0].num()) < 1e-8);
  CHECK(std::fabs(ok["final"][1].num()) < 1e-8);
  CHECK_FALSE(ok["diverged"].boolean);
  const auto big = LabJson::parse(lab.run("gd.path", "lr=10&steps=100"));
  CHECK(big["diverged"].boolean);
  CHECK(big["path"].size() < 10);
  const auto tiny = LabJson::parse(lab.run("gd.path", "lr=1e-10&steps=100"));
  CHECK_FALSE(tiny["moved"].boolean);
  CHECK(tiny["final"].nums() == std::vector<double>{-3, 4});
  const auto field = LabJson::parse(lab.run("gd.path", "field=5"))["field"];
  CHECK(field["vectors"].size() == 25);
  CHECK(field["vectors"][0].nums() == std::vector<double>{-5, -5, -10, -10});
}

TEST_CASE("lab surface: descent stays in the local minimum, momentum escapes, the saddle is slow", "[lab]") {
  Lab lab;
  const auto minima = surface_minima("two_minima");
  REQUIRE(minima.size() == 2);
  CHECK(minima[0].x == Approx(-1.0356).margin(1e-3));
  CHECK(minima[1].x == Approx(0.9601).margin(1e-3));
  CHECK(minima[0].f < minima[1].f);
  const auto r = LabJson::parse(lab.run("surface.paths", "surface=two_minima&x=1.5&y=0.5&lr=0.05&momentum=0.9&steps=100&grid=11"));
  const auto& sgd = r["paths"][0];
  const auto& mom = r["paths"][1];
  CHECK(sgd["optimizer"].text == "sgd");
  CHECK(sgd["final"][0].num() == Approx(minima[1].x).margin(1e-3));   // the local one
  CHECK(mom["final"][0].num() == Approx(minima[0].x).margin(2e-2));   // the global one
  CHECK(r["grid"]["z"].size() == 121);
  // The bowl: both reach the bottom.
  const auto b = LabJson::parse(lab.run("surface.paths", "surface=bowl&x=-1.7&y=1.2&steps=300&grid=11"));
  for (size_t i = 0; i < 2; ++i) CHECK(std::fabs(b["paths"][i]["final_value"].num()) < 1e-6);
  // The saddle: from just off the ridge, descent lingers near (0, 0) before sliding off.
  const auto s = LabJson::parse(lab.run("surface.paths", "surface=saddle&x=1.5&y=0.001&lr=0.05&steps=300&grid=11"));
  CHECK(s["paths"][0]["steps_near_saddle"].num() >= 20);
  CHECK(s["paths"][0]["left_range"].boolean);
  CHECK(s["paths"][1]["steps_near_saddle"].num() < s["paths"][0]["steps_near_saddle"].num());
}
