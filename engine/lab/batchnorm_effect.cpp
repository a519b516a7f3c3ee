// Page 12: see batchnorm_effect.h.
#include "lab/batchnorm_effect.h"

#include <cmath>
#include <sstream>

#include "core/error.h"
#include "lab/fashion_runs.h"
#include "layers/affine.h"
#include "layers/batch_norm.h"

namespace barnlab {

namespace {

std::string std_init(float scale) {
  std::ostringstream s;
  s << "std:" << scale;
  return s.str();
}

AccuracyCurves run(const TrainTest& data, const BatchNormGridSettings& s, float scale, bool bn) {
  MlpShape shape;
  shape.hidden.assign(size_t(s.hidden_layers), s.units);
  shape.init = std_init(scale);
  shape.batchnorm = bn;
  Model model(mlp_spec(shape, data.train.channels, data.train.size), data.train.classes, s.seed);
  TrainConfig config;
  config.epochs = s.epochs;
  config.batch = s.batch;
  config.seed = s.seed;
  config.optimizer.name = s.optimizer;
  config.optimizer.lr = s.lr;
  EpochCurves c = accuracy_per_epoch(model, data.train, &data.test, config);
  return {std::move(c.train_acc), std::move(c.test_acc), c.diverged};
}

}  // namespace

BatchNormGrid batchnorm_grid(const Dataset& fashion, const BatchNormGridSettings& s) {
  if (s.scales < 2 || s.scales > 32) throw Error("scales must be in [2, 32]");
  if (s.only < -1 || s.only >= s.scales)
    throw Error("only must be -1 (all) or a scale index in [0, " + std::to_string(s.scales - 1) + "]");
  if (s.epochs < 1 || s.hidden_layers < 1 || s.units < 1)
    throw Error("epochs, hidden_layers and units must be at least 1");
  const TrainTest data = fashion_train_test(fashion, s.n_train, s.n_test);
  BatchNormGrid g;
  for (int i = 0; i < s.scales; ++i) g.scales.push_back(std::pow(10.f, -4.f * float(i) / float(s.scales - 1)));
  for (int i = 0; i < s.scales; ++i) {
    if (s.only >= 0 && i != s.only) continue;
    BatchNormRun r;
    r.index = i;
    r.scale = g.scales[size_t(i)];
    r.bn = run(data, s, r.scale, true);
    r.plain = run(data, s, r.scale, false);
    g.runs.push_back(std::move(r));
  }
  return g;
}

namespace {
FeatureStats feature_stats(const Tensor& x) {
  const int n = x.shape().n, d = int(x.shape().sample_size());
  FeatureStats st;
  st.mean.assign(size_t(d), 0.f);
  st.var.assign(size_t(d), 0.f);
  for (int j = 0; j < d; ++j) {
    double sum = 0, sq = 0;
    for (int i = 0; i < n; ++i) sum += x[size_t(i) * d + j];
    const double m = sum / n;
    for (int i = 0; i < n; ++i) sq += (x[size_t(i) * d + j] - m) * (x[size_t(i) * d + j] - m);
    st.mean[size_t(j)] = float(m);
    st.var[size_t(j)] = float(sq / n);
  }
  return st;
}
}  // namespace

BatchNormStats batchnorm_stats(const Dataset& fashion, const BatchNormStatsSettings& s) {
  if (s.batch < 2) throw Error("batch must be at least 2 for batch statistics");
  if (s.units < 1 || s.units > 1000) throw Error("units must be in [1, 1000]");
  const Dataset data = dataset_slice(fashion, 0, size_t(s.batch));
  const int d = int(data.image_bytes());
  Tensor x(Shape{s.batch, d, 1, 1});
  for (size_t i = 0; i < data.pixels.size(); ++i) x[i] = float(data.pixels[i]) / 255.f;
  Affine affine(s.units);
  affine.build(Shape{1, d, 1, 1});
  Rng rng = Rng::derive(s.seed, kStreamInit);
  affine.init_params({Init::Std, s.scale}, rng);
  BatchNorm bn;
  bn.build(Shape{1, s.units, 1, 1});
  const Tensor h = affine.forward(x, Mode::Eval);
  const Tensor y = bn.forward(h, Mode::Train);
  return {feature_stats(h), feature_stats(y)};
}

}  // namespace barnlab
