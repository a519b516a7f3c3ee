// Convolution: the book's worked examples, a multi-channel strided case
// against a direct convolution, im2col/col2im adjointness, and equality of
// results across thread counts.
#include <cmath>

#include "check.h"
#include "random_tensor.h"
#include "core/error.h"
#include "check/gradcheck.h"
#include "layers/conv2d.h"
#include "ops/im2col.h"
#include "ops/parallel.h"

using namespace barnlab;
using barnlab::test::check_tensor;
using barnlab::test::check_values;
using barnlab::test::randn;

namespace {

// y[n,f,oy,ox] = b[f] + sum_{c,i,j} W[f,c,i,j] x[n,c,oy*S-P+i,ox*S-P+j]
Tensor direct_conv(const Tensor& x, const Tensor& W, const Tensor& b, int stride, int pad) {
  const Shape& s = x.shape();
  const int F = W.shape().n, K = W.shape().h;
  const int oh = (s.h + 2 * pad - K) / stride + 1, ow = (s.w + 2 * pad - K) / stride + 1;
  Tensor y({s.n, F, oh, ow});
  for (int n = 0; n < s.n; ++n)
    for (int f = 0; f < F; ++f)
      for (int oy = 0; oy < oh; ++oy)
        for (int ox = 0; ox < ow; ++ox) {
          double sum = b[f];
          for (int c = 0; c < s.c; ++c)
            for (int i = 0; i < K; ++i)
              for (int j = 0; j < K; ++j) {
                const int iy = oy * stride - pad + i, ix = ox * stride - pad + j;
                if (iy >= 0 && iy < s.h && ix >= 0 && ix < s.w)
                  sum += double(W.at(f, c, i, j)) * x.at(n, c, iy, ix);
              }
          y.at(n, f, oy, ox) = float(sum);
        }
  return y;
}

const std::vector<float> kBookInput = {1, 2, 3, 0, 0, 1, 2, 3, 3, 0, 1, 2, 2, 3, 0, 1};
const std::vector<float> kBookFilter = {2, 0, 1, 0, 1, 2, 1, 0, 2};

}  // namespace

TEST_CASE("conv: the book's worked example without padding", "[conv]") {
  Conv2D conv(1, 3, 1, 0);
  REQUIRE(conv.build({1, 1, 4, 4}) == Shape{1, 1, 2, 2});
  conv.params()[0]->value.values().assign(kBookFilter.begin(), kBookFilter.end());
  const Tensor y = conv.forward(Tensor({1, 1, 4, 4}, kBookInput), Mode::Eval);
  check_tensor(y, Tensor({1, 1, 2, 2}, {15, 16, 6, 15}));
}

TEST_CASE("conv: the book's worked example with padding 1 and a bias", "[conv]") {
  Conv2D conv(1, 3, 1, 1);
  REQUIRE(conv.build({1, 1, 4, 4}) == Shape{1, 1, 4, 4});
  conv.params()[0]->value.values().assign(kBookFilter.begin(), kBookFilter.end());
  const Tensor y = conv.forward(Tensor({1, 1, 4, 4}, kBookInput), Mode::Eval);
  check_tensor(y, Tensor({1, 1, 4, 4}, {7, 12, 10, 2, 4, 15, 16, 10, 10, 6, 15, 6, 8, 10, 4, 3}));
  // The book adds bias 3 to the unpadded result: [[18, 19], [9, 18]].
  Conv2D biased(1, 3, 1, 0);
  biased.build({1, 1, 4, 4});
  biased.params()[0]->value.values().assign(kBookFilter.begin(), kBookFilter.end());
  biased.params()[1]->value[0] = 3.f;
  check_tensor(biased.forward(Tensor({1, 1, 4, 4}, kBookInput), Mode::Eval),
               Tensor({1, 1, 2, 2}, {18, 19, 9, 18}));
}

TEST_CASE("conv: multi-channel, stride 2, padding 1 matches a direct convolution", "[conv]") {
  Conv2D conv(4, 3, 2, 1);
  conv.set_name("c");
  const Shape out = conv.build({1, 3, 7, 6});
  CHECK(out == Shape{1, 4, 4, 3});
  Rng rng(3);
  conv.init_params(Init{Init::Std, 0.5f}, rng);
  Param* W = conv.params()[0];
  Param* b = conv.params()[1];
  CHECK(W->name == "c.W");
  CHECK(b->name == "c.b");
  CHECK(W->value.shape() == Shape{4, 3, 3, 3});
  CHECK(b->value.shape() == Shape{1, 4, 1, 1});
  CHECK_FALSE(b->decay);
  for (int f = 0; f < 4; ++f) b->value[f] = 0.1f * float(f + 1);
  const Tensor x = randn({2, 3, 7, 6}, 11);
  check_tensor(conv.forward(x, Mode::Train), direct_conv(x, W->value, b->value, 2, 1), 1e-5f);
}

