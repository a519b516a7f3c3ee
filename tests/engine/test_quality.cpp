// Issue 9, model quality: the residual block, the Frozen mode behind
// saliency maps, AdamW, soft targets, the strong augmentation, the
// calibration figures, the presets, the recipe in the trainer and the
// session's calibrated predictions.
#include <algorithm>
#include <cmath>

#include "app/session.h"
#include "check.h"
#include "check/gradcheck.h"
#include "core/error.h"
#include "core/rng.h"
#include "layers/batch_norm.h"
#include "layers/dropout.h"
#include "layers/residual.h"
#include "layers/softmax_with_loss.h"
#include "model/predict.h"
#include "optimizers/optimizer.h"
#include "train/calibration.h"
#include "train/presets.h"

using namespace barnlab;
using barnlab::test::check_tensor;
using barnlab::test::check_values;

namespace {

Tensor random_tensor(Shape s, uint64_t seed, float scale = 1.f) {
  Tensor t(s);
  Rng rng(seed);
  for (float& v : t.values()) v = scale * rng.normal();
  return t;
}

// Two separable classes of tiny 3-channel pictures: bright top half or
// bright bottom half, with noise (mirror images keep their class).
Dataset halves(int per_class, int size, uint64_t seed) {
  Dataset ds;
  ds.channels = 3;
  ds.size = size;
  ds.classes = {"top", "bottom"};
  Rng rng(seed);
  std::vector<uint8_t> img(size_t(3) * size * size);
  for (int i = 0; i < 2 * per_class; ++i) {
    const int label = i % 2;
    for (int c = 0; c < 3; ++c)
      for (int y = 0; y < size; ++y)
        for (int x = 0; x < size; ++x) {
          const bool lit = (y < size / 2) == (label == 0);
          const float v = (lit ? 180.f : 60.f) + 40.f * rng.normal();
          img[(size_t(c) * size + y) * size + x] = uint8_t(std::clamp(v, 0.f, 255.f));
        }
    ds.add(img.data(), label);
  }
  return ds;
}

}  // namespace

TEST_CASE("residual: starts as relu(x), gradient check, names and shape errors", "[quality][layers]") {
  Residual block(3);
  block.set_name("2.residual");
  REQUIRE(block.build({1, 3, 4, 4}) == Shape{1, 3, 4, 4});
  Rng rng(1);
  block.init_params(Init{}, rng);
  const Tensor x = random_tensor({2, 3, 4, 4}, 2);
  // The last batchnorm's scale is 0: the body adds its shift (0) only.
  const Tensor y = block.forward(x, Mode::Eval);
  for (size_t i = 0; i < x.size(); ++i) REQUIRE(y[i] == std::max(0.f, x[i]));
  CHECK(block.params().size() == 8);
  CHECK(block.params()[0]->name == "2.residual.conv1.W");
  CHECK(block.buffers()[0].name == "2.residual.bn1.running_mean");
  // Gradients everywhere once the body is switched on.
  for (Param* p : block.params())
    for (float& v : p->value.values()) v += 0.3f * rng.normal();
  // A small step: bn2.gamma moves a whole channel, and a larger one carries
  // some pre-activations across the output ReLU's kink.
  const GradCheckReport r = check_layer_gradients(block, x, GradCheckOptions{2e-3f, 1e-2f, 0.f});
  INFO(r.str());
  CHECK(r.entries.size() == 9);
  CHECK(r.max_error() < 2e-2f);
  Residual wrong(4);
  CHECK_THROWS_WITH(wrong.build({1, 3, 4, 4}), Catch::Contains("put a conv 4 before it"));
}

