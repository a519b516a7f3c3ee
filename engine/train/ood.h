// "Does this photo look like any of the classes?": an out-of-distribution
// check on the network's penultimate features (the input of its last affine
// layer, after global average pooling in farm-res). Fitted after training
// from the training photos: one mean per class and a shared covariance,
// shrunk towards its average variance so it inverts with few photos (Lee et
// al. 2018, without their input perturbation). A photo's score is its
// distance to the nearest class mean: Mahalanobis under that covariance, or
// the cosine distance (1 - cos) for comparison. The threshold is the
// distance that a chosen share (95%) of the validation photos stay under,
// so about 5 in 100 of the farm's own photos are flagged.
#pragma once

#include <string>
#include <vector>

#include "data/dataset.h"
#include "model/model.h"

namespace barnlab {

enum class OodKind { kMahalanobis, kCosine };

struct OodStats {
  OodKind kind = OodKind::kMahalanobis;
  int classes = 0, dim = 0;
  std::vector<float> means;      // classes x dim
  std::vector<float> precision;  // dim x dim, the inverse of the shrunk covariance (Mahalanobis)
  float threshold = 0.f;         // a distance above it is flagged
  bool mirrored = false;         // features of the photo and its mirror averaged (fitted so)
  bool empty() const { return dim == 0; }
};

// Index of the model's last affine layer; Error when it has none.
int last_affine_index(const Model& model);
// x: N x C x H x W (normalized) -> N x D, the input of the last affine layer
// (Eval mode). With tta the mean of the photo's and its mirror's features.
// outputs, if given, gets the network outputs N x K of the same pass (with
// tta the mean of both, as predict_outputs).
Tensor penultimate_features(Model& model, const Tensor& x, bool tta, Tensor* outputs = nullptr);
// The features of ds[indices], N x D, in batches.
Tensor dataset_features(Model& model, const Dataset& ds, const std::vector<int>& indices, bool tta);

// Class means and (Mahalanobis) the shrunk shared covariance's inverse from
// features N x D with their labels; threshold left 0. shrink in [0, 1]:
// covariance = (1 - shrink) S + shrink (trace(S) / D) I, and at least
// D / (D + N): with few photos S is far from full rank, and its smallest
// directions would make every new photo look far. Error for a class
// without photos.
OodStats fit_ood(const Tensor& features, const std::vector<int>& labels, int classes,
                 OodKind kind, float shrink = 0.1f);
// N distances to the nearest class mean.
std::vector<float> ood_distances(const OodStats& stats, const Tensor& features);
// The value `keep` of the scores stay at or under (e.g. 0.95: the 95th
// percentile, the smallest score s with at least keep * n scores <= s).
float quantile_threshold(std::vector<float> scores, float keep);
// Share of scores strictly above threshold.
float share_above(const std::vector<float>& scores, float threshold);
// Area under the ROC curve of telling `unknown` from `known` by a larger
// score (ties count half); 0.5 is chance.
float auroc(const std::vector<float>& known, const std::vector<float>& unknown);

// The check as the app fits it after training: Mahalanobis statistics from
// the features of ds[train] (shrink 0.1), the threshold that `keep` of
// ds[val] stay under. tta (recorded as `mirrored`) as the model was judged
// after training; a photo is then always measured the same way.
// val_distances, if given, gets ds[val]'s distances (the threshold's scores).
constexpr float kOodCheckKeep = 0.95f;  // the share of checking photos not flagged
OodStats fit_ood_check(Model& model, const Dataset& ds, const std::vector<int>& train,
                       const std::vector<int>& val, bool tta, float keep = kOodCheckKeep,
                       std::vector<float>* val_distances = nullptr);
// Distances of ds[indices] to the nearest class mean of stats.
std::vector<float> dataset_ood_distances(Model& model, const OodStats& stats, const Dataset& ds,
                                         const std::vector<int>& indices, bool tta);

// The statistics as a flat list of floats (kind, classes, dim, threshold,
// views (1, or 2 when mirrored), means, precision) and back, for the model's storage; Error on a list that
// does not add up.
std::vector<float> ood_to_floats(const OodStats& stats);
OodStats ood_from_floats(const std::vector<float>& values);

}  // namespace barnlab
