#include "lab/layer_steps.h"

#include "core/error.h"
#include "core/rng.h"
#include "lab/json.h"
#include "lab/lab.h"
#include "lab/params.h"
#include "layers/affine.h"
#include "layers/relu.h"
#include "layers/sigmoid.h"
#include "layers/softmax_with_loss.h"

namespace barnlab {

namespace {

Matrix matrix(const Tensor& t, int rows) {
  Matrix m;
  m.rows = rows;
  m.cols = rows > 0 ? int(t.size()) / rows : 0;
  m.data.assign(t.values().begin(), t.values().end());
  return m;
}

// Values rounded to one decimal so a student can follow the arithmetic.
Tensor small_values(Shape s, Rng& rng) {
  Tensor t(s);
  for (size_t i = 0; i < t.size(); ++i) t[i] = float(int(rng.uniform(-20.f, 20.f))) / 10.f;
  return t;
}

}  // namespace

LayerStep layer_step(const LayerStepSettings& s) {
  Rng rng(s.seed * 1000003 + 9);
  LayerStep r;
  r.layer = s.layer;
  const Shape in{s.n, s.d, 1, 1};
  const Tensor x = small_values(in, rng);
  r.x = matrix(x, s.n);
  if (s.layer == "softmax_with_loss") {
    SoftmaxWithLoss loss;
    Tensor t(in, 0.f);
    for (int i = 0; i < s.n; ++i) {
      r.labels.push_back(int(rng.below(uint32_t(s.d))));
      t.at(i, r.labels.back(), 0, 0) = 1.f;
    }
    r.loss = loss.forward(x, t);
    r.y = matrix(loss.probabilities(), s.n);
    r.cache.push_back({"p", "softmax of x, per row", matrix(loss.probabilities(), s.n), {}});
    r.cache.push_back({"t", "one-hot targets", matrix(loss.targets(), s.n), {}});
    r.dy = matrix(Tensor(Shape{1, 1, 1, 1}, 1.f), 1);  // dL/dL
    r.dx = matrix(loss.backward(), s.n);
    return r;
  }
  Tensor y, dx;
  const Shape out_shape = s.layer == "affine" ? Shape{s.n, s.out, 1, 1} : in;
  const Tensor dy = small_values(out_shape, rng);
  if (s.layer == "relu") {
    ReLU l;
    l.build(Shape{1, s.d, 1, 1});
    y = l.forward(x, Mode::Train);
    Tensor mask(in);
    for (size_t i = 0; i < mask.size(); ++i) mask[i] = l.mask()[i];
    r.cache.push_back({"mask", "x > 0", matrix(mask, s.n), {}});
    dx = l.backward(dy);
  } else if (s.layer == "sigmoid") {
    Sigmoid l;
    l.build(Shape{1, s.d, 1, 1});
    y = l.forward(x, Mode::Train);
    r.cache.push_back({"y", "the output: dx = dy * y * (1 - y)", matrix(l.output(), s.n), {}});
    dx = l.backward(dy);
  } else if (s.layer == "affine") {
    Affine l(s.out);
    l.build(Shape{1, s.d, 1, 1});
    Param* W = l.params()[0];
    Param* b = l.params()[1];
    W->value = small_values(W->value.shape(), rng);
    b->value = small_values(b->value.shape(), rng);
    y = l.forward(x, Mode::Train);
    r.cache.push_back({"x", "the input: dW = x^T dy", matrix(l.input(), s.n), {}});
    W->grad.fill(0.f);
    b->grad.fill(0.f);
    dx = l.backward(dy);
    r.params.push_back({"W", "d x out", matrix(W->value, s.d), matrix(W->grad, s.d)});
    r.params.push_back({"b", "1 x out", matrix(b->value, 1), matrix(b->grad, 1)});
  } else {
    throw Error("layer_step: unknown layer " + s.layer);
  }
  r.y = matrix(y, s.n);
  r.dy = matrix(dy, s.n);
  r.dx = matrix(dx, s.n);
  return r;
}

namespace {
void write_matrix(Json& j, const Matrix& m) {
  j.begin_object().key("rows").integer(m.rows).key("cols").integer(m.cols).key("data").numbers(m.data).end_object();
}
}  // namespace

std::string lab_layers_show(Lab&, Params& params) {
  LayerStepSettings s;
  s.layer = params.choice("layer", "relu", {"relu", "sigmoid", "affine", "softmax_with_loss"});
  s.n = params.integer("n", 2, 1, 4);
  s.d = params.integer("d", 3, 2, 6);
  s.out = params.integer("out", 2, 1, 6);
  s.seed = params.seed();
  params.finish();
  const LayerStep r = layer_step(s);
  Json j;
  j.begin_object();
  j.key("layer").string(r.layer);
  j.key("x");
  write_matrix(j, r.x);
  j.key("y");
  write_matrix(j, r.y);
  j.key("cache").begin_array();
  for (const auto& c : r.cache) {
    j.begin_object().key("name").string(c.name).key("about").string(c.about).key("value");
    write_matrix(j, c.value);
    j.end_object();
  }
  j.end_array();
  j.key("dy");
  write_matrix(j, r.dy);
  j.key("dx");
  write_matrix(j, r.dx);
  j.key("params").begin_array();
  for (const auto& p : r.params) {
    j.begin_object().key("name").string(p.name).key("about").string(p.about).key("value");
    write_matrix(j, p.value);
    j.key("grad");
    write_matrix(j, p.grad);
    j.end_object();
  }
  j.end_array();
  if (r.layer == "softmax_with_loss") {
    j.key("loss").number(r.loss);
    j.key("labels").integers(r.labels);
  }
  j.end_object();
  return j.str();
}

}  // namespace barnlab