TEST_CASE("frozen mode: eval arithmetic with a backward (batchnorm, dropout)", "[quality][layers]") {
  BatchNorm bn;
  bn.build({1, 2, 3, 3});
  Tensor warm = random_tensor({4, 2, 3, 3}, 3, 2.f);
  bn.forward(warm, Mode::Train);  // running statistics away from 0 / 1
  const Tensor x = random_tensor({1, 2, 3, 3}, 4);
  check_tensor(bn.forward(x, Mode::Frozen), bn.forward(x, Mode::Eval));
  bn.forward(x, Mode::Frozen);
  const Tensor dy = random_tensor(x.shape(), 5);
  const Tensor dx = bn.backward(dy);
  // d(eval(x)) / dx by central differences.
  Tensor num(x.shape());
  for (size_t i = 0; i < x.size(); ++i) {
    Tensor a = x, b = x;
    a[i] += 1e-2f;
    b[i] -= 1e-2f;
    const Tensor ya = bn.forward(a, Mode::Eval), yb = bn.forward(b, Mode::Eval);
    double s = 0;
    for (size_t j = 0; j < x.size(); ++j) s += double(dy[j]) * (ya[j] - yb[j]);
    num[i] = float(s / 2e-2);
  }
  check_tensor(dx, num, 1e-3f);
  Dropout d(0.5f);
  d.build({1, 2, 3, 3});
  check_tensor(d.forward(x, Mode::Frozen), x);
  check_tensor(d.backward(dy), dy);
}

TEST_CASE("adamw: decay decoupled from the gradient, adam keeps L2", "[quality][optimizers]") {
  OptimizerConfig c;
  c.name = "adamw";
  c.lr = 0.1f;
  c.weight_decay = 0.5f;
  auto adamw = make_optimizer(c);
  CHECK(adamw->name() == "adamw");
  Param p{"w", Tensor({1, 2, 1, 1}, {1.f, -2.f}), Tensor({1, 2, 1, 1}, {0.f, 0.f})};
  Param b{"b", Tensor({1, 1, 1, 1}, {1.f}), Tensor({1, 1, 1, 1}, {0.f}), false};
  adamw->step({&p, &b});
  // Zero gradient: only the decay moves w (by the factor 1 - lr * wd); b has none.
  check_values(p.value.values(), {0.95f, -1.9f});
  CHECK(b.value[0] == 1.f);
  CHECK(p.grad[0] == 0.f);  // the gradient is not touched
  c.name = "adam";
  auto adam = make_optimizer(c);
  Param q{"w", Tensor({1, 1, 1, 1}, {1.f}), Tensor({1, 1, 1, 1}, {0.f})};
  adam->step({&q});
  CHECK(q.grad[0] == Approx(0.5f));  // L2: wd * w added to the gradient
  CHECK(q.value[0] == Approx(0.9f).margin(1e-4));  // Adam's first step is lr * sign
}

TEST_CASE("softmax_loss with soft targets: value and gradient", "[quality][loss]") {
  SoftmaxWithLoss loss;
  Tensor t({2, 3, 1, 1}, {0.9f, 0.05f, 0.05f, 0.2f, 0.7f, 0.1f});
  const Tensor y = random_tensor({2, 3, 1, 1}, 9);
  const GradCheckReport r = check_loss_gradients(loss, y, t);
  INFO(r.str());
  CHECK(r.max_error() < 1e-2f);
  // Uniform logits: the loss is ln 3 whatever the (normalized) targets.
  CHECK(loss.forward(Tensor({2, 3, 1, 1}), t) == Approx(std::log(3.f)));
}

