#include "train/calibration.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "core/error.h"
#include "model/predict.h"

namespace barnlab {

Interval wilson_interval(int successes, int n, float z) {
  if (n <= 0) return {0.f, 1.f};
  const double p = double(successes) / n, z2 = double(z) * z;
  const double denom = 1 + z2 / n;
  const double centre = (p + z2 / (2.0 * n)) / denom;
  const double half = z * std::sqrt(p * (1 - p) / n + z2 / (4.0 * n * n)) / denom;
  return {float(std::max(0.0, centre - half)), float(std::min(1.0, centre + half))};
}

float expected_calibration_error(const std::vector<float>& confidence,
                                 const std::vector<int>& predicted, const std::vector<int>& labels,
                                 int bins) {
  if (confidence.size() != predicted.size() || predicted.size() != labels.size())
    throw Error("calibration error: confidence, predictions and labels differ in length");
  if (confidence.empty()) return 0.f;
  std::vector<double> conf(bins, 0), hit(bins, 0), count(bins, 0);
  for (size_t i = 0; i < confidence.size(); ++i) {
    const int b = std::min(bins - 1, std::max(0, int(confidence[i] * float(bins))));
    conf[b] += confidence[i];
    hit[b] += predicted[i] == labels[i];
    count[b] += 1;
  }
  double ece = 0;
  for (int b = 0; b < bins; ++b)
    if (count[b] > 0) ece += std::abs(hit[b] - conf[b]) / double(confidence.size());
  return float(ece);
}

namespace {

// Mean cross-entropy of softmax(logits / t) against labels.
double nll_at(const Tensor& logits, const std::vector<int>& labels, double t) {
  const int n = int(labels.size()), k = int(logits.shape().sample_size());
  double sum = 0;
  for (int i = 0; i < n; ++i) {
    const float* z = logits.data() + size_t(i) * k;
    const double m = *std::max_element(z, z + k) / t;
    double s = 0;
    for (int j = 0; j < k; ++j) s += std::exp(z[j] / t - m);
    sum += std::log(s) + m - z[labels[i]] / t;
  }
  return sum / std::max(1, n);
}

}  // namespace

float fit_temperature(const Tensor& logits, const std::vector<int>& labels) {
  if (size_t(logits.shape().n) != labels.size())
    throw Error("temperature: " + std::to_string(logits.shape().n) + " outputs for " +
                std::to_string(labels.size()) + " labels");
  if (labels.empty()) return 1.f;
  double a = std::log(0.05), b = std::log(20.0);
  const double g = (std::sqrt(5.0) - 1) / 2;
  double c = b - g * (b - a), d = a + g * (b - a);
  double fc = nll_at(logits, labels, std::exp(c)), fd = nll_at(logits, labels, std::exp(d));
  for (int it = 0; it < 60; ++it) {
    if (fc < fd) {
      b = d, d = c, fd = fc;
      c = b - g * (b - a);
      fc = nll_at(logits, labels, std::exp(c));
    } else {
      a = c, c = d, fc = fd;
      d = a + g * (b - a);
      fd = nll_at(logits, labels, std::exp(d));
    }
  }
  return float(std::exp((a + b) / 2));
}

float not_sure_threshold(const std::vector<float>& confidence, const std::vector<int>& predicted,
                         const std::vector<int>& labels) {
  const size_t n = confidence.size();
  if (predicted.size() != n || labels.size() != n)
    throw Error("threshold: confidence, predictions and labels differ in length");
  std::vector<size_t> order(n);
  std::iota(order.begin(), order.end(), size_t(0));
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t x, size_t y) { return confidence[x] < confidence[y]; });
  size_t best = 0, right = 0;
  for (size_t m = 1; m <= n; ++m) {
    right += predicted[order[m - 1]] == labels[order[m - 1]];
    if (2 * right < m) best = m;  // the m least confident were mostly wrong
  }
  if (best == 0) return 0.f;
  const float below = confidence[order[best - 1]];
  const float above = best < n ? confidence[order[best]] : std::min(1.f, below + 1e-3f);
  return 0.5f * (below + above);
}

