// Lab page 7: batch, SGD and mini-batch on the same net and data.
#include <catch2/catch.hpp>

#include <cmath>

#include "lab/lab.h"
#include "lab_json.h"

using namespace barnlab;
using barnlab::test::LabJson;

namespace {
// Mean absolute change between consecutive step losses: SGD's noise.
double jitter(const LabJson& steps) {
  const auto v = steps.nums();
  double sum = 0;
  for (size_t i = 1; i < v.size(); ++i) sum += std::fabs(v[i] - v[i - 1]);
  return sum / double(v.size() - 1);
}
}  // namespace

TEST_CASE("lab batch: small batches learn more per epoch, SGD is noisy", "[lab]") {
  Lab lab;
  const auto r = LabJson::parse(lab.run("batch.compare", "data=circles&n=256&epochs=10&lr=0.3&seed=1"));
  REQUIRE(r["runs"].size() == 5);
  const auto& full = r["runs"][0];
  const auto& sgd = r["runs"][1];
  const auto& mini32 = r["runs"][3];
  const auto& mini128 = r["runs"][4];
  CHECK(full["name"].text == "full");
  CHECK(full["steps"].num() == 10);
  CHECK(sgd["steps"].num() == 2560);
  CHECK(mini32["steps"].num() == 80);
  CHECK(sgd["loss"].size() == 11);
  CHECK(sgd["seconds"].size() == 11);
  // Same start: the same initial weights for every run.
  for (size_t i = 1; i < 5; ++i) CHECK(r["runs"][i]["loss"][0].num() == full["loss"][0].num());
  const double last_full = full["loss"][10].num(), last_sgd = sgd["loss"][10].num();
  CHECK(last_sgd < 0.1);
  CHECK(mini32["loss"][10].num() < last_full);
  CHECK(last_sgd < mini32["loss"][10].num());
  // The whole-set gradient descends smoothly; one example per step jitters.
  for (size_t e = 1; e <= 10; ++e) CHECK(full["loss"][e].num() < full["loss"][e - 1].num());
  CHECK(jitter(sgd["step_loss"]) > 5 * jitter(mini128["step_loss"]));
}
