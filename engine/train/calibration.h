// How far to trust a trained model, from its validation split: accuracy
// with a 95% interval (Wilson's, right for the small splits of a farm's own
// photos), the classes most confused, the expected calibration error before
// and after temperature scaling (Guo et al. 2017: one scalar T fitted by
// minimum validation log-loss, probabilities = softmax(logits / T)), and the
// "not sure" threshold below which a prediction should not be trusted.
#pragma once

#include <vector>

#include "data/dataset.h"
#include "model/model.h"
#include "train/evaluate.h"

namespace barnlab {

struct Interval {
  float low = 0, high = 0;
};
// Wilson score interval of successes / n at z (1.96: 95%); [0, 1] for n = 0.
Interval wilson_interval(int successes, int n, float z = 1.96f);

// Expected calibration error: |accuracy - mean confidence| per bin of the
// top probability (bins equal-width on [0, 1]), weighted by the bin's share.
float expected_calibration_error(const std::vector<float>& confidence,
                                 const std::vector<int>& predicted, const std::vector<int>& labels,
                                 int bins = 15);

// The T in [0.05, 20] minimizing the mean cross-entropy of softmax(logits / T)
// against labels (golden-section search on log T; the loss is unimodal there).
// logits: N x K. 1 for no samples.
float fit_temperature(const Tensor& logits, const std::vector<int>& labels);

// The "not sure" threshold: sorting predictions by confidence, the largest
// group of least-confident ones that were wrong more often than right sets
// it, midway between its most confident member and the next; 0 when there is
// no such group (the model was never mostly wrong at any confidence).
float not_sure_threshold(const std::vector<float>& confidence, const std::vector<int>& predicted,
                         const std::vector<int>& labels);

// The least "not sure" threshold a fit may give, for `classes` classes when
// the validation split's accuracy lies in `accuracy` (95%). A split with no
// mostly-wrong group (every photo right, say) fits 0, "never not sure",
// which a small split cannot vouch for: it only shows the error rate is at
// most 1 - accuracy.low. An answer is not sure when its top probability has
// come no further than that share of the way from chance (1 / classes) to
// certainty (1): 1/K + (1 - 1/K)(1 - low). Few photos leave low far from 1
// and the floor high (5 of 5 right, 3 classes: 0.62); many bring it down to
// near chance (270 of 270: 0.34), where it marks only near-uniform answers.
float not_sure_floor(int classes, Interval accuracy);

struct ConfusedPair {
  int actual = 0, predicted = 0, count = 0;
};
// Off-diagonal cells of a confusion matrix, largest first (ties by
// position), at most max_pairs, zeros left out.
std::vector<ConfusedPair> most_confused(const ConfusionMatrix& confusion, int max_pairs = 5);

struct CalibrationReport {
  Evaluation figures;  // predictions with tta; confidence calibrated
  Interval accuracy95;
  std::vector<ConfusedPair> confused;
  float ece_before = 0, ece_after = 0;
  float temperature = 1, threshold = 0;
};

// Evaluates ds[indices] (with test-time augmentation when tta). With fit,
// the temperature and threshold (at least not_sure_floor) are fitted on these
// images and stored in the model; otherwise the model's own are used and reported.
CalibrationReport calibrate(Model& model, const Dataset& ds, const std::vector<int>& indices,
                            bool tta, bool fit);

}  // namespace barnlab
