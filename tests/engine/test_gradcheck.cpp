// Numerical gradient checks of every layer (input and parameters) and every
// loss, by central differences (core/gradcheck.h).
//
// Tolerance: max error < 1e-2, the error being relative for gradients above
// 1e-2 and absolute below. With h = 1e-2 in float and L summed in double, the
// truncation error (h^2 f'''/6) is ~1e-5 relative for these smooth layers,
// and the rounding of the float outputs (~6e-8 relative each, summed over
// all outputs that a step moves) divided by 2h stays near 1e-4 absolute, so
// correct layers measure 1e-4..1e-3: 1e-2 leaves an order of margin while a
// wrong term in a backward (a missing factor, a wrong index) shows as > 0.1,
// which the "a wrong backward fails" case checks. Kinks are skipped and the
// skipped share is bounded so a check cannot pass by skipping everything.
#include <algorithm>
#include <cmath>

#include "check.h"
#include "check/gradcheck.h"
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

namespace {

constexpr float kTol = 1e-2f;

Tensor randn(Shape s, uint64_t seed, float scale = 1.f) {
  Tensor t(s);
  Rng rng(seed);
  for (float& v : t.values()) v = scale * rng.normal();
  return t;
}

// Distinct values spaced 3h apart in random order: no max-pool ties within h.
Tensor spread(Shape s, uint64_t seed, float h = 1e-2f) {
  Tensor t(s);
  for (size_t i = 0; i < t.size(); ++i) t[i] = 3.f * h * (float(i) - 0.5f * float(t.size()));
  Rng rng(seed);
  for (size_t i = t.size(); i > 1; --i) std::swap(t[i - 1], t[rng.below(uint32_t(i))]);
  return t;
}

void expect_gradients(Layer& layer, Shape in, uint64_t seed, GradCheckOptions opt = {},
                      double max_skipped = 0.1, const Tensor* input = nullptr) {
  layer.build({1, in.c, in.h, in.w});
  Rng rng(seed);
  layer.init_params(Init{Init::Std, 0.5f}, rng);
  // Non-trivial biases / BN affine parameters.
  for (Param* p : layer.params())
    if (p->value.size() > 0 && !p->decay)
      for (float& v : p->value.values()) v += 0.3f * rng.normal();
  const Tensor x = input ? *input : randn(in, seed + 1);
  const GradCheckReport r = check_layer_gradients(layer, x, opt);
  INFO(layer.describe() << "\n" << r.str());
  CHECK(r.entries.size() == layer.params().size() + 1);
  CHECK(r.checked() > 0);
  CHECK(double(r.skipped()) <= max_skipped * double(r.checked() + r.skipped()));
  CHECK(r.max_error() < kTol);
}

void expect_loss_gradients(Loss& loss, const Tensor& y, const Tensor& t) {
  const GradCheckReport r = check_loss_gradients(loss, y, t);
  INFO(loss.type() << "\n" << r.str());
  CHECK(r.skipped() == 0);
  CHECK(r.max_error() < kTol);
}

Tensor one_hot_rows(int n, int k, uint64_t seed) {
  Tensor t({n, k, 1, 1});
  Rng rng(seed);
  for (int i = 0; i < n; ++i) t[size_t(i) * k + rng.below(k)] = 1.f;
  return t;
}

// Tanh with a wrong backward (y instead of 1 - y^2): the check must catch it.
class WrongTanh : public Tanh {
 public:
  Tensor forward(const Tensor& x, Mode mode) override {
    y_ = Tanh::forward(x, mode);
    return y_;
  }
  Tensor backward(const Tensor& dy) override {
    Tensor dx(dy.shape());
    for (size_t i = 0; i < dy.size(); ++i) dx[i] = dy[i] * (1.f - y_[i]);
    return dx;
  }

 private:
  Tensor y_;
};

}  // namespace

TEST_CASE("gradcheck: numerical gradient of a known function", "[gradcheck]") {
  Tensor v({1, 4, 1, 1}, {-1.f, 0.5f, 2.f, 0.f});
  const NumericalGradient g = numerical_gradient(
      v,
      [&] {
        double s = 0;
        for (float x : v.values()) s += double(x) * x * x;
        return s;
      },
      {});
  for (int i = 0; i < 4; ++i) CHECK(g.grad[i] == Approx(3.0 * v[i] * v[i]).margin(2e-4));
  CHECK(v[1] == 0.5f);  // restored
  // |x| has a kink at 0 that must be flagged; x^2 must not.
  Tensor a({1, 2, 1, 1}, {0.f, 1.f});
  const NumericalGradient k = numerical_gradient(
      a, [&] { return double(std::fabs(a[0])) + std::fabs(a[1]); }, {});
  CHECK(k.kink[0] == 1);
  CHECK(k.kink[1] == 0);
}

TEST_CASE("gradcheck: a wrong backward fails", "[gradcheck]") {
  WrongTanh wrong;
  wrong.build({1, 3, 2, 2});
  const GradCheckReport r = check_layer_gradients(wrong, randn({2, 3, 2, 2}, 5));
  INFO(r.str());
  CHECK(r.max_error() > 0.1f);
  // A wrong conv gradient too: scale the weight gradient after the fact.
  Conv2D conv(2, 3, 1, 1);
  conv.build({1, 2, 4, 4});
  Rng rng(2);
  conv.init_params(Init{}, rng);
  const Tensor x = randn({1, 2, 4, 4}, 6);
  const Tensor y = conv.forward(x, Mode::Train);
  Tensor probe = randn(y.shape(), 7);
  for (Param* p : conv.params()) p->grad.fill(0.f);
  conv.backward(probe);
  Tensor bad = conv.params()[0]->grad;
  bad[3] *= 1.1f;
  Tensor& W = conv.params()[0]->value;
  const NumericalGradient num = numerical_gradient(
      W,
      [&] {
        const Tensor out = conv.forward(x, Mode::Train);
        double s = 0;
        for (size_t i = 0; i < out.size(); ++i) s += double(out[i]) * probe[i];
        return s;
      },
      {});
  CHECK(compare_gradients("W", conv.params()[0]->grad, num, nullptr, {}).max_error < kTol);
  CHECK(compare_gradients("W", bad, num, nullptr, {}).max_error > 0.05f);
}

