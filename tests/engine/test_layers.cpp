// Known values of every layer and loss: hand-computed and the book's own
// examples, forward and backward, plus shape errors naming the layer.
#include <cmath>
#include <set>

#include "check.h"
#include "core/error.h"
#include "layers/affine.h"
#include "layers/avg_pool2d.h"
#include "layers/batch_norm.h"
#include "layers/bce_loss.h"
#include "layers/conv2d.h"
#include "layers/dropout.h"
#include "layers/flatten.h"
#include "layers/leaky_relu.h"
#include "layers/lrn.h"
#include "layers/max_pool2d.h"
#include "layers/mse_loss.h"
#include "layers/relu.h"
#include "layers/sigmoid.h"
#include "layers/softmax.h"
#include "layers/softmax_with_loss.h"
#include "layers/step.h"
#include "layers/tanh.h"

using namespace barnlab;
using barnlab::test::check_tensor;
using barnlab::test::check_values;

namespace {

Tensor row(std::vector<float> v) {
  const int n = int(v.size());
  return Tensor({1, n, 1, 1}, std::move(v));
}

std::vector<float> iota(int n, float start = 1.f, float step = 1.f) {
  std::vector<float> v(n);
  for (int i = 0; i < n; ++i) v[i] = start + step * float(i);
  return v;
}

}  // namespace

TEST_CASE("relu: forward, mask and backward", "[layers]") {
  ReLU relu;
  const Tensor y = relu.forward(Tensor({1, 1, 2, 2}, {1.f, -0.5f, -2.f, 3.f}), Mode::Train);
  check_tensor(y, Tensor({1, 1, 2, 2}, {1, 0, 0, 3}));
  check_tensor(relu.backward(Tensor({1, 1, 2, 2}, {5, 6, 7, 8})),
               Tensor({1, 1, 2, 2}, {5, 0, 0, 8}));
}

TEST_CASE("leaky_relu: slope on the negative side", "[layers]") {
  LeakyReLU lr(0.1f);
  check_tensor(lr.forward(row({-2.f, 0.f, 3.f}), Mode::Train), row({-0.2f, 0.f, 3.f}));
  check_tensor(lr.backward(row({1, 1, 1})), row({0.1f, 0.1f, 1.f}));
  LeakyReLU def;
  check_tensor(def.forward(row({-1.f}), Mode::Eval), row({-0.01f}));
  CHECK(def.describe() == "leaky_relu 0.01");
}

TEST_CASE("sigmoid: values, saturation without NaN, backward y(1-y)", "[layers]") {
  Sigmoid s;
  const Tensor y = s.forward(row({0.f, 1.f, -1.f, 100.f, -100.f}), Mode::Train);
  check_tensor(y, row({0.5f, 0.7310586f, 0.2689414f, 1.f, 0.f}));
  check_tensor(s.backward(row({1, 1, 1, 1, 1})), row({0.25f, 0.19661193f, 0.19661193f, 0, 0}));
}

TEST_CASE("tanh: values and backward 1 - y^2", "[layers]") {
  Tanh t;
  check_tensor(t.forward(row({0.f, 0.5f, -2.f}), Mode::Train), row({0.f, 0.46211716f, -0.96402758f}));
  check_tensor(t.backward(row({1, 2, 1})), row({1.f, 2.f * 0.78644773f, 0.07065082f}));
}

TEST_CASE("step: Heaviside forward, zero gradient", "[layers]") {
  Step st;
  check_tensor(st.forward(row({-1.f, 0.f, 0.2f, 5.f}), Mode::Train), row({0, 0, 1, 1}));
  check_tensor(st.backward(row({3, 3, 3, 3})), row({0, 0, 0, 0}));
}

TEST_CASE("softmax layer: the book's example, stability, backward", "[layers]") {
  Softmax sm;
  Tensor x({2, 3, 1, 1}, {0.3f, 2.9f, 4.0f, 1000.f, 1000.f, 1000.f});
  const Tensor y = sm.forward(x, Mode::Train);
  check_tensor(y, Tensor({2, 3, 1, 1}, {0.01821127f, 0.24519181f, 0.73659691f, 1.f / 3, 1.f / 3,
                                        1.f / 3}));
  // A constant dy changes nothing: softmax is shift invariant.
  check_tensor(sm.backward(Tensor({2, 3, 1, 1}, 1.f)), Tensor({2, 3, 1, 1}, 0.f));
}

