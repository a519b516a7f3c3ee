// Shared helpers of the training pages: see fashion_runs.h.
#include "lab/fashion_runs.h"

#include <cmath>
#include <numeric>
#include <sstream>

#include "core/error.h"

namespace barnlab {

Dataset dataset_slice(const Dataset& all, size_t begin, size_t end) {
  if (all.count() == 0)
    throw Error("no Fashion-MNIST data: call setData('fashion', bytes) first");
  if (begin > end || end > all.count())
    throw Error("records " + std::to_string(begin) + ".." + std::to_string(end) +
                " asked for, but only " + std::to_string(all.count()) + " were given");
  Dataset d;
  d.channels = all.channels;
  d.size = all.size;
  d.classes = all.classes;
  d.pixels.assign(all.image(begin), all.image(begin) + (end - begin) * all.image_bytes());
  d.labels.assign(all.labels.begin() + begin, all.labels.begin() + end);
  return d;
}

Dataset dataset_pick(const Dataset& all, const std::vector<int>& indices) {
  Dataset d;
  d.channels = all.channels;
  d.size = all.size;
  d.classes = all.classes;
  for (int i : indices) {
    if (i < 0 || size_t(i) >= all.count())
      throw Error("record " + std::to_string(i) + " asked for, but only " +
                  std::to_string(all.count()) + " were given");
    d.add(all.image(size_t(i)), all.labels[size_t(i)]);
  }
  return d;
}

TrainTest fashion_train_test(const Dataset& all, int n_train, int n_test) {
  if (all.count() == 0)
    throw Error("no Fashion-MNIST data: call setData('fashion', bytes) first");
  if (n_train < 1 || n_test < 0) throw Error("n_train must be at least 1 and n_test at least 0");
  const size_t need = size_t(n_train) + size_t(n_test);
  if (all.count() < need)
    throw Error("this experiment needs " + std::to_string(need) + " Fashion-MNIST records (" +
                std::to_string(n_train) + " to train, " + std::to_string(n_test) +
                " to test) but " + std::to_string(all.count()) +
                " were given: lower n_train or n_test, or supply more records");
  return {dataset_slice(all, 0, size_t(n_train)),
          dataset_slice(all, all.count() - size_t(n_test), all.count())};
}

std::string mlp_spec(const MlpShape& shape, int channels, int size) {
  std::ostringstream s;
  s << "input " << channels << " " << size << " " << size << "\nflatten\n";
  for (int units : shape.hidden) {
    s << "affine " << units << " init=" << shape.init << "\n";
    if (shape.batchnorm) s << "batchnorm\n";
    s << shape.activation << "\n";
    if (shape.dropout > 0.f) s << "dropout " << shape.dropout << "\n";
  }
  s << "affine classes init=" << shape.init << "\nsoftmax_loss\n";
  return s.str();
}

std::vector<float> loss_per_step(Model& model, const Dataset& train, TrainConfig config, int steps) {
  if (steps < 1) throw Error("steps must be at least 1");
  config.val_share = 0.f;
  const int64_t per_epoch = int64_t((train.count() + config.batch - 1) / config.batch);
  config.epochs = int((steps + per_epoch - 1) / per_epoch);
  Trainer trainer(model, train, config);
  std::vector<float> loss(size_t(steps), NAN);
  try {
    for (int i = 0; i < steps; ++i) loss[size_t(i)] = trainer.step().loss;
  } catch (const Error&) {
    // A diverging loss: the curve stops where it did.
  }
  return loss;
}

float tail_mean(const std::vector<float>& curve, size_t n) {
  double sum = 0;
  size_t count = 0;
  for (size_t i = curve.size() > n ? curve.size() - n : 0; i < curve.size(); ++i)
    if (std::isfinite(curve[i])) {
      sum += curve[i];
      ++count;
    }
  return count ? float(sum / double(count)) : NAN;
}

EpochCurves accuracy_per_epoch(Model& model, const Dataset& train, const Dataset* test,
                               TrainConfig config) {
  config.val_share = 0.f;
  const size_t epochs = size_t(config.epochs);
  EpochCurves c;
  c.train_acc.assign(epochs, NAN);
  c.test_acc.assign(epochs, NAN);
  c.train_loss.assign(epochs, NAN);
  Trainer trainer(model, train, config);
  std::vector<int> train_idx(train.count()), test_idx(test ? test->count() : 0);
  std::iota(train_idx.begin(), train_idx.end(), 0);
  std::iota(test_idx.begin(), test_idx.end(), 0);
  size_t e = 0;
  try {
    while (!trainer.finished() && e < epochs) {
      const StepReport r = trainer.step();
      if (!r.epoch_ended) continue;
      const Evaluation on_train = evaluate(model, train, train_idx);
      c.train_acc[e] = on_train.accuracy;
      c.train_loss[e] = on_train.loss;
      if (test) c.test_acc[e] = evaluate(model, *test, test_idx).accuracy;
      ++e;
    }
  } catch (const Error&) {
    c.diverged = true;
  }
  return c;
}

}  // namespace barnlab