float not_sure_floor(int classes, Interval accuracy) {
  if (classes < 2) return 0.f;
  const float low = std::min(1.f, std::max(0.f, accuracy.low));
  const float chance = 1.f / float(classes);
  return chance + (1.f - chance) * (1.f - low);
}

std::vector<ConfusedPair> most_confused(const ConfusionMatrix& confusion, int max_pairs) {
  std::vector<ConfusedPair> all;
  for (size_t a = 0; a < confusion.size(); ++a)
    for (size_t p = 0; p < confusion[a].size(); ++p)
      if (a != p && confusion[a][p] > 0) all.push_back({int(a), int(p), confusion[a][p]});
  std::stable_sort(all.begin(), all.end(),
                   [](const ConfusedPair& x, const ConfusedPair& y) { return x.count > y.count; });
  if (int(all.size()) > max_pairs) all.resize(size_t(std::max(0, max_pairs)));
  return all;
}

CalibrationReport calibrate(Model& model, const Dataset& ds, const std::vector<int>& indices,
                            bool tta, bool fit) {
  const int k = model.num_classes();
  Tensor logits({int(indices.size()), k, 1, 1});
  std::vector<int> labels, batch_labels;
  Tensor x;
  const size_t batch = 64;
  for (size_t begin = 0; begin < indices.size(); begin += batch) {
    const size_t end = std::min(indices.size(), begin + batch);
    make_batch(ds, indices, begin, end, model.normalization(), nullptr, nullptr, x, batch_labels);
    const Tensor y = predict_outputs(model, x, tta);
    std::copy(y.data(), y.data() + y.size(), logits.data() + begin * size_t(k));
    labels.insert(labels.end(), batch_labels.begin(), batch_labels.end());
  }
  for (int label : labels)
    if (label < 0 || label >= k)
      throw Error("an image has label " + std::to_string(label) + " but the model has " +
                  std::to_string(k) + " classes");

  CalibrationReport r;
  Evaluation& ev = r.figures;
  ev.labels = labels;
  // Uncalibrated probabilities first: predictions, loss, the "before" error.
  const Tensor raw = model.probabilities(logits);
  double loss = 0;
  std::vector<float> raw_conf;
  for (size_t i = 0; i < labels.size(); ++i) {
    const float* row = raw.data() + i * size_t(k);
    const int p = argmax(row, size_t(k));
    ev.predicted.push_back(p);
    raw_conf.push_back(row[p]);
    loss -= std::log(std::max(1e-12f, row[labels[i]]));
  }
  ev.confusion = confusion_matrix(ev.predicted, labels, k);
  ev.accuracy = accuracy(ev.predicted, labels);
  ev.loss = labels.empty() ? std::numeric_limits<float>::quiet_NaN() : float(loss / double(labels.size()));
  r.ece_before = expected_calibration_error(raw_conf, ev.predicted, labels);

  if (fit) model.set_calibration({fit_temperature(logits, labels), 0.f});
  const Tensor cal = calibrated_probabilities(model, logits);
  for (size_t i = 0; i < labels.size(); ++i) ev.confidence.push_back(cal[i * size_t(k) + size_t(ev.predicted[i])]);
  r.ece_after = expected_calibration_error(ev.confidence, ev.predicted, labels);
  int right = 0;
  for (size_t i = 0; i < labels.size(); ++i) right += ev.predicted[i] == labels[i];
  r.accuracy95 = wilson_interval(right, int(labels.size()));
  if (fit) {
    Model::Calibration c = model.calibration();
    c.threshold = not_sure_threshold(ev.confidence, ev.predicted, labels);
    if (!labels.empty()) c.threshold = std::max(c.threshold, not_sure_floor(k, r.accuracy95));
    model.set_calibration(c);
  }
  r.temperature = model.calibration().temperature;
  r.threshold = model.calibration().threshold;
  r.confused = most_confused(ev.confusion);
  return r;
}

}  // namespace barnlab