TEST_CASE("flatten: shape round trip", "[layers]") {
  Flatten f;
  CHECK(f.build({1, 2, 3, 4}) == Shape{1, 24, 1, 1});
  Tensor x({2, 2, 3, 4}, iota(48));
  const Tensor y = f.forward(x, Mode::Train);
  CHECK(y.shape() == Shape{2, 24, 1, 1});
  check_tensor(y, Tensor({2, 24, 1, 1}, iota(48)));
  CHECK(f.backward(y).shape() == x.shape());
}

TEST_CASE("affine: y = x W + b, book layout, backward", "[layers]") {
  Affine a(2);
  a.set_name("fc");
  CHECK(a.build({1, 1, 1, 3}) == Shape{1, 2, 1, 1});
  Param* W = a.params()[0];
  Param* b = a.params()[1];
  CHECK(W->name == "fc.W");
  CHECK(W->value.shape() == Shape{3, 2, 1, 1});
  CHECK(b->value.shape() == Shape{1, 2, 1, 1});
  CHECK(W->decay);
  CHECK_FALSE(b->decay);
  W->value.values() = {1, 2, 3, 4, 5, 6};  // rows of W: [1 2] [3 4] [5 6]
  b->value.values() = {0.5f, -1.f};
  const Tensor x({2, 1, 1, 3}, {1, 0, -1, 2, 1, 0});
  check_tensor(a.forward(x, Mode::Train), Tensor({2, 2, 1, 1}, {-3.5f, -5.f, 5.5f, 7.f}));
  const Tensor dx = a.backward(Tensor({2, 2, 1, 1}, {1, 0, 0, 1}));
  CHECK(dx.shape() == x.shape());
  check_tensor(dx, Tensor({2, 1, 1, 3}, {1, 3, 5, 2, 4, 6}));
  // dW = x^T dy, db = column sums
  check_tensor(W->grad, Tensor({3, 2, 1, 1}, {1, 2, 0, 1, -1, 0}));
  check_tensor(b->grad, Tensor({1, 2, 1, 1}, {1, 1}));
  CHECK_THROWS_AS(a.forward(Tensor({2, 4, 1, 1}), Mode::Eval), Error);
}

TEST_CASE("maxpool: 2x2 stride 2, argmax routing", "[layers][pool]") {
  MaxPool2D mp(2, 2, 0);
  CHECK(mp.build({1, 1, 4, 4}) == Shape{1, 1, 2, 2});
  const Tensor x({1, 1, 4, 4}, iota(16));
  check_tensor(mp.forward(x, Mode::Train), Tensor({1, 1, 2, 2}, {6, 8, 14, 16}));
  std::vector<float> want(16, 0.f);
  want[5] = 1, want[7] = 2, want[13] = 3, want[15] = 4;
  check_tensor(mp.backward(Tensor({1, 1, 2, 2}, {1, 2, 3, 4})), Tensor({1, 1, 4, 4}, want));
}

TEST_CASE("maxpool: stride 2 with a 3x3 window, overlapping windows add", "[layers][pool]") {
  MaxPool2D mp(3, 2, 0);
  CHECK(mp.build({1, 1, 5, 5}) == Shape{1, 1, 2, 2});
  const Tensor x({1, 1, 5, 5}, iota(25, 0.f));
  check_tensor(mp.forward(x, Mode::Train), Tensor({1, 1, 2, 2}, {12, 14, 22, 24}));
  // k=2, s=1: the centre of a 3x3 peak wins all four windows.
  MaxPool2D ov(2, 1, 0);
  ov.build({1, 1, 3, 3});
  const Tensor peak({1, 1, 3, 3}, {0, 0, 0, 0, 9, 0, 0, 0, 0});
  check_tensor(ov.forward(peak, Mode::Train), Tensor({1, 1, 2, 2}, 9.f));
  std::vector<float> want(9, 0.f);
  want[4] = 10.f;
  check_tensor(ov.backward(Tensor({1, 1, 2, 2}, {1, 2, 3, 4})), Tensor({1, 1, 3, 3}, want));
}

TEST_CASE("maxpool: padding is -inf, not zero", "[layers][pool]") {
  MaxPool2D mp(2, 2, 1);
  CHECK(mp.build({1, 1, 3, 3}) == Shape{1, 1, 2, 2});
  check_tensor(mp.forward(Tensor({1, 1, 3, 3}, iota(9)), Mode::Eval),
               Tensor({1, 1, 2, 2}, {1, 3, 7, 9}));
  check_tensor(mp.forward(Tensor({1, 1, 3, 3}, iota(9, -1.f, -1.f)), Mode::Eval),
               Tensor({1, 1, 2, 2}, {-1, -2, -4, -5}));
  CHECK_THROWS_AS(MaxPool2D(2, 2, 2), Error);
}

