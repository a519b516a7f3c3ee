// The "looks like none of your classes" check (train/ood.h): distances to
// class means on known values, the threshold and the measures, the stored
// form, and the features it reads from a real model.
#include <algorithm>
#include <cmath>

#include "app/session.h"
#include "check.h"
#include "core/error.h"
#include "core/rng.h"
#include "model/model.h"
#include "model/predict.h"
#include "train/ood.h"

using namespace barnlab;

namespace {

// Rows of features N x D.
Tensor rows(int d, const std::vector<float>& values) {
  return Tensor({int(values.size()) / d, d, 1, 1}, values);
}

// Interleaved 16 x 16 RGB pictures of two classes: bright top half or bright
// bottom half, grey, with noise.
std::vector<uint8_t> halves_picture(int label, Rng& rng) {
  std::vector<uint8_t> px(16 * 16 * 3);
  for (int y = 0; y < 16; ++y)
    for (int x = 0; x < 16; ++x)
      for (int c = 0; c < 3; ++c) {
        const bool lit = (y < 8) == (label == 0);
        const float v = (lit ? 180.f : 60.f) + 30.f * rng.normal();
        px[size_t(y * 16 + x) * 3 + size_t(c)] = uint8_t(std::clamp(v, 0.f, 255.f));
      }
  return px;
}

// Nothing like either class: saturated red and blue 2 x 2 checks.
std::vector<uint8_t> foreign_picture() {
  std::vector<uint8_t> px(16 * 16 * 3, 0);
  for (int y = 0; y < 16; ++y)
    for (int x = 0; x < 16; ++x) px[size_t(y * 16 + x) * 3 + (((x / 2) + (y / 2)) % 2 ? 0 : 2)] = 255;
  return px;
}

}  // namespace

TEST_CASE("ood: Mahalanobis distance to the nearest class mean, known values", "[ood]") {
  // Two classes in 2-D: class 0 around (0, 0), class 1 around (10, 0); the
  // within-class spread is 1 along x and 0.1 along y (each point is mean
  // +- spread), so y differences weigh ten times more.
  const Tensor f = rows(2, {-1, 0, 1, 0, 0, -0.1f, 0, 0.1f, 9, 0, 11, 0, 10, -0.1f, 10, 0.1f});
  const std::vector<int> labels = {0, 0, 0, 0, 1, 1, 1, 1};
  const OodStats s = fit_ood(f, labels, 2, OodKind::kMahalanobis, 0.f);
  REQUIRE(s.dim == 2);
  REQUIRE(s.classes == 2);
  CHECK(s.means[0] == Approx(0).margin(1e-6));
  CHECK(s.means[2] == Approx(10));
  // Scatter / (n - classes) = 6: var x = 4 / 6, var y = 0.04 / 6, then shrunk
  // by at least D / (D + N) = 2 / 10 towards their mean.
  const double sx = 4.0 / 6, sy = 0.04 / 6, avg = (sx + sy) / 2;
  const double vx = 0.8 * sx + 0.2 * avg, vy = 0.8 * sy + 0.2 * avg;
  const std::vector<float> d = ood_distances(s, rows(2, {1, 0, 0, 0.1f, 5, 0, 10, 1}));
  CHECK(d[0] == Approx(std::sqrt(1 / vx)).epsilon(1e-3));
  CHECK(d[1] == Approx(std::sqrt(0.01 / vy)).epsilon(1e-3));
  CHECK(d[2] == Approx(std::sqrt(25 / vx)).epsilon(1e-3));  // midway: 5 from both
  CHECK(d[3] == Approx(std::sqrt(1 / vy)).epsilon(1e-3));   // off the line: far, though near class 1
  // Shrinking all the way leaves the average variance alone: y counts no more than x.
  const OodStats shrunk = fit_ood(f, labels, 2, OodKind::kMahalanobis, 1.f);
  CHECK(ood_distances(shrunk, rows(2, {10, 1}))[0] == Approx(std::sqrt(1 / avg)).epsilon(1e-3));
}

