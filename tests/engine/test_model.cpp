// Models end to end: specs and presets build with checked shapes, the MLP
// solves XOR, save/load predicts identically, training resumes exactly,
// a diverging run keeps the last good weights, and the session façade the
// browser uses behaves.
#include <cmath>
#include <cstring>

#include <catch2/catch.hpp>

#include "app/session.h"
#include "check.h"
#include "core/error.h"
#include "model/model.h"
#include "ops/parallel.h"
#include "optimizers/optimizer.h"
#include "train/trainer.h"

using namespace barnlab;

namespace {

// Two classes told apart by where a bright square sits, with noise.
Dataset squares(int per_class, int size, uint64_t seed) {
  Dataset ds;
  ds.channels = 3;
  ds.size = size;
  ds.classes = {"left", "right"};
  Rng rng(seed);
  std::vector<uint8_t> img(ds.image_bytes());
  for (int i = 0; i < 2 * per_class; ++i) {
    const int label = i % 2;
    for (auto& p : img) p = uint8_t(rng.below(80));
    const int x0 = label == 0 ? 1 : size / 2 + 1;
    for (int c = 0; c < 3; ++c)
      for (int y = size / 4; y < size / 4 + size / 3; ++y)
        for (int x = x0; x < x0 + size / 3; ++x) img[(c * size + y) * size + x] = 230;
    ds.add(img.data(), label);
  }
  return ds;
}

const char* kSmallSpec =
    "input 3 16 16\n"
    "conv 4 3 pad=1\nbatchnorm\nrelu\nmaxpool 2 stride=2\n"
    "affine 16\nrelu\ndropout 0.3\naffine classes\nsoftmax_loss\n";

std::vector<float> all_params(Model& m) {
  std::vector<float> v;
  for (Param* p : m.params()) v.insert(v.end(), p->value.values().begin(), p->value.values().end());
  for (const Buffer& b : m.buffers()) v.insert(v.end(), b.value->values().begin(), b.value->values().end());
  return v;
}

}  // namespace

TEST_CASE("presets build with checked shapes", "[model]") {
  for (const auto& name : Model::preset_names()) {
    INFO(name);
    Model m = Model::preset(name, 3, 64, {"a", "b", "c"});
    CHECK(m.parameter_count() > 0);
    Tensor x(m.input_shape(2), 0.1f);
    const Tensor p = m.predict(x);
    REQUIRE(p.shape() == Shape{2, 3, 1, 1});
    CHECK(std::fabs(p[0] + p[1] + p[2] - 1.f) < 1e-5f);
  }
  Model fm = Model::preset("simple-convnet", 1, 28, {"a", "b"});
  CHECK(fm.parameter_count() == 30 * 25 + 30 + 4320 * 100 + 100 + 100 * 2 + 2);
  Model alex = Model::preset("alexnet-small", 3, 128, {"a", "b"});
  CHECK(alex.summary().find("lrn") != std::string::npos);
}

TEST_CASE("a bad spec fails when built, naming the layer", "[model]") {
  try {
    Model("input 3 4 4\nconv 8 9\nrelu\naffine classes\nsoftmax_loss\n", {"a", "b"});
    FAIL("expected an error");
  } catch (const Error& e) {
    const std::string msg = e.what();
    INFO(msg);
    CHECK(msg.find("line 2") != std::string::npos);
    CHECK(msg.find("conv") != std::string::npos);
  }
  CHECK_THROWS_WITH(Model("input 3 8 8\nflatten\naffine 5\nsoftmax_loss\n", {"a", "b"}),
                    Catch::Contains("affine classes"));
  CHECK_THROWS_WITH(Model::preset("resnet", 3, 64, {"a", "b"}), Catch::Contains("choose one of"));
  CHECK_THROWS_WITH(Model::preset("mlp", 3, 64, {"only"}), Catch::Contains("two classes"));
}

