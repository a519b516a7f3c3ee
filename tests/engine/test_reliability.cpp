// Reliability defects, each pinned by a test: a run that goes bad late is
// ended as diverged and never kept; an exception on a pool thread reaches the
// caller; a calibration whose every validation photo was right still has a
// "not sure" threshold.
#include <algorithm>
#include <atomic>
#include <cmath>
#include <limits>
#include <new>
#include <stdexcept>

#include <catch2/catch.hpp>

#include "core/error.h"
#include "core/rng.h"
#include "data/dataset.h"
#include "model/model.h"
#include "ops/parallel.h"
#include "train/calibration.h"
#include "train/finite.h"
#include "train/trainer.h"

using namespace barnlab;

namespace {

// Three classes of 3-channel pictures told apart by colour and a checker
// pattern, with noise.
Dataset colours(int per_class, int size, uint64_t seed) {
  const int k = 3;
  Dataset ds;
  ds.channels = 3;
  ds.size = size;
  for (int c = 0; c < k; ++c) ds.classes.push_back("c" + std::to_string(c));
  Rng rng(seed);
  std::vector<uint8_t> img(size_t(3) * size * size);
  for (int i = 0; i < k * per_class; ++i) {
    const int label = i % k;
    for (int ch = 0; ch < 3; ++ch)
      for (int y = 0; y < size; ++y)
        for (int x = 0; x < size; ++x) {
          const float base = 40.f + 80.f * float((label + ch) % k) +
                             ((x / 4 + y / 4) % 2 == label % 2 ? 30.f : 0.f);
          img[(size_t(ch) * size + y) * size + x] =
              uint8_t(std::clamp(base + 40.f * float(rng.normal()), 0.f, 255.f));
        }
    ds.add(img.data(), label);
  }
  return ds;
}

bool all_finite(const Model& m) { return first_non_finite(m).empty(); }

TrainConfig config_of(const std::string& optimizer, float lr, int epochs, int batch, float val_share) {
  TrainConfig cfg;
  cfg.optimizer.name = optimizer;
  cfg.optimizer.lr = lr;
  cfg.epochs = epochs;
  cfg.batch = batch;
  cfg.val_share = val_share;
  return cfg;
}

// Restores the thread count a test changed.
struct ThreadsBack {
  int before = num_threads();
  ~ThreadsBack() { set_num_threads(before); }
};

}  // namespace

TEST_CASE("parallel_for: an exception on a pool thread is rethrown on the caller", "[reliability][parallel]") {
  ThreadsBack back;
  set_num_threads(hardware_threads());
  if (num_threads() < 2) {
    WARN("one hardware thread: no pool thread to throw on");
    return;
  }
  // Only the last chunk throws, and it runs on a pool thread (the caller runs chunk 0).
  const int n = 1000;
  std::atomic<int> done{0};
  CHECK_THROWS_AS(parallel_for(n, [&](int begin, int end) {
                    if (end == n) throw std::bad_alloc();
                    done += end - begin;
                  }),
                  std::bad_alloc);
  // The other chunks ran to their end before the rethrow.
  CHECK(done.load() == int(int64_t(n) * (num_threads() - 1) / num_threads()));
  // Every chunk throws: one of them reaches the caller, with its message.
  CHECK_THROWS_WITH(parallel_for(n, [](int, int) { throw Error("chunk failed"); }), "chunk failed");
  // The pool still works afterwards.
  std::atomic<long> sum{0};
  parallel_for(n, [&](int begin, int end) {
    for (int i = begin; i < end; ++i) sum += i;
  });
  CHECK(sum.load() == long(n) * (n - 1) / 2);
}

