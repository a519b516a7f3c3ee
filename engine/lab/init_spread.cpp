// Page 11: see init_spread.h.
#include "lab/init_spread.h"

#include <algorithm>
#include <cmath>
#include <memory>

#include "core/error.h"
#include "layers/affine.h"
#include "layers/relu.h"
#include "layers/sigmoid.h"
#include "layers/tanh.h"
#include "lab/fashion_runs.h"

namespace barnlab {

const std::vector<std::string>& init_names() {
  static const std::vector<std::string> names = {"std1", "std0.01", "xavier", "he"};
  return names;
}

namespace {

Init parse_lab_init(const std::string& name) {
  if (name == "std1") return {Init::Std, 1.f};
  if (name == "std0.01") return {Init::Std, 0.01f};
  if (name == "xavier") return {Init::Xavier, 0.f};
  if (name == "he") return {Init::He, 0.f};
  throw Error("unknown init '" + name + "': choose std1, std0.01, xavier or he");
}

std::string spec_init(const std::string& name) {
  if (name == "std1") return "std:1";
  if (name == "std0.01") return "std:0.01";
  parse_lab_init(name);
  return name;
}

std::unique_ptr<Layer> make_activation(const std::string& name) {
  if (name == "sigmoid") return std::make_unique<Sigmoid>();
  if (name == "tanh") return std::make_unique<Tanh>();
  if (name == "relu") return std::make_unique<ReLU>();
  throw Error("unknown activation '" + name + "': choose sigmoid, tanh or relu");
}

void check_range(int v, int lo, int hi, const char* what) {
  if (v < lo || v > hi)
    throw Error(std::string(what) + " must be in [" + std::to_string(lo) + ", " +
                std::to_string(hi) + "], not " + std::to_string(v));
}

}  // namespace

std::vector<InitSpread> init_spread(const InitSpreadSettings& s) {
  check_range(s.layers, 1, 20, "layers");
  check_range(s.units, 2, 1000, "units");
  check_range(s.samples, 10, 10000, "samples");
  check_range(s.bins, 2, 200, "bins");
  make_activation(s.activation);  // validates the name

  // The same inputs for every init.
  Rng data_rng = Rng::derive(s.seed, kStreamSplit);
  Tensor x0(Shape{s.samples, s.units, 1, 1});
  for (auto& v : x0.values()) v = data_rng.normal();

  std::vector<InitSpread> out;
  std::vector<std::vector<Tensor>> acts;  // per init, per layer
  for (const auto& name : s.inits) {
    const Init init = parse_lab_init(name);
    InitSpread spread;
    spread.init = name;
    spread.weight_std = init.kind == Init::Std ? init.std
                        : init.kind == Init::Xavier ? std::sqrt(1.f / float(s.units))
                                                    : std::sqrt(2.f / float(s.units));
    Rng rng = Rng::derive(s.seed, kStreamInit);
    Tensor x = x0;
    std::vector<Tensor> layer_acts;
    for (int l = 0; l < s.layers; ++l) {
      Affine affine(s.units);
      affine.build(Shape{1, s.units, 1, 1});
      affine.init_params(init, rng);
      auto act = make_activation(s.activation);
      act->build(Shape{1, s.units, 1, 1});
      x = act->forward(affine.forward(x, Mode::Eval), Mode::Eval);
      layer_acts.push_back(x);
    }
    acts.push_back(std::move(layer_acts));
    out.push_back(std::move(spread));
  }

  const float lo = s.activation == "tanh" ? -1.f : 0.f;
  for (size_t i = 0; i < out.size(); ++i)
    for (int l = 0; l < s.layers; ++l) {
      const Tensor& a = acts[i][size_t(l)];
      float hi = 1;
      if (s.activation == "relu") {
        // ReLU outputs are unbounded and their scale is what differs between
        // inits and layers: each layer gets [0, its largest value].
        hi = *std::max_element(a.values().begin(), a.values().end());
        if (!(hi > 0)) hi = 1;
      }
      LayerSpread ls;
      ls.layer = l + 1;
      ls.lo = lo;
      ls.hi = hi;
      ls.counts.assign(size_t(s.bins), 0);
      double sum = 0, sq = 0;
      size_t saturated = 0;
      for (float v : a.values()) {
        sum += v;
        sq += double(v) * v;
        if (s.activation == "relu" ? v == 0.f : (v <= lo + 0.02f || v >= hi - 0.02f)) ++saturated;
        int b = int((v - lo) / (hi - lo) * float(s.bins));
        ls.counts[size_t(std::clamp(b, 0, s.bins - 1))] += 1;
      }
      const double n = double(a.size());
      ls.mean = float(sum / n);
      ls.std = float(std::sqrt(std::max(0.0, sq / n - (sum / n) * (sum / n))));
      ls.saturated = float(double(saturated) / n);
      out[i].layers.push_back(std::move(ls));
    }
  return out;
}

std::vector<InitCurve> init_curves(const Dataset& fashion, const InitCurveSettings& s) {
  make_activation(s.activation);
  check_range(s.layers, 1, 10, "layers");
  const TrainTest data = fashion_train_test(fashion, s.n_train, 0);
  std::vector<InitCurve> out;
  for (const auto& name : s.inits) {
    MlpShape shape;
    shape.hidden.assign(size_t(s.layers - 1), s.units);
    shape.activation = s.activation;
    shape.init = spec_init(name);
    Model model(mlp_spec(shape, data.train.channels, data.train.size), data.train.classes, s.seed);
    TrainConfig config;
    config.batch = s.batch;
    config.seed = s.seed;
    config.optimizer.name = "sgd";
    config.optimizer.lr = s.lr;
    InitCurve c;
    c.init = name;
    c.loss = loss_per_step(model, data.train, config, s.steps);
    c.final_loss = tail_mean(c.loss, 10);
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace barnlab
