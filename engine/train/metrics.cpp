// Classification metrics and their text table (see metrics.h).
#include "train/metrics.h"

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <limits>
#include <sstream>

#include "core/error.h"

namespace barnlab {

int argmax(const float* v, size_t k) {
  size_t best = 0;
  for (size_t j = 1; j < k; ++j)
    if (v[j] > v[best] || (std::isnan(v[best]) && !std::isnan(v[j]))) best = j;
  return int(best);
}

std::vector<int> argmax_rows(const Tensor& scores) {
  const int n = scores.shape().n;
  const size_t k = scores.shape().sample_size();
  std::vector<int> out(size_t(n), 0);
  for (int i = 0; i < n; ++i) out[size_t(i)] = argmax(scores.data() + size_t(i) * k, k);
  return out;
}

namespace {

void require_same_size(const std::vector<int>& predicted, const std::vector<int>& labels) {
  if (predicted.size() != labels.size())
    throw Error(std::to_string(predicted.size()) + " predictions for " +
                std::to_string(labels.size()) + " labels");
}

float ratio(int num, int den) { return den > 0 ? float(num) / float(den) : 0.f; }

std::string percent(int num, int den) {
  if (den == 0) return "-";
  std::ostringstream s;
  s << std::fixed << std::setprecision(1) << 100.0 * num / den << "%";
  return s.str();
}

}  // namespace

float accuracy(const std::vector<int>& predicted, const std::vector<int>& labels) {
  require_same_size(predicted, labels);
  if (labels.empty()) return std::numeric_limits<float>::quiet_NaN();
  size_t correct = 0;
  for (size_t i = 0; i < labels.size(); ++i) correct += predicted[i] == labels[i];
  return float(double(correct) / double(labels.size()));
}

ConfusionMatrix confusion_matrix(const std::vector<int>& predicted,
                                 const std::vector<int>& labels, int classes) {
  require_same_size(predicted, labels);
  if (classes < 0) throw Error("confusion matrix: negative class count");
  ConfusionMatrix m(size_t(classes), std::vector<int>(size_t(classes), 0));
  for (size_t i = 0; i < labels.size(); ++i) {
    const int t = labels[i], p = predicted[i];
    if (t < 0 || t >= classes || p < 0 || p >= classes)
      throw Error("sample " + std::to_string(i) + ": class " +
                  std::to_string(t < 0 || t >= classes ? t : p) + " outside 0.." +
                  std::to_string(classes - 1));
    ++m[size_t(t)][size_t(p)];
  }
  return m;
}

ClassificationReport classification_report(const ConfusionMatrix& confusion) {
  const size_t k = confusion.size();
  ClassificationReport r;
  r.confusion = confusion;
  r.precision.assign(k, 0.f);
  r.recall.assign(k, 0.f);
  r.counts.assign(k, 0);
  std::vector<int> predicted(k, 0);
  long long total = 0, correct = 0;
  for (size_t t = 0; t < k; ++t) {
    if (confusion[t].size() != k)
      throw Error("confusion matrix row " + std::to_string(t) + " has " +
                  std::to_string(confusion[t].size()) + " columns, expected " +
                  std::to_string(k));
    for (size_t p = 0; p < k; ++p) {
      const int c = confusion[t][p];
      if (c < 0) throw Error("confusion matrix has a negative count");
      r.counts[t] += c;
      predicted[p] += c;
    }
    total += r.counts[t];
    correct += confusion[t][t];
  }
  for (size_t c = 0; c < k; ++c) {
    r.recall[c] = ratio(confusion[c][c], r.counts[c]);
    r.precision[c] = ratio(confusion[c][c], predicted[c]);
  }
  r.accuracy = total > 0 ? float(double(correct) / double(total))
                         : std::numeric_limits<float>::quiet_NaN();
  return r;
}

ClassificationReport classification_report(const std::vector<int>& predicted,
                                           const std::vector<int>& labels, int classes) {
  return classification_report(confusion_matrix(predicted, labels, classes));
}

std::string format_report(const ClassificationReport& r,
                          const std::vector<std::string>& class_names) {
  const size_t k = r.confusion.size();
  std::vector<std::string> names(k);
  size_t name_w = 5;  // "class"
  for (size_t c = 0; c < k; ++c) {
    names[c] = c < class_names.size() ? class_names[c] : std::to_string(c);
    name_w = std::max(name_w, names[c].size());
  }
  std::vector<int> predicted(k, 0);
  for (size_t t = 0; t < k; ++t)
    for (size_t p = 0; p < k; ++p) predicted[p] += r.confusion[t][p];

  std::ostringstream out;
  out << "confusion matrix (rows: true class, columns: predicted)\n";
  std::vector<size_t> col_w(k);
  out << std::string(name_w, ' ');
  for (size_t p = 0; p < k; ++p) {
    col_w[p] = std::max(names[p].size(), std::to_string(predicted[p]).size()) + 2;
    out << std::setw(int(col_w[p])) << names[p];
  }
  out << "\n";
  for (size_t t = 0; t < k; ++t) {
    out << std::left << std::setw(int(name_w)) << names[t] << std::right;
    for (size_t p = 0; p < k; ++p) out << std::setw(int(col_w[p])) << r.confusion[t][p];
    out << "\n";
  }
  out << "\n"
      << std::left << std::setw(int(name_w)) << "class" << std::right << std::setw(10)
      << "accuracy" << std::setw(16) << "correct/total" << std::setw(11) << "precision"
      << "\n";
  for (size_t c = 0; c < k; ++c) {
    const std::string frac =
        std::to_string(r.confusion[c][c]) + "/" + std::to_string(r.counts[c]);
    out << std::left << std::setw(int(name_w)) << names[c] << std::right << std::setw(10)
        << percent(r.confusion[c][c], r.counts[c]) << std::setw(16) << frac << std::setw(11)
        << percent(r.confusion[c][c], predicted[c]) << "\n";
  }
  return out.str();
}

}  // namespace barnlab
