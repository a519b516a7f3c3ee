// Issue 9's Fashion-MNIST recipe: random erasing in the per-batch
// augmentation and the moving average of the weights in the trainer.
#include <algorithm>
#include <cmath>
#include <numeric>

#include "check.h"
#include "core/error.h"
#include "core/rng.h"
#include "data/dataset.h"
#include "model/model.h"
#include "train/trainer.h"
#include "train/weight_ema.h"

using namespace barnlab;
using barnlab::test::check_tensor;
using barnlab::test::check_values;

namespace {

// Four classes of 1-channel pictures: a bright square in the class's
// quadrant on a noisy dark ground.
Dataset quadrants(int per_class, int size, uint64_t seed) {
  Dataset ds;
  ds.channels = 1;
  ds.size = size;
  ds.classes = {"nw", "ne", "sw", "se"};
  Rng rng(seed);
  std::vector<uint8_t> img(size_t(size) * size);
  const int half = size / 2;
  for (int i = 0; i < 4 * per_class; ++i) {
    const int label = i % 4;
    for (int y = 0; y < size; ++y)
      for (int x = 0; x < size; ++x) {
        const bool lit = (y / half) * 2 + (x / half) == label;
        img[size_t(y) * size + x] = uint8_t(std::clamp((lit ? 200.f : 50.f) + 30.f * rng.normal(), 0.f, 255.f));
      }
    ds.add(img.data(), label);
  }
  return ds;
}

}  // namespace

TEST_CASE("random erasing: a rectangle of pad, drawn after the other changes", "[data][augment]") {
  const AugmentConfig base{true, 2, 0.2f, 0.3f};
  AugmentConfig erasing = base;
  erasing.erase = 1.f;
  CHECK(erasing.any());
  AugmentConfig only_erase;
  only_erase.erase = 0.5f;
  CHECK(only_erase.any());

  // The first image draws what it drew without erasing; erasing's numbers come last.
  Rng r1(11), r2(11);
  const AugmentDraw a = draw_augment(base, r1), b = draw_augment(erasing, r2);
  CHECK(a.flip == b.flip);
  CHECK(a.dx == b.dx);
  CHECK(a.dy == b.dy);
  CHECK(a.brightness == b.brightness);
  CHECK(a.contrast == b.contrast);
  CHECK_FALSE(a.erase);
  CHECK(b.erase);

  // Each erased region is one rectangle of pad covering about 2-25% of the
  // image; every other pixel is the input's. Plain draws: only erasing.
  const int S = 28;
  std::vector<float> in(size_t(S) * S);
  for (size_t i = 0; i < in.size(); ++i) in[i] = 0.3f + 0.6f * float(i % 7) / 7.f;
  const float pad[1] = {0.05f};
  std::vector<float> out(in.size());
  Rng rng(5);
  double smallest = 1, largest = 0;
  for (int k = 0; k < 300; ++k) {
    AugmentDraw d = draw_augment(only_erase, rng);
    if (!d.erase) continue;
    augment_image(in.data(), 1, S, d, pad, out.data());
    int x0 = S, y0 = S, x1 = -1, y1 = -1, erased = 0;
    for (int y = 0; y < S; ++y)
      for (int x = 0; x < S; ++x) {
        const size_t i = size_t(y) * S + x;
        if (out[i] == pad[0]) {
          ++erased;
          x0 = std::min(x0, x), y0 = std::min(y0, y), x1 = std::max(x1, x), y1 = std::max(y1, y);
        } else {
          REQUIRE(out[i] == in[i]);
        }
      }
    REQUIRE(erased > 0);
    REQUIRE(erased == (x1 - x0 + 1) * (y1 - y0 + 1));  // one filled rectangle
    smallest = std::min(smallest, erased / double(S * S));
    largest = std::max(largest, erased / double(S * S));
  }
  CHECK(smallest >= 0.01);  // 2% of the area, less the rounding to pixels
  CHECK(smallest < 0.06);
  CHECK(largest <= 0.30);
  CHECK(largest > 0.18);

  // The chance: about half of 1,000 images with erase = 0.5, none with 0.
  Rng count_rng(9);
  int hits = 0;
  for (int k = 0; k < 1000; ++k) hits += draw_augment(only_erase, count_rng).erase;
  CHECK(hits > 440);
  CHECK(hits < 560);
  AugmentConfig never = only_erase;
  never.erase = 0.f;
  CHECK_FALSE(never.any());

  // A window at the far edge still erases a pixel inside the image.
  AugmentDraw edge;
  edge.erase = true;
  edge.ex0 = edge.ey0 = 0.999f;
  edge.ex1 = edge.ey1 = 1.f;
  augment_image(in.data(), 1, S, edge, pad, out.data());
  CHECK(out.back() == pad[0]);
  CHECK(std::count(out.begin(), out.end(), pad[0]) == 1);
}