TEST_CASE("an MLP solves XOR", "[model][xor]") {
  set_num_threads(1);
  Model m("input 2 1 1\naffine 8 init=xavier\ntanh\naffine classes init=xavier\nsoftmax_loss\n",
          {"0", "1"}, 3);
  Tensor x({4, 2, 1, 1}, {0, 0, 0, 1, 1, 0, 1, 1});
  const std::vector<int> y = {0, 1, 1, 0};
  OptimizerConfig oc;
  oc.name = "adam";
  oc.lr = 0.05f;
  auto opt = make_optimizer(oc);
  float loss = 1;
  for (int i = 0; i < 500; ++i) {
    loss = m.forward_backward(x, y, uint64_t(i));
    opt->step(m.params());
  }
  CHECK(loss < 0.05f);
  const Tensor p = m.predict(x);
  for (int i = 0; i < 4; ++i) {
    INFO("input " << i);
    CHECK((p[i * 2 + 1] > 0.5f) == (y[i] == 1));
  }
}

TEST_CASE("save, load and predict identically", "[model][file]") {
  Model m = Model::preset("lenet", 3, 32, {"cat", "cow", "pig"}, -1.f, 5);
  m.set_normalization({{0.4f, 0.5f, 0.6f}, {0.2f, 0.25f, 0.3f}});
  Tensor x(m.input_shape(3));
  Rng rng(1);
  for (size_t i = 0; i < x.size(); ++i) x[i] = rng.normal();
  const auto bytes = m.save();
  Model back = Model::load(bytes.data(), bytes.size());
  CHECK(back.arch() == "lenet");
  CHECK(back.classes() == m.classes());
  CHECK(back.normalization().std == m.normalization().std);
  test::check_tensor(back.predict(x), m.predict(x), 0.f);
  auto cut = bytes;
  cut.resize(cut.size() / 2);
  CHECK_THROWS_WITH(Model::load(cut.data(), cut.size()), Catch::Contains("truncated"));
}

TEST_CASE("2 epochs + save + load + 2 epochs equals 4 epochs", "[model][resume]") {
  set_num_threads(1);
  const Dataset ds = squares(24, 16, 9);
  TrainConfig cfg;
  cfg.batch = 8;
  cfg.val_share = 0.25f;
  cfg.seed = 11;
  cfg.augment = true;
  cfg.optimizer.name = "adam";
  cfg.optimizer.lr = 3e-3f;
  cfg.optimizer.weight_decay = 1e-4f;

  Model straight(kSmallSpec, ds.classes, 4);
  cfg.epochs = 4;
  Trainer(straight, ds, cfg).fit(nullptr, nullptr);

  Model first(kSmallSpec, ds.classes, 4);
  cfg.epochs = 2;
  Trainer t1(first, ds, cfg);
  t1.fit(nullptr, nullptr);
  const auto bytes = t1.save();
  Model resumed = Model::load(bytes.data(), bytes.size());
  CHECK(resumed.state().epoch == 2);
  cfg.seed = 999;  // ignored: a resumed model keeps its own seed
  Trainer(resumed, ds, cfg).fit(nullptr, nullptr);

  CHECK(resumed.state().epoch == 4);
  CHECK(resumed.state().step == straight.state().step);
  test::check_values(all_params(resumed), all_params(straight), 0.f);
}

TEST_CASE("a diverging run stops with a clear error and keeps the last good weights", "[model]") {
  set_num_threads(1);
  const Dataset ds = squares(16, 16, 2);
  Model m(kSmallSpec, ds.classes, 1);
  TrainConfig cfg;
  cfg.epochs = 1;
  cfg.batch = 8;
  cfg.optimizer.name = "sgd";
  cfg.optimizer.lr = 0.01f;
  Trainer(m, ds, cfg).fit(nullptr, nullptr);
  const std::vector<float> good = all_params(m);
  cfg.optimizer.lr = 1e9f;
  cfg.epochs = 3;
  Trainer wild(m, ds, cfg);
  CHECK_THROWS_WITH(wild.fit(nullptr, nullptr), Catch::Contains("diverged") && Catch::Contains("learning rate"));
  test::check_values(all_params(m), good, 0.f);
  CHECK(m.state().epoch == 1);
}

TEST_CASE("training with 2 threads follows the 1-thread run", "[model][threads]") {
  const Dataset ds = squares(16, 16, 3);
  TrainConfig cfg;
  cfg.epochs = 2;
  cfg.batch = 8;
  std::vector<std::vector<float>> losses(2);
  for (int t = 1; t <= 2; ++t) {
    set_num_threads(t);
    Model m(kSmallSpec, ds.classes, 6);
    Trainer(m, ds, cfg).fit([&](const StepReport& r) { losses[t - 1].push_back(r.loss); }, nullptr);
  }
  set_num_threads(1);
  test::check_values(losses[1], losses[0], 1e-4f);
}