TEST_CASE("strong augmentation: the full window unflipped is the image, flipped its mirror",
          "[quality][data]") {
  const int S = 6;
  const Tensor img = random_tensor({1, 3, S, S}, 11);
  std::vector<float> in(img.values().begin(), img.values().end()), out(in.size());
  for (float& v : in) v = 0.5f + 0.1f * v;
  const float pad[3] = {0, 0, 0};
  AugmentDraw d;
  d.resized = true;
  d.w = d.h = 1.f;
  augment_image(in.data(), 3, S, d, pad, out.data());
  check_values(out, in, 1e-5f);
  d.flip = true;
  augment_image(in.data(), 3, S, d, pad, out.data());
  for (int c = 0; c < 3; ++c)
    for (int y = 0; y < S; ++y)
      for (int x = 0; x < S; ++x)
        REQUIRE(out[(size_t(c) * S + y) * S + x] == Approx(in[(size_t(c) * S + y) * S + S - 1 - x]));
  // Draws are seeded: the same generator state gives the same window.
  Rng a(5), b(5);
  const AugmentDraw da = draw_augment(strong_augmentation(), a), db = draw_augment(strong_augmentation(), b);
  CHECK(da.x0 == db.x0);
  CHECK(da.w * da.h >= 0.35f * 0.99f);
  CHECK(da.w <= 1.f);
  // Configurations without the new options draw exactly what they drew before.
  Rng c(6), e(6);
  const AugmentConfig basic{true, 4, 0.2f, 0.2f};
  draw_augment(basic, c);
  e.uniform();  // flip
  e.below(9);
  e.below(9);
  e.uniform();
  e.uniform();
  CHECK(c.next_u64() == e.next_u64());
}

TEST_CASE("calibration figures: Wilson, ECE, temperature, threshold, confused pairs",
          "[quality][calibration]") {
  // Wilson 95% for 8 of 10 (textbook: 0.490 to 0.943).
  const Interval w = wilson_interval(8, 10);
  CHECK(w.low == Approx(0.490).margin(1e-3));
  CHECK(w.high == Approx(0.943).margin(1e-3));
  CHECK(wilson_interval(0, 0).high == 1.f);
  // ECE: all at confidence 0.9 with 60% right -> 0.3.
  std::vector<float> conf(10, 0.9f);
  std::vector<int> pred(10, 0), labels = {0, 0, 0, 0, 0, 0, 1, 1, 1, 1};
  CHECK(expected_calibration_error(conf, pred, labels) == Approx(0.3f));
  // Labels drawn from softmax(z / 2.5): the fit finds T near 2.5.
  const int n = 4000, k = 4;
  Tensor z = random_tensor({n, k, 1, 1}, 21, 4.f);
  std::vector<int> y(n);
  Rng rng(22);
  for (int i = 0; i < n; ++i) {
    double p[k], s = 0;
    for (int j = 0; j < k; ++j) s += p[j] = std::exp(z[size_t(i) * k + j] / 2.5);
    double u = rng.uniform() * s;
    int j = 0;
    while (j < k - 1 && (u -= p[j]) > 0) ++j;
    y[size_t(i)] = j;
  }
  CHECK(fit_temperature(z, y) == Approx(2.5f).epsilon(0.1));
  // The three least confident were mostly wrong: the threshold lies between
  // their top (0.4) and the next (0.6).
  CHECK(not_sure_threshold({0.3f, 0.35f, 0.4f, 0.6f, 0.9f}, {0, 0, 0, 0, 0}, {1, 0, 1, 0, 0}) ==
        Approx(0.5f));
  CHECK(not_sure_threshold({0.5f, 0.9f}, {0, 0}, {0, 0}) == 0.f);
  const auto pairs = most_confused({{5, 1, 3}, {0, 4, 0}, {7, 0, 2}}, 2);
  REQUIRE(pairs.size() == 2);
  CHECK((pairs[0].actual == 2 && pairs[0].predicted == 0 && pairs[0].count == 7));
  CHECK((pairs[1].actual == 0 && pairs[1].predicted == 2 && pairs[1].count == 3));
}

