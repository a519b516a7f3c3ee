// Page 11 (weight initialization): the activation spreads the book shows,
// through engine Affine layers, and the training curves of each init.
#include <cmath>
#include <map>

#include <catch2/catch.hpp>

#include "lab/init_spread.h"
#include "lab_data.h"

using namespace barnlab;

namespace {
std::map<std::string, InitSpread> spreads(const std::string& activation) {
  InitSpreadSettings s;
  s.activation = activation;
  std::map<std::string, InitSpread> m;
  for (auto& r : init_spread(s)) m[r.init] = r;
  return m;
}
}  // namespace

TEST_CASE("lab init: sigmoid with std 1 saturates, std 0.01 collapses to 0.5, Xavier spreads", "[lab]") {
  auto m = spreads("sigmoid");
  REQUIRE(m.size() == 4);
  for (const auto& [name, r] : m) {
    REQUIRE(r.layers.size() == 5);
    int total = 0;
    for (int c : r.layers[0].counts) total += c;
    CHECK(total == 100000);
  }
  // std 1: most activations sit at 0 or 1, in every layer.
  for (const auto& l : m["std1"].layers) {
    INFO("std1 layer " << l.layer << " saturated " << l.saturated << " std " << l.std);
    CHECK(l.saturated > 0.5f);
    CHECK(l.std > 0.35f);
  }
  // std 0.01: everything near 0.5, spread tiny.
  for (const auto& l : m["std0.01"].layers) {
    INFO("std0.01 layer " << l.layer << " mean " << l.mean << " std " << l.std);
    CHECK(l.mean == Approx(0.5f).margin(0.01f));
    CHECK(l.std < 0.03f);
    CHECK(l.saturated == 0.f);
  }
  // Xavier: wider than 0.01 and hardly saturated.
  for (const auto& l : m["xavier"].layers) {
    INFO("xavier layer " << l.layer << " std " << l.std << " saturated " << l.saturated);
    CHECK(l.std > 0.05f);
    CHECK(l.std > 5 * m["std0.01"].layers[size_t(l.layer - 1)].std);
    CHECK(l.saturated < 0.05f);
  }
  CHECK(m["xavier"].weight_std == Approx(0.1f));
}

TEST_CASE("lab init: He keeps the ReLU layers' spread, std 0.01 lets it vanish", "[lab]") {
  auto m = spreads("relu");
  const auto& he = m["he"].layers;
  const auto& small = m["std0.01"].layers;
  const auto& xavier = m["xavier"].layers;
  for (size_t l = 0; l < 5; ++l)
    INFO("layer " << l + 1 << " std he " << he[l].std << " xavier " << xavier[l].std << " 0.01 " << small[l].std);
  // He: the last layer's spread is within a factor 2 of the first's.
  CHECK(he[4].std > 0.5f * he[0].std);
  CHECK(he[4].std < 2.f * he[0].std);
  // Xavier with ReLU shrinks by about 1/sqrt(2) a layer; 0.01 by ~14x a layer.
  CHECK(xavier[4].std < 0.5f * xavier[0].std);
  CHECK(small[4].std < 1e-4f * small[0].std);
  CHECK(m["he"].weight_std == Approx(std::sqrt(0.02f)));
  // ReLU histograms span each layer's own values, so a vanishing layer still shows its shape.
  CHECK(small[4].hi < 1e-4f);
  CHECK(he[4].hi > 1.f);
  int total = 0, top_bin = small[4].counts.back();
  for (int c : small[4].counts) total += c;
  CHECK(total == 100000);
  CHECK(top_bin >= 1);
}

TEST_CASE("lab init: tanh ranges and bad names", "[lab]") {
  auto m = spreads("tanh");
  CHECK(m["std1"].layers[0].lo == -1.f);
  CHECK(m["std1"].layers[4].saturated > 0.5f);
  InitSpreadSettings s;
  s.activation = "softplus";
  CHECK_THROWS_WITH(init_spread(s), Catch::Contains("sigmoid, tanh or relu"));
  s.activation = "relu";
  s.inits = {"lecun"};
  CHECK_THROWS_WITH(init_spread(s), Catch::Contains("xavier"));
}

TEST_CASE("lab init: training curves, std 0.01 learns nothing where He does", "[lab]") {
  InitCurveSettings s;
  s.n_train = 500;
  s.steps = 80;
  s.units = 50;
  const auto curves = init_curves(barnlab::test::lab_fashion(), s);
  REQUIRE(curves.size() == 4);
  std::map<std::string, float> fin;
  for (const auto& c : curves) {
    INFO(c.init << " first " << c.loss.front() << " final " << c.final_loss);
    CHECK(c.loss.size() == 80);
    fin[c.init] = c.final_loss;
  }
  // std 0.01 with ReLU: signals vanish, the loss stays at ln 10.
  CHECK(fin["std0.01"] == Approx(std::log(10.f)).margin(0.05f));
  CHECK(fin["he"] < fin["std0.01"] - 0.5f);
  CHECK(fin["xavier"] < fin["std0.01"] - 0.3f);
}