TEST_CASE("the session façade trains, evaluates, exports and imports", "[session]") {
  set_num_threads(1);
  const Dataset ds = squares(20, 32, 4);
  Session s;
  s.set_image_format(32, 3);
  // Feed interleaved RGBA of another size, as a browser does.
  for (size_t i = 0; i < ds.count(); ++i) {
    std::vector<uint8_t> rgba(48 * 48 * 4, 255);
    const uint8_t* chw = ds.image(i);
    for (int y = 0; y < 48; ++y)
      for (int x = 0; x < 48; ++x)
        for (int c = 0; c < 3; ++c) rgba[(y * 48 + x) * 4 + c] = chw[(c * 32 + y * 2 / 3) * 32 + x * 2 / 3];
    s.add_image(rgba.data(), 48, 48, 4, ds.labels[i]);
  }
  CHECK(s.image_count() == 40);
  CHECK_THROWS_WITH(s.begin_training({}), Catch::Contains("no model"));
  s.create_model("farm-small", "", ds.classes, 32, 0.f);
  SessionTrainConfig c;
  c.epochs = 3;
  c.batch = 8;
  c.val_share = 0.25f;
  const TrainPlan plan = s.begin_training(c);
  CHECK(plan.val_count == 10);
  CHECK_THROWS_WITH(s.begin_training(c), Catch::Contains("already running"));
  CHECK_THROWS_WITH(s.add_image(nullptr, 1, 1, 3, 0), Catch::Contains("while training"));
  int epochs = 0;
  while (s.is_training()) {
    const SessionStep st = s.train_steps(2);
    epochs += st.report.epoch_ended;
    CHECK(std::isfinite(st.report.loss));
  }
  CHECK(epochs == 3);
  const SessionEvaluation ev = s.evaluate();
  CHECK(ev.figures.labels.size() == 10);
  CHECK(ev.per_class.size() == 2);
  CHECK(ev.figures.accuracy >= 0.8f);

  std::vector<uint8_t> probe(32 * 32 * 3, 40);
  const auto before = s.predict(probe.data(), 32, 32, 3);
  const auto bytes = s.export_model();
  std::vector<uint8_t> corrupt = bytes;
  corrupt[corrupt.size() / 2] ^= 0x5a;
  CHECK_THROWS_WITH(s.import_model(corrupt.data(), corrupt.size()), Catch::Contains("corrupt"));
  test::check_values(s.predict(probe.data(), 32, 32, 3), before, 0.f);  // model intact
  Session other;
  other.set_image_format(32, 3);
  CHECK(other.import_model(bytes.data(), bytes.size()).epochs == 3);
  test::check_values(other.predict(probe.data(), 32, 32, 3), before, 0.f);
}

TEST_CASE("every layer survives a save and load round trip", "[model][file]") {
  const char* spec =
      "input 3 16 16\n"
      "conv 4 3 pad=1 init=xavier\nbatchnorm\nleaky_relu 0.1\nlrn size=3\n"
      "avgpool 2\nconv 6 3 stride=2 pad=1 init=std:0.05\nsigmoid\nmaxpool 2 stride=1\n"
      "flatten\naffine 12\nbatchnorm\ntanh\ndropout 0.2\naffine 8\nrelu\naffine classes\nsoftmax_loss\n";
  const Dataset ds = squares(8, 16, 5);
  Model m(spec, ds.classes, 9);
  TrainConfig cfg;
  cfg.epochs = 2;
  cfg.batch = 4;
  cfg.optimizer.name = "rmsprop";
  Trainer t(m, ds, cfg);
  t.fit(nullptr, nullptr);  // moves BatchNorm's running statistics off their start
  const auto bytes = t.save();
  Model back = Model::load(bytes.data(), bytes.size());
  CHECK(back.summary() == m.summary());
  test::check_values(all_params(back), all_params(m), 0.f);
  Tensor x(m.input_shape(3));
  Rng rng(4);
  for (size_t i = 0; i < x.size(); ++i) x[i] = rng.normal();
  test::check_tensor(back.predict(x), m.predict(x), 0.f);
  CHECK(back.saved_optimizer().name == "rmsprop");
  CHECK(!back.saved_optimizer().state.empty());
}