TEST_CASE("gradcheck: affine", "[gradcheck]") {
  Affine a(5);
  expect_gradients(a, {4, 2, 2, 2}, 10);
}

TEST_CASE("gradcheck: conv stride 2 pad 1, several channels", "[gradcheck][conv]") {
  Conv2D conv(4, 3, 2, 1);
  expect_gradients(conv, {2, 3, 7, 6}, 20);
}

TEST_CASE("gradcheck: conv 1x1 and 5x5 pad 2", "[gradcheck][conv]") {
  Conv2D one(3, 1, 1, 0);
  expect_gradients(one, {2, 4, 3, 3}, 21);
  Conv2D five(2, 5, 1, 2);
  expect_gradients(five, {1, 2, 5, 5}, 22);
}

TEST_CASE("gradcheck: activations", "[gradcheck]") {
  GradCheckOptions kinked;
  kinked.kink_radius = 2 * kinked.h;
  ReLU relu;
  expect_gradients(relu, {3, 2, 3, 3}, 30, kinked);
  LeakyReLU leaky(0.1f);
  expect_gradients(leaky, {3, 2, 3, 3}, 31, kinked);
  Sigmoid sig;
  expect_gradients(sig, {3, 2, 3, 3}, 32);
  Tanh tanh_layer;
  expect_gradients(tanh_layer, {3, 2, 3, 3}, 33);
  Softmax sm;
  expect_gradients(sm, {3, 6, 1, 1}, 34);
  Softmax sm_spatial;
  expect_gradients(sm_spatial, {2, 2, 2, 2}, 35);
  Flatten flat;
  expect_gradients(flat, {2, 2, 2, 3}, 36);
}

TEST_CASE("gradcheck: step passes a zero gradient, its jump is skipped", "[gradcheck]") {
  Step st;
  GradCheckOptions opt;
  opt.kink_radius = 2 * opt.h;
  expect_gradients(st, {2, 3, 3, 3}, 37, opt);
}

TEST_CASE("gradcheck: max pooling with stride != kernel and padding", "[gradcheck][pool]") {
  // Random inputs can hold near-ties (two window values within h), where the
  // max is not differentiable at the scale of the step: use distinct values.
  const Tensor xa = spread({2, 2, 7, 7}, 40), xb = spread({2, 2, 4, 5}, 41),
               xc = spread({1, 3, 8, 8}, 42);
  MaxPool2D a(3, 2, 1);
  expect_gradients(a, xa.shape(), 40, {}, 0.0, &xa);
  MaxPool2D b(2, 1, 0);
  expect_gradients(b, xb.shape(), 41, {}, 0.0, &xb);
  MaxPool2D c(2, 3, 0);
  expect_gradients(c, xc.shape(), 42, {}, 0.0, &xc);
}

TEST_CASE("gradcheck: average pooling with stride != kernel and padding", "[gradcheck][pool]") {
  AvgPool2D a(3, 2, 1);
  expect_gradients(a, {2, 2, 7, 7}, 43);
  AvgPool2D b(2, 1, 0);
  expect_gradients(b, {2, 2, 4, 5}, 44);
}

TEST_CASE("gradcheck: batchnorm, dense and conv", "[gradcheck][bn]") {
  BatchNorm dense;
  expect_gradients(dense, {6, 4, 1, 1}, 50);
  BatchNorm conv;
  expect_gradients(conv, {3, 2, 3, 3}, 51);
}

TEST_CASE("gradcheck: dropout with a fixed step seed", "[gradcheck]") {
  Dropout d(0.4f);
  d.set_name("2.dropout");
  d.set_step_seed(1234);
  expect_gradients(d, {4, 3, 2, 2}, 60);
}

TEST_CASE("gradcheck: lrn", "[gradcheck][lrn]") {
  // A large alpha makes the normalization matter at unit-scale inputs.
  LRN strong(3, 2.f, 0.75f, 1.f);
  expect_gradients(strong, {2, 5, 2, 2}, 70);
  LRN even(4, 1.f, 0.5f, 2.f);
  expect_gradients(even, {1, 6, 2, 3}, 71);
  LRN def;
  expect_gradients(def, {2, 7, 2, 2}, 72);
}

TEST_CASE("gradcheck: losses", "[gradcheck][loss]") {
  SoftmaxWithLoss sm;
  expect_loss_gradients(sm, randn({4, 5, 1, 1}, 80, 2.f), one_hot_rows(4, 5, 81));
  MSELoss mse;
  expect_loss_gradients(mse, randn({3, 4, 1, 1}, 82), randn({3, 4, 1, 1}, 83));
  BCELoss bce;
  Tensor t({3, 4, 1, 1});
  Rng rng(84);
  for (float& v : t.values()) v = float(rng.below(2));
  expect_loss_gradients(bce, randn({3, 4, 1, 1}, 85, 2.f), t);
}