TEST_CASE("maxpool: channels and images are pooled separately", "[layers][pool]") {
  MaxPool2D mp(2);
  CHECK(mp.describe() == "maxpool 2x2 s2 p0");
  mp.build({1, 2, 2, 2});
  const Tensor x({2, 2, 2, 2}, {1, 5, 2, 3, -1, -2, -3, -4, 0, 0, 7, 0, 8, 1, 1, 1});
  check_tensor(mp.forward(x, Mode::Eval), Tensor({2, 2, 1, 1}, {5, -1, 7, 8}));
}

TEST_CASE("avgpool: stride, padding counted in the divisor", "[layers][pool]") {
  AvgPool2D ap(2, 2, 0);
  ap.build({1, 1, 4, 4});
  check_tensor(ap.forward(Tensor({1, 1, 4, 4}, iota(16)), Mode::Train),
               Tensor({1, 1, 2, 2}, {3.5f, 5.5f, 11.5f, 13.5f}));
  check_tensor(ap.backward(Tensor({1, 1, 2, 2}, {4, 8, 0, 0})),
               Tensor({1, 1, 4, 4}, {1, 1, 2, 2, 1, 1, 2, 2, 0, 0, 0, 0, 0, 0, 0, 0}));
  AvgPool2D pad(2, 2, 1);
  CHECK(pad.build({1, 1, 3, 3}) == Shape{1, 1, 2, 2});
  check_tensor(pad.forward(Tensor({1, 1, 3, 3}, iota(9)), Mode::Train),
               Tensor({1, 1, 2, 2}, {0.25f, 1.25f, 2.75f, 7.f}));
  // Only real pixels receive gradient, each dy / (k*k).
  check_tensor(pad.backward(Tensor({1, 1, 2, 2}, {4, 4, 4, 4})), Tensor({1, 1, 3, 3}, 1.f));
  AvgPool2D s1(3, 1, 0);
  s1.build({1, 1, 3, 4});
  check_tensor(s1.forward(Tensor({1, 1, 3, 4}, iota(12)), Mode::Eval),
               Tensor({1, 1, 1, 2}, {6, 7}));
}

TEST_CASE("pool: build rejects a window larger than the input", "[layers][pool]") {
  MaxPool2D mp(5, 2, 0);
  try {
    mp.build({1, 8, 3, 3});
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(std::string(e.what()) ==
          "maxpool 5x5 s2 p0: window 5 does not fit input 8 x 3 x 3 with padding 0");
  }
}

TEST_CASE("batchnorm: dense train normalizes per feature, eval uses running stats",
          "[layers][bn]") {
  BatchNorm bn;
  bn.set_name("bn");
  CHECK(bn.build({1, 2, 1, 1}) == Shape{1, 2, 1, 1});
  REQUIRE(bn.buffers().size() == 2);
  CHECK(bn.buffers()[0].name == "bn.running_mean");
  CHECK(bn.buffers()[1].name == "bn.running_var");
  CHECK(bn.params()[0]->name == "bn.gamma");
  CHECK(bn.params()[1]->name == "bn.beta");
  CHECK_FALSE(bn.params()[0]->decay);
  CHECK_FALSE(bn.params()[1]->decay);
  // Feature 0: 1 2 3 4 (mean 2.5, var 1.25); feature 1: 10 10 10 10 (var 0).
  const Tensor x({4, 2, 1, 1}, {1, 10, 2, 10, 3, 10, 4, 10});
  const float r = 1.f / std::sqrt(1.25f + 1e-5f);
  check_tensor(bn.forward(x, Mode::Train),
               Tensor({4, 2, 1, 1}, {-1.5f * r, 0, -0.5f * r, 0, 0.5f * r, 0, 1.5f * r, 0}));
  check_tensor(*bn.buffers()[0].value, Tensor({1, 2, 1, 1}, {0.25f, 1.f}));
  check_tensor(*bn.buffers()[1].value, Tensor({1, 2, 1, 1}, {1.025f, 0.9f}));
  // Eval: (x - running_mean) / sqrt(running_var + eps) * gamma + beta.
  bn.params()[0]->value.values() = {2.f, 1.f};
  bn.params()[1]->value.values() = {0.5f, -1.f};
  const Tensor e = bn.forward(Tensor({1, 2, 1, 1}, {3.f, 10.f}), Mode::Eval);
  check_tensor(e, Tensor({1, 2, 1, 1}, {2.f * 2.75f / std::sqrt(1.025f + 1e-5f) + 0.5f,
                                        9.f / std::sqrt(0.9f + 1e-5f) - 1.f}));
  // Eval leaves the running statistics alone.
  check_tensor(*bn.buffers()[0].value, Tensor({1, 2, 1, 1}, {0.25f, 1.f}));
}