TEST_CASE("ood: cosine distance to the nearest class mean", "[ood]") {
  const Tensor f = rows(2, {1, 0, 2, 0, 0, 1, 0, 3});
  const OodStats s = fit_ood(f, {0, 0, 1, 1}, 2, OodKind::kCosine);
  CHECK(s.precision.empty());
  const std::vector<float> d = ood_distances(s, rows(2, {5, 0, 1, 1, -1, 0}));
  CHECK(d[0] == Approx(0).margin(1e-6));
  CHECK(d[1] == Approx(1 - std::sqrt(0.5)).epsilon(1e-4));
  CHECK(d[2] == Approx(1));  // opposite to class 0, at right angles to class 1
}

TEST_CASE("ood: a class without photos, wrong sizes and damaged statistics are clear errors", "[ood]") {
  CHECK_THROWS_WITH(fit_ood(rows(1, {1, 2}), {0, 0}, 2, OodKind::kMahalanobis),
                    Catch::Contains("class 1 has no training photos"));
  const OodStats s = fit_ood(rows(2, {1, 0, 0, 1}), {0, 1}, 2, OodKind::kCosine);
  CHECK_THROWS_WITH(ood_distances(s, rows(3, {1, 2, 3})), Catch::Contains("features have 3 values"));
  std::vector<float> v = ood_to_floats(s);
  v.pop_back();
  CHECK_THROWS_WITH(ood_from_floats(v), Catch::Contains("train the model again"));
  CHECK_THROWS_AS(ood_from_floats({7, 1, 1, 0, 1, 0}), Error);
  CHECK_THROWS_WITH(ood_from_floats({1, 1, 1, 0, 3, 0}), Catch::Contains("views"));
}

TEST_CASE("ood: the statistics survive their stored form", "[ood]") {
  Rng rng(3);
  std::vector<float> values;
  std::vector<int> labels;
  for (int i = 0; i < 60; ++i) {
    labels.push_back(i % 3);
    for (int j = 0; j < 4; ++j) values.push_back(rng.normal() + float(labels.back() * j));
  }
  for (OodKind kind : {OodKind::kMahalanobis, OodKind::kCosine}) {
    OodStats s = fit_ood(rows(4, values), labels, 3, kind);
    s.threshold = 2.5f;
    s.mirrored = kind == OodKind::kCosine;
    const OodStats back = ood_from_floats(ood_to_floats(s));
    CHECK(back.kind == kind);
    CHECK(back.mirrored == s.mirrored);
    CHECK(back.threshold == 2.5f);
    CHECK(back.means == s.means);
    CHECK(back.precision == s.precision);
    CHECK(ood_distances(back, rows(4, values)) == ood_distances(s, rows(4, values)));
  }
}

TEST_CASE("ood: threshold at a share of scores, share above it, AUROC", "[ood]") {
  std::vector<float> scores;
  for (int i = 1; i <= 100; ++i) scores.push_back(float(101 - i));  // 100 .. 1
  CHECK(quantile_threshold(scores, 0.95f) == 95.f);
  CHECK(share_above(scores, 95.f) == Approx(0.05f));
  CHECK(quantile_threshold({3.f}, 0.95f) == 3.f);
  CHECK_THROWS_AS(quantile_threshold({}, 0.95f), Error);
  CHECK(auroc({1, 2, 3}, {4, 5}) == 1.f);
  CHECK(auroc({4, 5}, {1, 2, 3}) == 0.f);
  CHECK(auroc({1, 2}, {2, 1}) == 0.5f);  // the same scores: chance
}

TEST_CASE("ood: the features are the last affine layer's input, the mirror's averaged in", "[ood]") {
  Model m = Model::preset("farm-res", 3, 16, {"a", "b"});
  Rng rng(5);
  Tensor x({3, 3, 16, 16});
  for (float& v : x.values()) v = rng.normal();
  const int at = last_affine_index(m);
  REQUIRE(m.layers()[size_t(at)]->type() == "affine");
  const std::vector<Tensor> outs = m.layer_outputs(x);
  const Tensor f = penultimate_features(m, x, false);
  REQUIRE(f.shape().n == 3);
  REQUIRE(f.size() == outs[size_t(at) - 1].size());
  barnlab::test::check_values(f.values(), outs[size_t(at) - 1].values(), 1e-6f);
  const Tensor t = penultimate_features(m, x, true);
  float diff = 0;
  for (size_t i = 0; i < t.size(); ++i) diff = std::max(diff, std::abs(t[i] - f[i]));
  CHECK(diff > 0);  // random pictures are not symmetric
}

