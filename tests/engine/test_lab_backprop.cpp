// Lab pages 8 and 9: backpropagation on the notebook's 3-2-2 network, and
// single layers forward and backward.
#include <catch2/catch.hpp>

#include <cmath>

#include "lab/backprop_net.h"
#include "lab/lab.h"
#include "lab_json.h"

using namespace barnlab;
using barnlab::test::LabJson;

namespace {
double sig(double z) { return 1 / (1 + std::exp(-z)); }
}  // namespace

TEST_CASE("lab backprop: the notebook's network, backprop next to the numerical gradient", "[lab]") {
  Lab lab;
  const auto r = LabJson::parse(lab.run("backprop.net", "lr=0.5"));
  // Forward by hand from the defaults (x 0.5 0.1 0.8, w 0.1..1.0, b 0.1 0.1 0.2 0.2).
  const double z_h1 = 0.1 * 0.5 + 0.3 * 0.1 + 0.5 * 0.8 + 0.1;
  const double z_h2 = 0.2 * 0.5 + 0.4 * 0.1 + 0.6 * 0.8 + 0.1;
  const double h1 = sig(z_h1), h2 = sig(z_h2);
  const double o1 = sig(0.7 * h1 + 0.9 * h2 + 0.2), o2 = sig(0.8 * h1 + 1.0 * h2 + 0.2);
  const double E = 0.5 * ((o1 - 0.1) * (o1 - 0.1) + (o2 - 0.9) * (o2 - 0.9));
  const auto& f = r["forward"];
  CHECK(f["z_h1"].num() == Approx(z_h1).epsilon(1e-6));
  CHECK(f["h2"].num() == Approx(h2).epsilon(1e-6));
  CHECK(f["o1"].num() == Approx(o1).epsilon(1e-6));
  CHECK(f["o2"].num() == Approx(o2).epsilon(1e-6));
  CHECK(f["E"].num() == Approx(E).epsilon(1e-6));
  // The chain rule by hand for w7 (h1 -> o1) and w1 (x1 -> h1).
  const double d_o1 = (o1 - 0.1) * o1 * (1 - o1), d_o2 = (o2 - 0.9) * o2 * (1 - o2);
  const double d_h1 = (d_o1 * 0.7 + d_o2 * 0.8) * h1 * (1 - h1);
  REQUIRE(r["grads"].size() == 14);
  CHECK(r["grads"][6]["name"].text == "w7");
  CHECK(r["grads"][6]["backprop"].num() == Approx(d_o1 * h1).epsilon(1e-5));
  CHECK(r["grads"][0]["backprop"].num() == Approx(d_h1 * 0.5).epsilon(1e-5));
  CHECK(r["grads"][12]["name"].text == "b3");
  CHECK(r["grads"][12]["backprop"].num() == Approx(d_o1).epsilon(1e-5));
  CHECK(r["deltas"]["h1"].num() == Approx(d_h1).epsilon(1e-5));
  // Backprop and central differences agree far below 1e-6, for every weight.
  CHECK(r["max_difference"].num() < 1e-6);
  for (const auto& g : r["grads"].items) {
    INFO(g["name"].text);
    CHECK(std::fabs(g["backprop"].num() - g["numerical"].num()) < 1e-6);
    CHECK(std::fabs(g["backprop"].num()) > 1e-4);  // nothing trivially zero
  }
  // One SGD step: w - lr dE/dw, and the error falls.
  CHECK(r["updated"]["w7"].num() == Approx(0.7 - 0.5 * d_o1 * h1).epsilon(1e-6));
  CHECK(r["E_after"].num() < r["forward"]["E"].num());

  // Other numbers, same agreement.
  const auto s = LabJson::parse(lab.run("backprop.net", "x1=-2&x2=3&x3=1.5&w5=-1.2&w10=2.5&b2=-0.7&t1=1&t2=0"));
  CHECK(s["max_difference"].num() < 1e-6);
}

TEST_CASE("lab layers: each layer's cache, upstream and downstream gradients", "[lab]") {
  Lab lab;
  const auto relu = LabJson::parse(lab.run("layers.show", "layer=relu&n=2&d=3&seed=1"));
  const auto x = relu["x"]["data"].nums(), dy = relu["dy"]["data"].nums(), dx = relu["dx"]["data"].nums();
  const auto mask = relu["cache"][0]["value"]["data"].nums();
  REQUIRE(x.size() == 6);
  for (size_t i = 0; i < 6; ++i) {
    CHECK(mask[i] == (x[i] > 0 ? 1 : 0));
    CHECK(dx[i] == (x[i] > 0 ? dy[i] : 0));
  }
  const auto sg = LabJson::parse(lab.run("layers.show", "layer=sigmoid&n=3&d=2&seed=4"));
  const auto y = sg["cache"][0]["value"]["data"].nums();
  for (size_t i = 0; i < y.size(); ++i) {
    CHECK(y[i] == Approx(sig(sg["x"]["data"][i].num())));
    CHECK(sg["dx"]["data"][i].num() == Approx(sg["dy"]["data"][i].num() * y[i] * (1 - y[i])));
  }
  const auto af = LabJson::parse(lab.run("layers.show", "layer=affine&n=2&d=3&out=2&seed=2"));
  const auto ax = af["x"]["data"].nums(), ady = af["dy"]["data"].nums();
  const auto W = af["params"][0]["value"]["data"].nums(), dW = af["params"][0]["grad"]["data"].nums();
  // dW = x^T dy, dx = dy W^T, db = column sums of dy.
  for (int d = 0; d < 3; ++d)
    for (int o = 0; o < 2; ++o)
      CHECK(dW[d * 2 + o] == Approx(ax[d] * ady[o] + ax[3 + d] * ady[2 + o]));
  for (int n = 0; n < 2; ++n)
    for (int d = 0; d < 3; ++d)
      CHECK(af["dx"]["data"][n * 3 + d].num() == Approx(ady[n * 2] * W[d * 2] + ady[n * 2 + 1] * W[d * 2 + 1]));
  CHECK(af["params"][1]["grad"]["data"][0].num() == Approx(ady[0] + ady[2]));
  const auto sm = LabJson::parse(lab.run("layers.show", "layer=softmax_with_loss&n=2&d=3&seed=1"));
  const auto p = sm["y"]["data"].nums();
  const auto labels = sm["labels"].ints();
  double loss = 0;
  for (int n = 0; n < 2; ++n) {
    loss -= std::log(p[n * 3 + labels[n]]) / 2;
    for (int k = 0; k < 3; ++k)
      CHECK(sm["dx"]["data"][n * 3 + k].num() == Approx((p[n * 3 + k] - (k == labels[n])) / 2));
  }
  CHECK(sm["loss"].num() == Approx(loss));
}