TEST_CASE("batchnorm: conv input normalizes per channel over N, H, W", "[layers][bn]") {
  BatchNorm bn(0.5f, 1e-5f);
  bn.build({1, 2, 3, 3});
  bn.params()[0]->value.values() = {2.f, 3.f};
  bn.params()[1]->value.values() = {1.f, -1.f};
  Tensor x({4, 2, 3, 3});
  Rng rng(1);
  for (int n = 0; n < 4; ++n)
    for (int c = 0; c < 2; ++c)
      for (int i = 0; i < 9; ++i) x.at(n, c, i / 3, i % 3) = (c ? 5.f : -2.f) + (c + 1) * rng.normal();
  const Tensor y = bn.forward(x, Mode::Train);
  for (int c = 0; c < 2; ++c) {
    double sum = 0, sq = 0;
    for (int n = 0; n < 4; ++n)
      for (int i = 0; i < 9; ++i) {
        const double v = y.at(n, c, i / 3, i % 3);
        sum += v, sq += v * v;
      }
    const double mean = sum / 36, var = sq / 36 - mean * mean;
    CHECK(mean == Approx(c ? -1.0 : 1.0).margin(1e-5));
    CHECK(var == Approx(c ? 9.0 : 4.0).epsilon(1e-3));
  }
  // After many identical steps the running stats converge to the batch's,
  // and eval then reproduces the train output.
  for (int i = 0; i < 40; ++i) bn.forward(x, Mode::Train);
  check_tensor(bn.forward(x, Mode::Eval), y, 1e-3f);
}

TEST_CASE("dropout: inverted scaling, identity in eval, deterministic masks", "[layers]") {
  Dropout d(0.25f);
  d.set_name("3.dropout");
  const Tensor x({10, 100, 1, 1}, 1.f);
  check_tensor(d.forward(x, Mode::Eval), x);
  d.set_step_seed(42);
  const Tensor y = d.forward(x, Mode::Train);
  size_t kept = 0;
  for (float v : y.values()) {
    CHECK((v == 0.f || v == Approx(1.f / 0.75f)));
    kept += v != 0.f;
  }
  CHECK(double(kept) / 1000.0 == Approx(0.75).margin(0.04));
  check_tensor(d.backward(Tensor(x.shape(), 2.f)), [&] {
    Tensor t = y;
    for (float& v : t.values()) v *= 2.f;
    return t;
  }());
  check_tensor(d.forward(x, Mode::Train), y);  // same step seed, same mask
  d.set_step_seed(43);
  CHECK(d.forward(x, Mode::Train).values() != y.values());
  Dropout other(0.25f);
  other.set_name("5.dropout");
  other.set_step_seed(42);
  CHECK(other.forward(x, Mode::Train).values() != y.values());
  CHECK_THROWS_AS(Dropout(1.f), Error);
  Dropout none(0.f);
  check_tensor(none.forward(x, Mode::Train), x);
}

TEST_CASE("lrn: PyTorch's convention (alpha / size, window c-size/2 .. c+(size-1)/2)",
          "[layers][lrn]") {
  // One pixel, channels 1 2 3, alpha = 3, beta = 1, k = 1.
  LRN odd(3, 3.f, 1.f, 1.f);
  odd.build({1, 3, 1, 1});
  check_tensor(odd.forward(Tensor({1, 3, 1, 1}, {1, 2, 3}), Mode::Eval),
               Tensor({1, 3, 1, 1}, {1.f / 6, 2.f / 15, 3.f / 14}));
  // Even size 2: the window is {c-1, c}.
  LRN even(2, 3.f, 1.f, 1.f);
  even.build({1, 3, 1, 1});
  check_tensor(even.forward(Tensor({1, 3, 1, 1}, {1, 2, 3}), Mode::Eval),
               Tensor({1, 3, 1, 1}, {1.f / 2.5f, 2.f / 8.5f, 3.f / 20.5f}));
  // Defaults (5, 1e-4, 0.75, 2) on one channel: x / (2 + 1e-4/5 x^2)^0.75.
  LRN def;
  def.build({1, 1, 1, 2});
  check_tensor(def.forward(Tensor({1, 1, 1, 2}, {1.f, 10.f}), Mode::Eval),
               Tensor({1, 1, 1, 2}, {1.f / std::pow(2.00002f, 0.75f),
                                     10.f / std::pow(2.002f, 0.75f)}));
}

