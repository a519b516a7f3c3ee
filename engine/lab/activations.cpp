#include "lab/activations.h"

#include <cmath>
#include <memory>

#include "lab/json.h"
#include "lab/lab.h"
#include "lab/params.h"
#include "layers/leaky_relu.h"
#include "layers/relu.h"
#include "layers/sigmoid.h"
#include "layers/softmax.h"
#include "layers/step.h"
#include "layers/tanh.h"

namespace barnlab {

std::vector<ActivationCurve> activation_curves(const std::vector<float>& x, float alpha) {
  std::vector<std::pair<std::string, std::unique_ptr<Layer>>> layers;
  layers.emplace_back("step", std::make_unique<Step>());
  layers.emplace_back("sigmoid", std::make_unique<Sigmoid>());
  layers.emplace_back("tanh", std::make_unique<Tanh>());
  layers.emplace_back("relu", std::make_unique<ReLU>());
  layers.emplace_back("leaky_relu", std::make_unique<LeakyReLU>(alpha));
  const Shape shape{int(x.size()), 1, 1, 1};
  const Tensor in(shape, std::vector<float>(x.begin(), x.end()));
  const Tensor ones(shape, 1.f);
  std::vector<ActivationCurve> out;
  for (auto& [name, layer] : layers) {
    layer->build(Shape{1, 1, 1, 1});
    const Tensor y = layer->forward(in, Mode::Train);
    const Tensor dy = layer->backward(ones);
    out.push_back({name, std::vector<float>(y.values().begin(), y.values().end()),
                   std::vector<float>(dy.values().begin(), dy.values().end())});
  }
  return out;
}

SoftmaxDemo softmax_demo(const std::vector<float>& v, float shift) {
  SoftmaxDemo d;
  const int n = int(v.size());
  d.v = v;
  d.softmax.resize(n);
  softmax_rows(v.data(), 1, n, d.softmax.data());
  for (float p : d.softmax) d.sum += p;
  for (float x : v) d.shifted.push_back(x + shift);
  d.softmax_shifted.resize(n);
  softmax_rows(d.shifted.data(), 1, n, d.softmax_shifted.data());
  for (int i = 0; i < n; ++i)
    d.max_shift_difference = std::max(d.max_shift_difference, std::fabs(d.softmax[i] - d.softmax_shifted[i]));
  // The textbook form without the max subtracted, in float as the engine
  // computes: e^1010 is infinite, inf / inf is NaN.
  float total = 0.f;
  for (float x : v) total += std::exp(x);
  for (float x : v) {
    d.naive.push_back(std::exp(x) / total);
    d.naive_finite = d.naive_finite && std::isfinite(d.naive.back());
  }
  return d;
}

std::string lab_activation_curves(Lab&, Params& params) {
  const double lo = params.number("min", -5, -100, -1e-3);
  const double hi = params.number("max", 5, 1e-3, 100);
  const int points = params.integer("points", 201, 3, 2001);
  const float alpha = float(params.number("alpha", 0.1, 0, 1));
  params.finish();
  std::vector<float> x(points);
  for (int i = 0; i < points; ++i) x[i] = float(lo + (hi - lo) * i / (points - 1));
  Json j;
  j.begin_object();
  j.key("x").numbers(x);
  j.key("functions").begin_array();
  for (const auto& c : activation_curves(x, alpha))
    j.begin_object().key("name").string(c.name).key("y").numbers(c.y).key("dy").numbers(c.dy).end_object();
  j.end_array();
  j.end_object();
  return j.str();
}

std::string lab_activation_softmax(Lab&, Params& params) {
  const std::vector<double> v = params.list("v", "1010,1000,990", 1, 20, -1e6, 1e6);
  const float shift = float(params.number("shift", 0, -1e6, 1e6));
  params.finish();
  const SoftmaxDemo d = softmax_demo(std::vector<float>(v.begin(), v.end()), shift);
  Json j;
  j.begin_object();
  j.key("v").numbers(d.v);
  j.key("softmax").numbers(d.softmax);
  j.key("sum").number(d.sum);
  j.key("shifted").numbers(d.shifted);
  j.key("softmax_shifted").numbers(d.softmax_shifted);
  j.key("max_shift_difference").number(d.max_shift_difference);
  j.key("naive").numbers(d.naive);
  j.key("naive_finite").boolean(d.naive_finite);
  j.end_object();
  return j.str();
}

}  // namespace barnlab