TEST_CASE("not sure threshold: a floor from the class count and the split's interval", "[reliability][calibration]") {
  // 5 of 5 right, 3 classes: Wilson's low bound 0.566, floor 1/3 + 2/3 * 0.434.
  CHECK(not_sure_floor(3, wilson_interval(5, 5)) == Approx(0.623f).margin(1e-3));
  // Many photos all right: near chance, so only near-uniform answers are not sure.
  CHECK(not_sure_floor(3, wilson_interval(270, 270)) == Approx(0.343f).margin(1e-3));
  CHECK(not_sure_floor(6, wilson_interval(270, 270)) < not_sure_floor(6, wilson_interval(12, 12)));
  CHECK(not_sure_floor(1, wilson_interval(5, 5)) == 0.f);

  // A small model that gets every photo of a tiny split right: the fit alone
  // would give 0 ("never not sure"); the floor keeps a near-uniform answer not sure.
  const Dataset ds = colours(8, 6, 3);
  Model m("input 3 6 6\nflatten\naffine 8\nrelu\naffine classes\nsoftmax_loss\n", ds.classes, 4);
  Trainer trainer(m, ds, config_of("adam", 0.01f, 15, 8, 0.25f));
  trainer.fit({}, {});
  const std::vector<int>& val = trainer.split().val;
  REQUIRE(val.size() == 6);
  const CalibrationReport r = calibrate(m, ds, val, false, true);
  REQUIRE(r.figures.accuracy == 1.f);
  CHECK(not_sure_threshold(r.figures.confidence, r.figures.predicted, r.figures.labels) == 0.f);
  CHECK(r.threshold == Approx(not_sure_floor(3, wilson_interval(6, 6))));
  CHECK(m.calibration().threshold == r.threshold);
  CHECK(r.threshold > 0.5f);  // 0.5 / 0.25 / 0.25: near uniform, not sure
  CHECK(r.threshold < 1.f);
}

TEST_CASE("a run whose weights go NaN behind a finite loss ends diverged, last good weights kept",
          "[reliability][diverge]") {
  // farm-small with plain SGD at rate 1 (the app's custom settings): with
  // this seed the loss stays finite to the end while whole filters of the
  // first convolution turn NaN (ReLU maps NaN to 0, so nothing downstream
  // shows it) and the model answers 1/3 for everything. It used to end
  // "done" and be saved.
  ThreadsBack back;
  set_num_threads(1);  // the chunking changes float sums; this run is pinned at one thread
  const Dataset ds = colours(8, 16, 7);
  TrainConfig cfg = config_of("sgd", 1.f, 3, 16, 0.2f);
  cfg.seed = 4;
  Model m = Model::preset("farm-small", 3, 16, ds.classes, -1.f, 4);
  Trainer trainer(m, ds, cfg);
  std::vector<float> losses;
  std::vector<Tensor> good;  // the weights at the end of each completed epoch
  try {
    trainer.fit([&](const StepReport& r) { losses.push_back(r.loss); },
                [&](const EpochReport&) {
                  good.clear();
                  for (const Param* p : static_cast<const Model&>(m).params()) good.push_back(p->value);
                });
    FAIL("the run ended as done with " + (all_finite(m) ? std::string("finite weights") : first_non_finite(m)));
  } catch (const Error& e) {
    CHECK(e.code() == errc::kDiverged);
    CHECK_THAT(e.what(), Catch::Contains("lower the learning rate"));
  }
  // Every loss reported was finite: only the weight check could catch it.
  for (float loss : losses) CHECK(std::isfinite(loss));
  CHECK(trainer.finished());
  CHECK(all_finite(m));
  // Put back to the last completed epoch's weights (or the start).
  if (!good.empty()) {
    const auto params = static_cast<const Model&>(m).params();
    REQUIRE(params.size() == good.size());
    for (size_t i = 0; i < params.size(); ++i) CHECK(params[i]->value.values() == good[i].values());
  }
  CHECK_NOTHROW(trainer.save());
}

TEST_CASE("a model with a NaN or infinite number is never saved", "[reliability][diverge]") {
  const Dataset ds = colours(4, 8, 2);
  Model m("input 3 8 8\nflatten\naffine 4\nrelu\naffine classes\nsoftmax_loss\n", ds.classes, 3);
  Trainer trainer(m, ds, config_of("adam", 1e-3f, 1, 32, 0.1f));
  CHECK(first_non_finite(m).empty());
  CHECK_NOTHROW(trainer.save());
  m.params()[0]->value[5] = std::numeric_limits<float>::quiet_NaN();
  m.params()[0]->value[6] = std::numeric_limits<float>::infinity();
  CHECK(first_non_finite(m) == m.params()[0]->name + ": 2 of " + std::to_string(m.params()[0]->value.size()) + " values");
  try {
    (void)trainer.save();
    FAIL("saved a model with NaN weights");
  } catch (const Error& e) {
    CHECK(e.code() == errc::kDiverged);
    CHECK_THAT(e.what(), Catch::Contains("cannot save the model") && Catch::Contains(m.params()[0]->name));
  }
  CHECK_THROWS_WITH(require_finite(m, "export the model"), Catch::Contains("cannot export the model"));
}