TEST_CASE("softmax_loss: the book's cross-entropy examples", "[layers][loss]") {
  // Probabilities y with t = class 2; the logits log(y) reproduce them (zeros
  // become a vanishing 1e-30).
  const std::vector<float> good = {0.1f, 0.05f, 0.6f, 0, 0.05f, 0.1f, 0, 0.1f, 0, 0};
  const std::vector<float> bad = {0.1f, 0.05f, 0.1f, 0, 0.05f, 0.1f, 0, 0.6f, 0, 0};
  auto logits = [](const std::vector<float>& p) {
    Tensor t({1, 10, 1, 1});
    for (int i = 0; i < 10; ++i) t[i] = std::log(std::max(p[i], 1e-30f));
    return t;
  };
  Tensor t({1, 10, 1, 1});
  t[2] = 1.f;
  SoftmaxWithLoss loss;
  CHECK(loss.forward(logits(good), t) == Approx(0.510825457).epsilon(1e-5));
  CHECK(loss.forward(logits(bad), t) == Approx(2.302584092).epsilon(1e-5));
  check_tensor(loss.predict(logits(good)), Tensor({1, 10, 1, 1}, good), 1e-6f);
}

TEST_CASE("softmax_loss: batch mean, backward (p - t) / N, huge logits", "[layers][loss]") {
  SoftmaxWithLoss loss;
  const Tensor y({2, 3, 1, 1}, {1, 2, 3, 0, 0, 0});
  const Tensor t({2, 3, 1, 1}, {0, 0, 1, 1, 0, 0});
  const double l0 = std::log(1 + std::exp(-1.0) + std::exp(-2.0)), l1 = std::log(3.0);
  CHECK(loss.forward(y, t) == Approx((l0 + l1) / 2).epsilon(1e-6));
  const double z = std::exp(1.0) + std::exp(2.0) + std::exp(3.0);
  check_tensor(loss.backward(),
               Tensor({2, 3, 1, 1}, {float(std::exp(1.0) / z / 2), float(std::exp(2.0) / z / 2),
                                     float((std::exp(3.0) / z - 1) / 2), float((1.0 / 3 - 1) / 2),
                                     float(1.0 / 6), float(1.0 / 6)}));
  const float big = loss.forward(Tensor({1, 2, 1, 1}, {1000.f, -1000.f}), Tensor({1, 2, 1, 1}, {0, 1}));
  CHECK(big == Approx(2000.f));
  CHECK_THROWS_AS(loss.forward(y, Tensor({2, 4, 1, 1})), Error);
}

TEST_CASE("mse: the book's values (0.5 * sum of squares), batch mean, rmse", "[layers][loss]") {
  const std::vector<float> good = {0.1f, 0.05f, 0.6f, 0, 0.05f, 0.1f, 0, 0.1f, 0, 0};
  const std::vector<float> bad = {0.1f, 0.05f, 0.1f, 0, 0.05f, 0.1f, 0, 0.6f, 0, 0};
  Tensor t({1, 10, 1, 1});
  t[2] = 1.f;
  MSELoss mse;
  CHECK(mse.forward(row(good), t) == Approx(0.0975).epsilon(1e-5));
  CHECK(mse.forward(row(bad), t) == Approx(0.5975).epsilon(1e-5));
  std::vector<float> both = good;
  both.insert(both.end(), bad.begin(), bad.end());
  Tensor tt({2, 10, 1, 1});
  tt[2] = tt[12] = 1.f;
  const Tensor yy({2, 10, 1, 1}, both);
  CHECK(mse.forward(yy, tt) == Approx(0.3475).epsilon(1e-5));
  const Tensor d = mse.backward();
  CHECK(d[2] == Approx((0.6f - 1.f) / 2));
  CHECK(d[17] == Approx(0.6f / 2));
  CHECK(rmse(row(good), t) == Approx(std::sqrt(0.195 / 10)).epsilon(1e-5));
  CHECK(rmse(yy, tt) == Approx(std::sqrt((0.195 + 1.195) / 20)).epsilon(1e-5));
  check_tensor(mse.predict(yy), yy);
}