TEST_CASE("session: the check is fitted after training, flags a foreign picture, travels with the model",
          "[ood][session]") {
  Session s;
  s.set_image_format(16, 3);
  Rng rng(8);
  for (int i = 0; i < 40; ++i) {
    const std::vector<uint8_t> px = halves_picture(i % 2, rng);
    s.add_image(px.data(), 16, 16, 3, i % 2);
  }
  s.create_model("farm-res", "", {"top", "bottom"}, 16, -1.f);
  SessionTrainConfig c = preset_config("fast", 40, 2).train;
  c.epochs = 3;
  s.begin_training(c);
  while (s.is_training()) s.train_steps(50);
  CHECK_FALSE(s.model_info().ood_check);  // fitted by the evaluation after training
  const SessionEvaluation ev = s.evaluate();
  REQUIRE(ev.ood_check);
  CHECK(ev.ood_threshold > 0.f);
  CHECK(ev.ood_flagged <= 0.05f + 1e-6f);  // at most 5 in 100 of the checking photos
  CHECK(s.model_info().ood_check);
  CHECK(s.model_info().ood_threshold == ev.ood_threshold);

  const std::vector<uint8_t> own = halves_picture(0, rng), foreign = foreign_picture();
  const SessionPrediction p_own = s.classify(own.data(), 16, 16, 3, true);
  const SessionPrediction p_foreign = s.classify(foreign.data(), 16, 16, 3, true);
  CHECK_FALSE(p_own.unfamiliar);
  CHECK(p_foreign.unfamiliar);
  CHECK(p_foreign.distance > ev.ood_threshold);
  CHECK(p_foreign.distance > 2 * p_own.distance);
  // Measured as fitted (photo and mirror) whether or not the answer uses the mirror.
  const SessionPrediction p_single = s.classify(foreign.data(), 16, 16, 3, false);
  CHECK(p_single.distance == p_foreign.distance);
  CHECK(p_single.unfamiliar);

  // The probabilities are those of the model's own pipeline.
  const std::vector<uint8_t> file = s.export_model();
  Model plain = Model::load(file.data(), file.size());
  REQUIRE_FALSE(plain.ood().empty());
  Image img{16, 16, 3, foreign};
  barnlab::test::check_values(p_foreign.probabilities, predict_image_calibrated(plain, img, true), 1e-4f);

  // Exported and imported, it checks photos the same way.
  Session t;
  t.set_image_format(16, 3);
  const ModelInfo info = t.import_model(file.data(), file.size());
  CHECK(info.ood_check);
  CHECK(info.ood_threshold == ev.ood_threshold);
  const SessionPrediction again = t.classify(foreign.data(), 16, 16, 3, true);
  CHECK(again.unfamiliar);
  CHECK(again.distance == Approx(p_foreign.distance).epsilon(1e-5));

  // A model without the statistics (an older file) works as before.
  plain.set_ood({});
  const std::vector<uint8_t> old = plain.save();
  CHECK(old[8] == 2);
  const ModelInfo old_info = t.import_model(old.data(), old.size());
  CHECK_FALSE(old_info.ood_check);
  const SessionPrediction p_old = t.classify(foreign.data(), 16, 16, 3, true);
  CHECK_FALSE(p_old.unfamiliar);
  CHECK(p_old.distance == 0.f);
  CHECK_FALSE(t.evaluate().ood_check);

  // Training again drops the old check until the next evaluation fits it anew.
  c.epochs = 1;
  s.begin_training(c);
  CHECK_FALSE(s.model_info().ood_check);
  s.end_training();
}

TEST_CASE("session: statistics that do not fit the network are refused on import", "[ood][session]") {
  Model m = Model::preset("farm-res", 3, 16, {"a", "b"});
  OodStats st;
  st.kind = OodKind::kCosine;
  st.classes = 2;
  st.dim = 7;  // farm-res has 128 features
  st.means.assign(14, 1.f);
  st.threshold = 0.5f;
  m.set_ood(ood_to_floats(st));
  const std::vector<uint8_t> bytes = m.save();
  Session s;
  s.set_image_format(16, 3);
  CHECK_THROWS_WITH(s.import_model(bytes.data(), bytes.size()), Catch::Contains("do not fit its network"));
  CHECK_FALSE(s.has_model());  // nothing changed
}