TEST_CASE("weight average: the trainer validates and ends with the average", "[train][ema]") {
  CHECK_THROWS_AS(WeightEma(1.f), Error);
  CHECK_THROWS_AS(WeightEma(-0.1f), Error);
  WeightEma none(0.9f);
  Model probe = Model::preset("convnet-bn", 1, 8, {"a", "b"});
  CHECK_THROWS_AS(none.swap(probe), Error);

  const Dataset ds = quadrants(12, 8, 3);
  TrainConfig cfg;
  cfg.epochs = 3;
  cfg.batch = 8;
  cfg.val_share = 0.25f;
  cfg.optimizer.name = "adamw";
  cfg.optimizer.lr = 0.01f;
  cfg.optimizer.weight_decay = 0.05f;
  cfg.augment = true;
  cfg.augmentation.erase = 0.5f;

  // Without the average, step by step, averaging here by the documented rule.
  Model plain = Model::preset("convnet-bn", 1, 8, ds.classes);
  Trainer tp(plain, ds, cfg);
  std::vector<Tensor> avg;
  int64_t n = 0;
  std::vector<float> plain_val;
  while (!tp.finished()) {
    const StepReport r = tp.step();
    std::vector<Tensor> now;
    for (Param* p : plain.params()) now.push_back(p->value);
    for (const Buffer& b : plain.buffers()) now.push_back(*b.value);
    ++n;
    if (n == 1) {
      avg = now;
    } else {
      const float d = std::min(0.9f, float(n) / float(n + 9));
      for (size_t t = 0; t < avg.size(); ++t)
        for (size_t i = 0; i < avg[t].size(); ++i) avg[t][i] = d * avg[t][i] + (1.f - d) * now[t][i];
    }
    if (r.epoch_ended) {
      plain_val.push_back(r.epoch_report.val_acc);
      CHECK(std::isnan(r.epoch_report.last_val_acc));
    }
  }

  cfg.ema = 0.9f;
  Model averaged = Model::preset("convnet-bn", 1, 8, ds.classes);
  Trainer ta(averaged, ds, cfg);
  std::vector<float> last_val, avg_val;
  ta.fit(nullptr, [&](const EpochReport& e) {
    last_val.push_back(e.last_val_acc);
    avg_val.push_back(e.val_acc);
  });
  // The average does not change the training itself.
  check_values(last_val, plain_val, 0.f);
  std::vector<Tensor> got;
  for (Param* p : averaged.params()) got.push_back(p->value);
  for (const Buffer& b : averaged.buffers()) got.push_back(*b.value);
  REQUIRE(got.size() == avg.size());
  for (size_t t = 0; t < got.size(); ++t) check_tensor(got[t], avg[t], 1e-6f);
  // It is what the last epoch's validation measured, and is not the last step.
  const Evaluation ev = evaluate(averaged, ds, ta.split().val);
  CHECK(ev.accuracy == Approx(avg_val.back()));
  bool differs = false;
  for (size_t i = 0; i < got[0].size(); ++i) differs = differs || got[0][i] != plain.params()[0]->value[i];
  CHECK(differs);
  // And it is saved as the model, in the unchanged file format.
  const std::vector<uint8_t> bytes = ta.save();
  Model loaded = Model::load(bytes.data(), bytes.size());
  for (size_t t = 0; t < loaded.params().size(); ++t) check_tensor(loaded.params()[t]->value, got[t], 0.f);
}

TEST_CASE("convnet-bn3: three conv stages, a 3 x 3 map at 28 px", "[model][ema]") {
  std::vector<std::string> ten(10);
  for (int i = 0; i < 10; ++i) ten[size_t(i)] = "c" + std::to_string(i);
  Model m = Model::preset("convnet-bn3", 1, 28, ten);
  // conv 1->32, 32->64, 64->128 (3 x 3, with biases) and their BatchNorms,
  // affine 128 x 3 x 3 -> 128 and its BatchNorm, affine 128 -> 10.
  const int64_t want = (9 * 32 + 32) + 64 + (288 * 64 + 64) + 128 + (576 * 128 + 128) + 256 +
                       (1152 * 128 + 128) + 256 + (128 * 10 + 10);
  CHECK(int64_t(m.parameter_count()) == want);
  Tensor x(m.input_shape(2), 0.2f);
  CHECK(m.predict(x).shape() == Shape{2, 10, 1, 1});
  CHECK_THROWS_WITH(Model::preset("convnet-bn3", 1, 6, ten), Catch::Contains("at least 8 pixels"));
}
