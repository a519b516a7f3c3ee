// Classification figures: the predicted class (argmax) of scores,
// accuracy, the confusion matrix and per-class precision and recall, and the
// text table the CLI's `eval` command prints.
//
// Conventions: confusion[true][predicted]; counts[k] is the number of
// samples whose true class is k; recall[k] = confusion[k][k] / counts[k] is
// the per-class accuracy; precision[k] = confusion[k][k] / (column k's sum).
// A precision or recall whose denominator is 0 (no sample of the class, or
// the class never predicted) is 0; the text table shows it as "-". The
// accuracy of no samples at all is NaN, as in train/evaluate.h.
#pragma once

#include <string>
#include <vector>

#include "core/tensor.h"

namespace barnlab {

using ConfusionMatrix = std::vector<std::vector<int>>;

// Index of the largest of v[0], ..., v[k-1]: the first one on ties, NaNs
// ignored, 0 when every value is NaN (or k is 0). The one argmax of the
// engine: training accuracy, evaluation and prediction all use it.
int argmax(const float* v, size_t k);

// argmax of each row of an N x K tensor (K = c*h*w).
std::vector<int> argmax_rows(const Tensor& scores);

// Share of predicted[i] == labels[i]. Throws Error on a size mismatch.
float accuracy(const std::vector<int>& predicted, const std::vector<int>& labels);

// classes x classes counts. Throws Error on a size mismatch or a class
// outside [0, classes).
ConfusionMatrix confusion_matrix(const std::vector<int>& predicted,
                                 const std::vector<int>& labels, int classes);

struct ClassificationReport {
  float accuracy = 0;
  ConfusionMatrix confusion;     // [true][predicted]
  std::vector<float> precision;  // per class
  std::vector<float> recall;     // per class (= per-class accuracy)
  std::vector<int> counts;       // true samples per class
};

// Figures from a square confusion matrix of non-negative counts (throws
// Error otherwise).
ClassificationReport classification_report(const ConfusionMatrix& confusion);
ClassificationReport classification_report(const std::vector<int>& predicted,
                                           const std::vector<int>& labels, int classes);

// The confusion matrix with class names on rows (true) and columns
// (predicted), then one line per class: accuracy (recall) with its count,
// and precision. Classes beyond class_names.size() are shown by index.
std::string format_report(const ClassificationReport& report,
                          const std::vector<std::string>& class_names);

}  // namespace barnlab