TEST_CASE("presets: one definition, chosen by the data, with clear errors", "[quality][presets]") {
  const TrainingPreset few = training_preset("balanced", 6 * 20, 6);
  const TrainingPreset many = training_preset("balanced", 2700, 6);
  CHECK(few.arch == "farm-res");
  CHECK(few.train.epochs > many.train.epochs);
  CHECK(few.train.mixup > 0.f);
  CHECK(few.train.optimizer.name == "adamw");
  // The best epoch is restored only from a validation split big enough to tell epochs apart.
  CHECK_FALSE(few.train.restore_best);
  CHECK(many.train.restore_best);
  // Few photos: a smaller image and about the same image passes however few the photos.
  CHECK(few.size < many.size);
  CHECK(training_preset("balanced", 6 * 10, 6).train.epochs == 2 * few.train.epochs);
  CHECK(training_preset("fast", 6 * 20, 6).train.epochs < few.train.epochs);
  CHECK(training_preset("accurate", 6 * 20, 6).train.epochs > few.train.epochs);
  CHECK(training_preset("fast", 2700, 6).size < many.size);
  CHECK(training_preset("accurate", 2700, 6).train.epochs > many.train.epochs);
  // The session's preset is the same preset.
  const PresetChoice s = preset_config("balanced", 2700, 6);
  CHECK(s.arch == many.arch);
  CHECK(s.size == many.size);
  CHECK(s.train.epochs == many.train.epochs);
  CHECK(s.train.mixup == many.train.mixup);
  CHECK(s.train.augmentation == many.augmentation);
  // Many photos: the basic augmentation (the strong one kept farm-res below
  // its capacity on 2,700 photos); few photos: the strong one.
  CHECK(many.augmentation == "basic");
  CHECK(many.train.augmentation.min_scale == 0.f);
  CHECK(many.train.augmentation.crop_pad == augmentation_named("basic").crop_pad);
  CHECK(few.augmentation == "strong");
  CHECK(training_preset("balanced", 6 * 100, 6).augmentation == "strong");
  CHECK(training_preset("fast", 2700, 6).train.epochs <= many.train.epochs);
  CHECK_THROWS_WITH(training_preset("quick", 100, 2), Catch::Contains("choose fast, balanced or accurate"));
  CHECK_THROWS_WITH(training_preset("fast", 1, 2), Catch::Contains("fewer photos"));
  // farm-res builds at every preset size and at Fashion-MNIST's 28 px.
  for (int size : {28, 48, 64})
    CHECK(Model::preset("farm-res", 3, size, {"a", "b"}).parameter_count() < 200000);
}

TEST_CASE("model file keeps the calibration; input gradient matches differences",
          "[quality][model]") {
  Model m = Model::preset("farm-res", 3, 16, {"a", "b", "c"});
  m.set_calibration({1.7f, 0.45f});
  const std::vector<uint8_t> bytes = m.save();
  const Model back = Model::load(bytes.data(), bytes.size());
  CHECK(back.calibration().temperature == 1.7f);
  CHECK(back.calibration().threshold == 0.45f);
  // Switch the residual bodies on so every path carries gradient.
  Rng rng(3);
  for (Param* p : m.params())
    if (!p->decay)
      for (float& v : p->value.values()) v += 0.2f * rng.normal();
  const Tensor x = random_tensor(m.input_shape(1), 4);
  const Tensor g = m.input_gradient(x, 1);
  REQUIRE(g.shape() == x.shape());
  for (size_t i : {size_t(0), size_t(100), size_t(400), size_t(700)}) {
    Tensor a = x, b = x;
    a[i] += 1e-3f;
    b[i] -= 1e-3f;
    const float num = (m.forward(a, Mode::Eval)[1] - m.forward(b, Mode::Eval)[1]) / 2e-3f;
    CHECK(g[i] == Approx(num).margin(3e-3).epsilon(0.05));
  }
  for (Param* p : m.params()) CHECK(*std::max_element(p->grad.values().begin(), p->grad.values().end()) == 0.f);
  CHECK_THROWS_WITH(m.input_gradient(x, 3), Catch::Contains("no class number 3"));
}