TEST_CASE("bce: from logits, stable, mean over all elements", "[layers][loss]") {
  BCELoss bce;
  const Tensor y({2, 2, 1, 1}, {0.f, 2.f, -100.f, 100.f});
  const Tensor t({2, 2, 1, 1}, {1.f, 0.f, 1.f, 1.f});
  const double want = (std::log(2.0) + 2.0 + std::log1p(std::exp(-2.0)) + 100.0 + 0.0) / 4;
  CHECK(bce.forward(y, t) == Approx(want).epsilon(1e-6));
  const Tensor d = bce.backward();
  check_tensor(d, Tensor({2, 2, 1, 1}, {(0.5f - 1) / 4, 0.88079708f / 4, -1.f / 4, 0.f}), 1e-6f);
  check_tensor(bce.predict(y), Tensor({2, 2, 1, 1}, {0.5f, 0.88079708f, 0.f, 1.f}));
}

// The checks Layer gives every layer (layers/layer.h): one message each, the
// layer named, whichever layer fails.
TEST_CASE("layers share one input check, one gradient check and one name prefix",
          "[layers][helpers]") {
  Conv2D conv(2, 3, 1, 1);
  MaxPool2D pool(2, 2, 0);
  BatchNorm bn;
  Affine affine(3);
  std::vector<Layer*> layers{&conv, &pool, &bn, &affine};
  for (Layer* l : layers) l->build({1, 2, 4, 4});
  for (Layer* l : layers) {
    INFO(l->describe());
    CHECK_THROWS_WITH(l->backward(Tensor({2, 2, 4, 4})),
                      Catch::StartsWith(l->describe() + ": backward without a training forward"));
  }
  for (Layer* l : {static_cast<Layer*>(&conv), static_cast<Layer*>(&pool), static_cast<Layer*>(&bn)}) {
    INFO(l->describe());
    CHECK_THROWS_WITH(l->forward(Tensor({1, 3, 4, 4}), Mode::Eval),
                      Catch::StartsWith(l->describe() + ": input 1 x 3 x 4 x 4") &&
                          Catch::EndsWith("does not match the built input 2 x 4 x 4"));
    const Tensor y = l->forward(Tensor({2, 2, 4, 4}, 0.5f), Mode::Train);
    CHECK_THROWS_WITH(l->backward(Tensor({3, y.shape().c, y.shape().h, y.shape().w})),
                      Catch::Contains("gradient of shape 3 x") && Catch::Contains("expected 2 x"));
  }
  CHECK(conv.params()[0]->name == "conv.W");  // no name: the type
  CHECK(bn.buffers()[0].name == "batchnorm.running_mean");
  Conv2D named(2, 3, 1, 1);
  named.set_name("4.conv");
  named.build({1, 2, 4, 4});
  CHECK(named.params()[1]->name == "4.conv.b");
  CHECK_THROWS_WITH(Conv2D(2, 5, 1, 0).build({1, 1, 4, 4}), Catch::Contains("kernel 5 does not fit input 1 x 4 x 4 with padding 0"));
  CHECK_THROWS_WITH(MaxPool2D(5, 1, 0).build({1, 1, 4, 4}), Catch::Contains("window 5 does not fit input 1 x 4 x 4"));
}

TEST_CASE("affine and conv draw their weights alike: He, Xavier, a given std", "[layers][helpers]") {
  // Same fan-in (2 x 3 x 3 = 18) both ways, so the same draws give the same weights.
  auto weights = [](Layer& l, Init init) {
    Rng rng(11);
    l.init_params(init, rng);
    return l.params()[0]->value;
  };
  for (Init init : {Init{Init::He}, Init{Init::Xavier}, Init{Init::Std, 0.3f}}) {
    Affine affine(64);
    affine.build({1, 2, 3, 3});
    Conv2D conv(64, 3, 1, 0);
    conv.build({1, 2, 3, 3});
    const Tensor a = weights(affine, init), c = weights(conv, init);
    REQUIRE(a.size() == c.size());
    check_values(std::vector<float>(c.values().begin(), c.values().end()),
                 std::vector<float>(a.values().begin(), a.values().end()), 0.f);
    double sq = 0;
    for (float v : a.values()) sq += double(v) * v;
    const double sd = std::sqrt(sq / double(a.size()));
    const double want = init.kind == Init::Std ? 0.3 : std::sqrt((init.kind == Init::He ? 2.0 : 1.0) / 18.0);
    CHECK(sd == Approx(want).epsilon(0.1));
    for (float v : affine.params()[1]->value.values()) CHECK(v == 0.f);
  }
}