TEST_CASE("conv: backward matches the transpose of the direct convolution", "[conv]") {
  // <dy, conv(x)> is linear in x and W: its gradients are checked exactly
  // against finite differences of the direct convolution in double.
  Conv2D conv(2, 2, 2, 1);
  conv.build({1, 2, 5, 5});
  Rng rng(5);
  conv.init_params(Init{Init::Std, 1.f}, rng);
  const Tensor x = randn({2, 2, 5, 5}, 8);
  const Tensor y = conv.forward(x, Mode::Train);
  const Tensor dy = randn(y.shape(), 9);
  for (Param* p : conv.params()) p->grad.fill(0.f);
  const Tensor dx = conv.backward(dy);
  const Tensor& W = conv.params()[0]->value;
  const Tensor& b = conv.params()[1]->value;
  // dx[i] = <dy, direct_conv(e_i, W, 0)>
  Tensor zero_b(b.shape());
  Tensor want(x.shape());
  for (size_t i = 0; i < x.size(); ++i) {
    Tensor e(x.shape());
    e[i] = 1.f;
    const Tensor r = direct_conv(e, W, zero_b, 2, 1);
    double s = 0;
    for (size_t k = 0; k < r.size(); ++k) s += double(r[k]) * dy[k];
    want[i] = float(s);
  }
  check_tensor(dx, want, 1e-5f);
  Tensor want_dw(W.shape());
  for (size_t i = 0; i < W.size(); ++i) {
    Tensor e(W.shape());
    e[i] = 1.f;
    const Tensor r = direct_conv(x, e, zero_b, 2, 1);
    double s = 0;
    for (size_t k = 0; k < r.size(); ++k) s += double(r[k]) * dy[k];
    want_dw[i] = float(s);
  }
  check_tensor(conv.params()[0]->grad, want_dw, 1e-5f);
}

TEST_CASE("conv: gradients accumulate across backward calls", "[conv]") {
  Conv2D conv(2, 3, 1, 1);
  conv.build({1, 2, 4, 4});
  Rng rng(1);
  conv.init_params(Init{}, rng);
  const Tensor x = randn({1, 2, 4, 4}, 2);
  const Tensor dy = randn({1, 2, 4, 4}, 3);
  conv.forward(x, Mode::Train);
  conv.backward(dy);
  const Tensor once = conv.params()[0]->grad;
  conv.forward(x, Mode::Train);
  conv.backward(dy);
  Tensor twice = once;
  for (float& v : twice.values()) v *= 2.f;
  check_tensor(conv.params()[0]->grad, twice, 1e-5f);
}

TEST_CASE("im2col and col2im are adjoint", "[conv][im2col]") {
  struct Case { int c, h, w, k, s, p; };
  for (const Case& cs : {Case{1, 4, 4, 3, 1, 0}, Case{3, 7, 5, 3, 2, 1}, Case{2, 6, 6, 2, 2, 0},
                         Case{2, 5, 8, 4, 3, 2}}) {
    const int n = 3;
    const ConvGeometry g = ConvGeometry::make(cs.c, cs.h, cs.w, cs.k, cs.k, cs.s, cs.p);
    const size_t cols = size_t(g.rows()) * n * g.cols_per_image();
    const Tensor x = randn({n, cs.c, cs.h, cs.w}, 21);
    const Tensor c = randn({1, 1, 1, int(cols)}, 22);
    std::vector<float> col(cols, -7.f), back(x.size(), -7.f);
    im2col(x.data(), n, g, col.data());
    col2im(c.data(), n, g, back.data());
    double lhs = 0, rhs = 0;
    for (size_t i = 0; i < x.size(); ++i) lhs += double(back[i]) * x[i];
    for (size_t i = 0; i < cols; ++i) rhs += double(c[i]) * col[i];
    INFO("case c=" << cs.c << " h=" << cs.h << " w=" << cs.w << " k=" << cs.k << " s=" << cs.s
                   << " p=" << cs.p);
    CHECK(lhs == Approx(rhs).epsilon(1e-5));
  }
}