TEST_CASE("recipe: smoothing + mixup + warm-up + adamw learn; best epoch restored",
          "[quality][train]") {
  Dataset ds = halves(24, 16, 5);
  TrainConfig cfg = training_preset("balanced", int(ds.count()), 2).train;
  cfg.epochs = 6;
  cfg.val_share = 0.25f;
  cfg.restore_best = true;  // the preset keeps the last epoch for so few photos
  Model m = Model::preset("farm-res", 3, 16, ds.classes);
  Trainer t(m, ds, cfg);
  std::vector<float> val_loss;
  int64_t restored = -1;
  t.fit([&](const StepReport& r) { if (r.finished) restored = r.restored_epoch; },
        [&](const EpochReport& e) { val_loss.push_back(e.val_loss); });
  REQUIRE(val_loss.size() == 6);
  const int64_t best = int64_t(std::min_element(val_loss.begin(), val_loss.end()) - val_loss.begin()) + 1;
  CHECK(restored == (best == 6 ? 0 : best));
  const Evaluation ev = evaluate(m, ds, t.split().val);
  CHECK(ev.loss == Approx(*std::min_element(val_loss.begin(), val_loss.end())).epsilon(1e-4));
  CHECK(ev.accuracy >= 0.75f);
  // Same seed, same run (mixup lambdas and crops are seeded per step).
  Model m2 = Model::preset("farm-res", 3, 16, ds.classes);
  Trainer t2(m2, ds, cfg);
  std::vector<float> again;
  t2.fit(nullptr, [&](const EpochReport& e) { again.push_back(e.val_loss); });
  check_values(again, val_loss, 0.f);
}

TEST_CASE("session: calibrated evaluation, 'not sure', saliency, speed probe", "[quality][session]") {
  Session s;
  s.set_image_format(16, 3);
  const Dataset ds = halves(20, 16, 8);
  // Planar -> interleaved for add_image.
  for (size_t i = 0; i < ds.count(); ++i) {
    std::vector<uint8_t> px(ds.image_bytes());
    for (int c = 0; c < 3; ++c)
      for (int p = 0; p < 16 * 16; ++p) px[size_t(p) * 3 + c] = ds.image(i)[size_t(c) * 256 + p];
    s.add_image(px.data(), 16, 16, 3, ds.labels[i]);
  }
  s.create_model("farm-res", "", ds.classes, 16, -1.f);
  SessionTrainConfig c = preset_config("fast", int(ds.count()), 2).train;
  c.epochs = 4;
  s.begin_training(c);
  while (s.is_training()) s.train_steps(50);
  const SessionEvaluation ev = s.evaluate();
  CHECK(ev.figures.labels.size() == 8);
  CHECK(ev.accuracy_low <= ev.figures.accuracy);
  CHECK(ev.accuracy_high >= ev.figures.accuracy);
  CHECK(ev.temperature > 0.f);
  CHECK(ev.ece_after >= 0.f);
  CHECK(s.model_info().temperature == ev.temperature);  // kept in the model...
  const std::vector<uint8_t> file = s.export_model();
  CHECK(Model::load(file.data(), file.size()).calibration().temperature == ev.temperature);  // ...and its file
  CHECK(s.evaluate().temperature == ev.temperature);  // not refitted on a second look
  std::vector<uint8_t> px(16 * 16 * 3, 128);
  const SessionPrediction p = s.classify(px.data(), 16, 16, 3, true);
  REQUIRE(p.probabilities.size() == 2);
  CHECK(p.top1 != p.top2);
  CHECK(p.probabilities[size_t(p.top1)] >= p.probabilities[size_t(p.top2)]);
  CHECK(p.not_sure == (p.probabilities[size_t(p.top1)] < ev.threshold));
  const std::vector<float> map = s.saliency_of_image(0, 1);
  REQUIRE(map.size() == 256);
  CHECK(*std::max_element(map.begin(), map.end()) == 1.f);
  CHECK(*std::min_element(map.begin(), map.end()) >= 0.f);
  CHECK(s.saliency(px.data(), 16, 16, 3, 0).size() == 256);
  CHECK_THROWS_WITH(s.saliency_of_image(99, 0), Catch::Contains("no image number 99"));
  CHECK(s.measure_step_time("farm-res", 3, 16, 4, 2) > 0.0);
  CHECK(s.image_count() == 40);  // the probe leaves the session alone
}
