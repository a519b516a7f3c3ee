// Pages 12-14 (batch normalization, overfitting and its remedies,
// hyperparameter search) on Fashion-MNIST records, with fixed seeds.
#include <algorithm>
#include <cmath>

#include <catch2/catch.hpp>

#include "lab/batchnorm_effect.h"
#include "lab/hyper_search.h"
#include "lab/overfitting.h"
#include "lab_data.h"

using namespace barnlab;
using barnlab::test::lab_fashion;

TEST_CASE("lab batch norm: per-feature mean 0 and variance 1 after the engine's BatchNorm", "[lab]") {
  BatchNormStatsSettings s;
  const BatchNormStats st = batchnorm_stats(lab_fashion(), s);
  REQUIRE(st.after.mean.size() == 20);
  float spread_before = 0;
  for (size_t j = 0; j < 20; ++j) {
    CHECK(st.after.mean[j] == Approx(0.f).margin(1e-4f));
    // var / (var + eps) with the layer's eps = 1e-5: 1 up to the eps.
    CHECK(st.after.var[j] == Approx(st.before.var[j] / (st.before.var[j] + 1e-5f)).epsilon(1e-3f));
    CHECK(st.after.var[j] > 0.99f);
    spread_before = std::max(spread_before, std::fabs(st.before.mean[j]));
  }
  // Before BN, weights of std 0.01 give features far from variance 1.
  CHECK(st.before.var[0] < 0.1f);
  CHECK(spread_before > 0.f);
}

TEST_CASE("lab batch norm: with BN a tiny initial scale still learns, without it does not", "[lab]") {
  BatchNormGridSettings s;
  s.scales = 5;  // 1, 0.1, 0.01, 1e-3, 1e-4
  s.only = 2;
  s.n_train = 300;
  s.n_test = 300;
  s.epochs = 5;
  s.batch = 30;
  s.lr = 0.05f;
  s.units = 50;
  const BatchNormGrid g = batchnorm_grid(lab_fashion(), s);
  REQUIRE(g.scales.size() == 5);
  CHECK(g.scales[0] == Approx(1.f));
  CHECK(g.scales[4] == Approx(1e-4f));
  REQUIRE(g.runs.size() == 1);
  const auto& r = g.runs[0];
  CHECK(r.scale == Approx(1e-2f));
  INFO("bn train " << r.bn.train_acc.back() << " plain train " << r.plain.train_acc.back());
  CHECK(r.bn.train_acc.back() > 0.5f);
  CHECK(r.plain.train_acc.back() < 0.25f);
  CHECK(!r.bn.diverged);
  CHECK(r.bn.test_acc.size() == 5);
}

TEST_CASE("lab overfitting: weight decay and dropout shrink the train/test gap", "[lab][slow]") {
  OverfitSettings s;
  s.n_test = 300;
  s.epochs = 40;
  const OverfitResult plain = overfit_run(lab_fashion(), s);
  INFO("plain train " << plain.final_train_acc << " test " << plain.final_test_acc);
  CHECK(plain.train_acc.size() == size_t(s.epochs));
  CHECK(plain.gap > 0.15f);
  s.weight_decay = 0.1f;
  const OverfitResult decay = overfit_run(lab_fashion(), s);
  INFO("decay train " << decay.final_train_acc << " test " << decay.final_test_acc);
  CHECK(decay.gap < plain.gap);
  s.weight_decay = 0.f;
  s.dropout = 0.2f;
  const OverfitResult drop = overfit_run(lab_fashion(), s);
  INFO("dropout train " << drop.final_train_acc << " test " << drop.final_test_acc);
  CHECK(drop.gap < plain.gap);
}

TEST_CASE("lab hyperparameter search: log-scale draws, validation only, reproducible", "[lab]") {
  HyperSearchSettings s;
  s.trials = 6;
  s.n_train = 300;
  s.epochs = 3;
  s.hidden = {50};
  s.lr_min_exp = -4;
  s.lr_max_exp = -0.5f;
  const HyperSearch all = hyper_search(lab_fashion(), s);
  REQUIRE(all.trials.size() == 6);
  float best = -1;
  for (const auto& t : all.trials) {
    CHECK(t.lr >= 1e-4f);
    CHECK(t.lr <= std::pow(10.f, -0.5f));
    CHECK(t.weight_decay >= 1e-8f);
    CHECK(t.weight_decay <= 1e-4f);
    CHECK(t.val_curve.size() == 3);
    best = std::max(best, t.val_acc);
  }
  CHECK(all.trials[size_t(all.best)].val_acc == best);
  CHECK(all.best_lr_lo <= all.trials[size_t(all.best)].lr);
  // One trial at a time gives the same trial: its draw depends on (seed, index) only.
  s.only = 4;
  const HyperSearch one = hyper_search(lab_fashion(), s);
  REQUIRE(one.trials.size() == 1);
  CHECK(one.trials[0].lr == all.trials[4].lr);
  CHECK(one.trials[0].val_acc == all.trials[4].val_acc);
  // Learning rates differ by orders of magnitude and so do the outcomes.
  float worst = 2;
  for (const auto& t : all.trials) worst = std::min(worst, t.val_acc);
  CHECK(best - worst > 0.2f);
}
