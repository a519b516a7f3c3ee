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
#include "model/predict.h"
#include "train/evaluate.h"
#include "train/metrics.h"
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

TEST_CASE("evaluate: one forward per batch, the one argmax, metrics' confusion", "[model][evaluate]") {
  set_num_threads(1);
  const Dataset ds = squares(6, 16, 3);
  Model m(kSmallSpec, ds.classes, 2);
  std::vector<int> idx = {0, 1, 2, 3, 4, 5, 6, 7, 8};
  const Evaluation ev = evaluate(m, ds, idx, 4);
  Tensor x;
  std::vector<int> labels;
  make_batch(ds, idx, 0, idx.size(), m.normalization(), nullptr, nullptr, x, labels);
  const Tensor p = m.predict(x);
  const std::vector<int> want = argmax_rows(p);
  CHECK(ev.predicted == want);
  CHECK(ev.labels == labels);
  CHECK(ev.confusion == confusion_matrix(want, labels, 2));
  CHECK(ev.accuracy == accuracy(want, labels));
  for (size_t i = 0; i < idx.size(); ++i) CHECK(ev.confidence[i] == Approx(p[i * 2 + size_t(want[i])]));
  CHECK(ev.loss == Approx(m.loss(m.forward(x, Mode::Eval), labels)).epsilon(1e-5));
  const Evaluation none = evaluate(m, ds, {});
  CHECK((std::isnan(none.accuracy) && std::isnan(none.loss)));
  CHECK(none.confusion == ConfusionMatrix(2, std::vector<int>(2, 0)));
}

TEST_CASE("a const model saves without a cast; the file's history field stays empty", "[model][file]") {
  const Dataset ds = squares(6, 16, 3);
  Model m(kSmallSpec, ds.classes, 2);
  TrainConfig cfg;
  cfg.epochs = 2;
  cfg.batch = 4;
  Trainer(m, ds, cfg).fit(nullptr, nullptr);
  const Model& cm = m;
  CHECK(cm.parameter_count() == m.parameter_count());
  CHECK(cm.params().size() == m.params().size());
  CHECK(cm.buffers().size() == m.buffers().size());  // BatchNorm's two statistics
  const Checkpoint ck = cm.to_checkpoint(nullptr);
  CHECK(ck.epoch == 2);
  CHECK(ck.history_json.empty());
  CHECK(ck.params.size() == m.params().size());
  CHECK(ck.buffers.size() == 2);
  CHECK(Model::preset("lenet", 1, 28, ds.classes).arch() == "lenet");
  CHECK(Model("# arch: x\n" + std::string(kSmallSpec), ds.classes).arch() == "x");
  CHECK(Model(kSmallSpec, ds.classes).arch() == "custom");
}

TEST_CASE("the session reports a channel mismatch as channels", "[session]") {
  const Dataset ds = squares(4, 16, 3);
  Session s;
  s.set_image_format(16, 3);
  std::vector<uint8_t> px(16 * 16 * 3, 100);
  s.add_image(px.data(), 16, 16, 3, 0);
  s.add_image(px.data(), 16, 16, 3, 1);
  const std::string grey = "input 1 16 16\nflatten\naffine classes\nsoftmax_loss\n";
  const auto bytes = Model(grey, ds.classes).save();
  s.import_model(bytes.data(), bytes.size());
  CHECK_THROWS_WITH(s.begin_training({}), Catch::Contains("kept with 3 channel(s) but the model takes 1") &&
                                              Catch::Contains("set the image format to the model's channels"));
  s.set_image_format(20, 1);
  CHECK_THROWS_WITH(s.begin_training({}), Catch::Contains("kept at 20 px but the model takes 16 px"));
  // Every class needs photos, the last one too (no photo labelled 1).
  s.set_image_format(16, 1);
  s.add_image(px.data(), 16, 16, 3, 0);
  s.add_image(px.data(), 16, 16, 3, 0);
  CHECK_THROWS_WITH(s.begin_training({}), Catch::Contains("class 'right' has no photos"));
  CHECK(!s.is_training());
}

// A 1-channel model (as the CLI's fashion-mnist makes) continues training in
// the app, which hands the engine RGBA pixels: they become grey by luminance.
TEST_CASE("the session trains a 1-channel model on RGBA pixels and continues it", "[session]") {
  set_num_threads(1);
  const Dataset ds = squares(8, 16, 5);
  auto rgba_of = [&](size_t i) {  // R = G = B = the grey value, alpha opaque
    std::vector<uint8_t> rgba(16 * 16 * 4, 255);
    const uint8_t* chw = ds.image(i);
    for (int p = 0; p < 16 * 16; ++p) {
      rgba[size_t(p) * 4 + 0] = chw[p];
      rgba[size_t(p) * 4 + 1] = chw[p];
      rgba[size_t(p) * 4 + 2] = chw[p];
    }
    return rgba;
  };
  const std::string spec = "input 1 16 16\nconv 4 3 pad=1\nrelu\nmaxpool 2\naffine classes\nsoftmax_loss\n";
  std::vector<uint8_t> file;
  {
    Session s;
    s.set_image_format(16, 1);
    for (size_t i = 0; i < ds.count(); ++i) s.add_image(rgba_of(i).data(), 16, 16, 4, ds.labels[i]);
    CHECK(s.create_model("custom", spec, ds.classes, 16, -1.f).channels == 1);
    SessionTrainConfig c;
    c.epochs = 1;
    c.batch = 4;
    s.begin_training(c);
    while (s.is_training()) s.train_steps(8);
    file = s.export_model();
  }
  Session s;
  const ModelInfo info = s.import_model(file.data(), file.size());
  REQUIRE(info.channels == 1);
  s.set_image_format(info.size, info.channels);
  for (size_t i = 0; i < ds.count(); ++i) s.add_image(rgba_of(i).data(), 16, 16, 4, ds.labels[i]);
  SessionTrainConfig c;
  c.epochs = 2;
  c.batch = 4;
  s.begin_training(c);
  int64_t last_epoch = 0;
  while (s.is_training()) {
    const SessionStep st = s.train_steps(8);
    if (st.report.epoch_ended) last_epoch = st.report.epoch_report.epoch;
  }
  CHECK(last_epoch == 3);  // continued after the first session's epoch
  CHECK(s.model_info().epochs == 3);
  // RGBA and the grey picture of the same luminance predict alike.
  const std::vector<uint8_t> rgba = rgba_of(0);
  std::vector<uint8_t> grey(16 * 16);
  for (int p = 0; p < 16 * 16; ++p) grey[size_t(p)] = ds.image(0)[p];
  test::check_values(s.predict(rgba.data(), 16, 16, 4), s.predict(grey.data(), 16, 16, 1), 1e-6f);
}

TEST_CASE("the predict pipeline: the session and predict_image agree", "[session][predict]") {
  const Dataset ds = squares(4, 16, 5);
  Model m(kSmallSpec, ds.classes, 3);
  const auto bytes = m.save();
  Session s;
  s.import_model(bytes.data(), bytes.size());
  Image img;
  img.width = 24;
  img.height = 20;
  img.channels = 3;
  Rng rng(8);
  for (int i = 0; i < 24 * 20 * 3; ++i) img.pixels.push_back(uint8_t(rng.below(256)));
  const std::vector<float> p = predict_image(m, img);
  REQUIRE(p.size() == 2);
  CHECK(p[0] + p[1] == Approx(1.f));
  test::check_values(s.predict(img.pixels.data(), 24, 20, 3), p, 0.f);
}