TEST_CASE("col2im on scratch columns sums as col2im_image", "[conv][im2col]") {
  // "Same" geometries (shifted rows, zeroed wrap-around entries) and others
  // (the fallback); the sums are the same bits.
  struct Case { int c, h, w, k, s, p; };
  for (const Case& cs : {Case{2, 6, 7, 3, 1, 1}, Case{3, 5, 5, 5, 1, 2}, Case{1, 4, 9, 1, 1, 0},
                         Case{2, 3, 3, 3, 1, 1}, Case{2, 7, 6, 3, 2, 1}, Case{1, 5, 4, 3, 1, 0}}) {
    const ConvGeometry g = ConvGeometry::make(cs.c, cs.h, cs.w, cs.k, cs.k, cs.s, cs.p);
    const Tensor col = randn({1, 1, g.rows(), g.cols_per_image()}, 23);
    Tensor scratch = col, want({1, cs.c, cs.h, cs.w}, -7.f), got({1, cs.c, cs.h, cs.w}, -7.f);
    col2im_image(col.data(), size_t(g.cols_per_image()), g, want.data());
    col2im_image_scratch(scratch.data(), size_t(g.cols_per_image()), g, got.data());
    INFO("case c=" << cs.c << " h=" << cs.h << " w=" << cs.w << " k=" << cs.k << " s=" << cs.s
                   << " p=" << cs.p);
    check_tensor(got, want, 0.f);
  }
}

TEST_CASE("im2col lays the batch out in the columns", "[conv][im2col]") {
  // Two 1 x 2 x 2 images, 2x2 window: each image is one column.
  const ConvGeometry g = ConvGeometry::make(1, 2, 2, 2, 2, 1, 0);
  const std::vector<float> x = {1, 2, 3, 4, 5, 6, 7, 8};
  std::vector<float> col(8);
  im2col(x.data(), 2, g, col.data());
  check_values(col, {1, 5, 2, 6, 3, 7, 4, 8});
}

TEST_CASE("conv_out_size", "[conv][im2col]") {
  CHECK(conv_out_size(4, 3, 1, 0) == 2);
  CHECK(conv_out_size(4, 3, 1, 1) == 4);
  CHECK(conv_out_size(7, 3, 2, 1) == 4);
  CHECK(conv_out_size(28, 5, 1, 0) == 24);
  CHECK_THROWS_AS(conv_out_size(2, 5, 1, 1), Error);
}

TEST_CASE("conv: build rejects a kernel larger than the padded input", "[conv]") {
  Conv2D conv(16, 5, 1, 0);
  try {
    conv.build({1, 3, 4, 4});
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(std::string(e.what()) ==
          "conv 16 5x5 s1 p0: kernel 5 does not fit input 3 x 4 x 4 with padding 0");
  }
  CHECK_THROWS_AS(Conv2D(16, 3, 0, 0), Error);
  Conv2D ok(2, 3, 1, 1);
  ok.build({1, 3, 4, 4});
  CHECK_THROWS_AS(ok.forward(Tensor({1, 2, 4, 4}), Mode::Eval), Error);
}

TEST_CASE("conv: init draws N(0, 2/fan_in) for He", "[conv]") {
  Conv2D conv(64, 3, 1, 1);
  conv.build({1, 16, 8, 8});
  Rng rng(9);
  conv.init_params(Init{Init::He}, rng);
  const Tensor& W = conv.params()[0]->value;
  double sum = 0, sq = 0;
  for (float v : W.values()) sum += v, sq += double(v) * v;
  const double n = double(W.size()), mean = sum / n, var = sq / n - mean * mean;
  CHECK(std::fabs(mean) < 0.01);
  CHECK(var == Approx(2.0 / (16 * 9)).epsilon(0.05));
  for (float v : conv.params()[1]->value.values()) CHECK(v == 0.f);
}

TEST_CASE("conv: forward and backward agree across thread counts", "[conv][threads]") {
  Conv2D conv(8, 3, 1, 1);
  conv.build({1, 3, 16, 16});
  Rng rng(4);
  conv.init_params(Init{}, rng);
  const Tensor x = randn({4, 3, 16, 16}, 12);
  const Tensor dy = randn({4, 8, 16, 16}, 13);
  auto run = [&](int threads, Tensor* y, Tensor* dx, Tensor* dw, Tensor* db) {
    set_num_threads(threads);
    for (Param* p : conv.params()) p->grad.fill(0.f);
    *y = conv.forward(x, Mode::Train);
    *dx = conv.backward(dy);
    *dw = conv.params()[0]->grad;
    *db = conv.params()[1]->grad;
  };
  Tensor y1, dx1, dw1, db1, y2, dx2, dw2, db2;
  run(1, &y1, &dx1, &dw1, &db1);
  run(2, &y2, &dx2, &dw2, &db2);
  set_num_threads(1);
  check_tensor(y2, y1, 1e-5f);
  check_tensor(dx2, dx1, 1e-5f);
  check_tensor(dw2, dw1, 1e-5f);
  check_tensor(db2, db1, 1e-5f);
}
