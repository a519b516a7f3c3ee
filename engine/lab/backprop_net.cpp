#include "lab/backprop_net.h"

#include <cmath>
#include <vector>

#include "check/gradcheck.h"
#include "lab/json.h"
#include "lab/lab.h"
#include "lab/params.h"
#include "layers/affine.h"
#include "layers/mse_loss.h"
#include "layers/sigmoid.h"
#include "optimizers/optimizer.h"

namespace barnlab {

namespace {

// The notebook's network as engine layers.
struct Net {
  Affine hidden{2}, out{2};
  Sigmoid act_h, act_o;
  MSELoss loss;

  explicit Net(const BackpropNet& n) {
    hidden.build(Shape{1, 3, 1, 1});
    out.build(Shape{1, 2, 1, 1});
    for (int i = 0; i < 6; ++i) hidden.params()[0]->value[i] = n.w[i];
    for (int i = 0; i < 4; ++i) out.params()[0]->value[i] = n.w[6 + i];
    for (int i = 0; i < 2; ++i) {
      hidden.params()[1]->value[i] = n.b[i];
      out.params()[1]->value[i] = n.b[2 + i];
    }
  }
  std::vector<Param*> params() {
    return {hidden.params()[0], out.params()[0], hidden.params()[1], out.params()[1]};
  }
};

// E from the notebook's formulas, in double; p = w1..w10, b1..b4.
double error_of(const BackpropNet& n, const Tensor& p) {
  auto sig = [](double z) { return 1 / (1 + std::exp(-z)); };
  const double x1 = n.x[0], x2 = n.x[1], x3 = n.x[2];
  const double h1 = sig(p[0] * x1 + p[2] * x2 + p[4] * x3 + p[10]);
  const double h2 = sig(p[1] * x1 + p[3] * x2 + p[5] * x3 + p[11]);
  const double o1 = sig(p[6] * h1 + p[8] * h2 + p[12]);
  const double o2 = sig(p[7] * h1 + p[9] * h2 + p[13]);
  return 0.5 * ((o1 - n.t[0]) * (o1 - n.t[0]) + (o2 - n.t[1]) * (o2 - n.t[1]));
}

}  // namespace

BackpropResult backprop_net(const BackpropNet& n, float lr) {
  BackpropResult r;
  Net net(n);
  const Tensor x(Shape{1, 3, 1, 1}, std::vector<float>(n.x.begin(), n.x.end()));
  const Tensor t(Shape{1, 2, 1, 1}, std::vector<float>(n.t.begin(), n.t.end()));
  const Tensor z_h = net.hidden.forward(x, Mode::Train);
  const Tensor h = net.act_h.forward(z_h, Mode::Train);
  const Tensor z_o = net.out.forward(h, Mode::Train);
  const Tensor o = net.act_o.forward(z_o, Mode::Train);
  r.E = net.loss.forward(o, t);
  for (Param* p : net.params()) p->grad.fill(0.f);
  const Tensor d_o = net.act_o.backward(net.loss.backward());
  const Tensor d_h = net.act_h.backward(net.out.backward(d_o));
  net.hidden.backward(d_h);
  for (int i = 0; i < 2; ++i) {
    r.z_h[i] = z_h[i];
    r.h[i] = h[i];
    r.z_o[i] = z_o[i];
    r.o[i] = o[i];
    r.delta_o[i] = d_o[i];
    r.delta_h[i] = d_h[i];
  }
  // Gather dE/dw in the notebook's order: w1..w6, w7..w10, b1 b2, b3 b4.
  size_t k = 0;
  for (Param* p : net.params())
    for (size_t i = 0; i < p->grad.size(); ++i) r.backprop[k++] = p->grad[i];

  Tensor v(Shape{14, 1, 1, 1});
  for (int i = 0; i < 10; ++i) v[i] = n.w[i];
  for (int i = 0; i < 4; ++i) v[10 + i] = n.b[i];
  GradCheckOptions opt;
  opt.h = 1e-3f;
  const NumericalGradient num = numerical_gradient(v, [&] { return error_of(n, v); }, opt);
  for (int i = 0; i < 14; ++i) {
    r.numerical[i] = num.grad[i];
    r.max_difference = std::max(r.max_difference, std::fabs(r.backprop[i] - r.numerical[i]));
  }

  OptimizerConfig sgd;
  sgd.name = "sgd";
  sgd.lr = lr;
  make_optimizer(sgd)->step(net.params());
  k = 0;
  for (Param* p : net.params())
    for (size_t i = 0; i < p->value.size(); ++i) r.updated[k++] = p->value[i];
  const Tensor o2 = net.act_o.forward(net.out.forward(net.act_h.forward(net.hidden.forward(x, Mode::Eval), Mode::Eval), Mode::Eval), Mode::Eval);
  r.E_after = net.loss.forward(o2, t);
  return r;
}

namespace {
const char* const kNames[14] = {"w1", "w2", "w3", "w4", "w5", "w6", "w7",
                                "w8", "w9", "w10", "b1", "b2", "b3", "b4"};
}

std::string lab_backprop_net(Lab&, Params& params) {
  BackpropNet n;
  for (int i = 0; i < 3; ++i) n.x[i] = float(params.number("x" + std::to_string(i + 1), n.x[i], -10, 10));
  for (int i = 0; i < 10; ++i) n.w[i] = float(params.number(kNames[i], n.w[i], -10, 10));
  for (int i = 0; i < 4; ++i) n.b[i] = float(params.number(kNames[10 + i], n.b[i], -10, 10));
  for (int i = 0; i < 2; ++i) n.t[i] = float(params.number("t" + std::to_string(i + 1), n.t[i], 0, 1));
  const float lr = float(params.number("lr", 0.5, 0, 10));
  params.finish();
  const BackpropResult r = backprop_net(n, lr);
  Json j;
  j.begin_object();
  j.key("forward").begin_object();
  j.key("z_h1").number(r.z_h[0]).key("z_h2").number(r.z_h[1]);
  j.key("h1").number(r.h[0]).key("h2").number(r.h[1]);
  j.key("z_o1").number(r.z_o[0]).key("z_o2").number(r.z_o[1]);
  j.key("o1").number(r.o[0]).key("o2").number(r.o[1]);
  j.key("E").number(r.E);
  j.end_object();
  j.key("grads").begin_array();
  for (int i = 0; i < 14; ++i) {
    const float value = i < 10 ? n.w[i] : n.b[i - 10];
    j.begin_object().key("name").string(kNames[i]).key("value").number(value);
    j.key("backprop").number(r.backprop[i]).key("numerical").number(r.numerical[i]);
    j.key("difference").number(std::fabs(r.backprop[i] - r.numerical[i])).end_object();
  }
  j.end_array();
  j.key("max_difference").number(r.max_difference);
  j.key("deltas").begin_object();
  j.key("o1").number(r.delta_o[0]).key("o2").number(r.delta_o[1]);
  j.key("h1").number(r.delta_h[0]).key("h2").number(r.delta_h[1]);
  j.end_object();
  j.key("updated").begin_object();
  for (int i = 0; i < 14; ++i) j.key(kNames[i]).number(r.updated[i]);
  j.end_object();
  j.key("E_after").number(r.E_after);
  j.end_object();
  return j.str();
}

}  // namespace barnlab
