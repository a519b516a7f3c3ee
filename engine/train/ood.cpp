#include "train/ood.h"

#include <Eigen/Cholesky>
#include <algorithm>
#include <cmath>
#include <limits>

#include "core/eigen_view.h"
#include "core/error.h"
#include "model/predict.h"

namespace barnlab {

int last_affine_index(const Model& model) {
  const std::vector<const Layer*> layers = model.layers();
  for (int i = int(layers.size()) - 1; i >= 0; --i)
    if (layers[size_t(i)]->type() == "affine") return i;
  throw Error("the model has no affine layer, so it has no features to compare photos by");
}

namespace {

// The input of layer `at` for x, as N x D (layer_outputs keeps every output;
// the one before `at` is its input, x itself when at is 0).
Tensor features_at(Model& model, const Tensor& x, int at, Tensor* outputs) {
  const int n = x.shape().n;
  std::vector<Tensor> outs = model.layer_outputs(x);
  Tensor f = at == 0 ? x : std::move(outs[size_t(at) - 1]);
  f.reshape({n, int(f.shape().sample_size()), 1, 1});
  if (outputs) *outputs = std::move(outs.back());
  return f;
}

}  // namespace

Tensor penultimate_features(Model& model, const Tensor& x, bool tta, Tensor* outputs) {
  const int at = last_affine_index(model);
  Tensor f = features_at(model, x, at, outputs);
  if (tta) {
    Tensor mirrored_outputs;
    const Tensor g = features_at(model, mirror_images(x), at, outputs ? &mirrored_outputs : nullptr);
    as_array(f) = (as_array(f) + as_array(g)) * 0.5f;
    if (outputs) as_array(*outputs) = (as_array(*outputs) + as_array(mirrored_outputs)) * 0.5f;
  }
  return f;
}

Tensor dataset_features(Model& model, const Dataset& ds, const std::vector<int>& indices, bool tta) {
  Tensor all;
  Tensor x;
  std::vector<int> labels;
  // Small batches: layer_outputs keeps every layer's output of the batch at once.
  const size_t batch = 16;
  for (size_t begin = 0; begin < indices.size(); begin += batch) {
    const size_t end = std::min(indices.size(), begin + batch);
    make_batch(ds, indices, begin, end, model.normalization(), nullptr, nullptr, x, labels);
    const Tensor f = penultimate_features(model, x, tta);
    const size_t d = f.shape().sample_size();
    if (begin == 0) all = Tensor({int(indices.size()), int(d), 1, 1});
    std::copy(f.data(), f.data() + f.size(), all.data() + begin * d);
  }
  return all;
}

OodStats fit_ood(const Tensor& features, const std::vector<int>& labels, int classes, OodKind kind,
                 float shrink) {
  const int n = features.shape().n, d = int(features.shape().sample_size());
  if (size_t(n) != labels.size())
    throw Error("out-of-distribution fit: " + std::to_string(n) + " feature rows but " +
                std::to_string(labels.size()) + " labels");
  if (!(shrink >= 0.f && shrink <= 1.f)) throw Error("out-of-distribution fit: shrink must be in [0, 1]");
  const ConstMatrixView f = as_matrix(features, n, d);
  OodStats s;
  s.kind = kind;
  s.classes = classes;
  s.dim = d;
  Eigen::MatrixXd means = Eigen::MatrixXd::Zero(classes, d);
  std::vector<int> count(size_t(classes), 0);
  for (int i = 0; i < n; ++i) {
    const int c = labels[size_t(i)];
    if (c < 0 || c >= classes)
      throw Error("out-of-distribution fit: label " + std::to_string(c) + " outside " +
                  std::to_string(classes) + " classes");
    means.row(c) += f.row(i).cast<double>();
    ++count[size_t(c)];
  }
  for (int c = 0; c < classes; ++c) {
    if (count[size_t(c)] == 0)
      throw Error("out-of-distribution fit: class " + std::to_string(c) +
                  " has no training photos; add photos to every class and train again");
    means.row(c) /= count[size_t(c)];
  }
  s.means.resize(size_t(classes) * size_t(d));
  for (int c = 0; c < classes; ++c)
    for (int j = 0; j < d; ++j) s.means[size_t(c) * d + size_t(j)] = float(means(c, j));
  if (kind == OodKind::kMahalanobis) {
    // Within-class scatter: every photo's offset from its own class mean.
    Eigen::MatrixXd centred(n, d);
    for (int i = 0; i < n; ++i) centred.row(i) = f.row(i).cast<double>() - means.row(labels[size_t(i)]);
    Eigen::MatrixXd cov = (centred.transpose() * centred) / std::max(1, n - classes);
    const double avg = std::max(1e-8, cov.trace() / d);
    shrink = std::max(shrink, float(d) / float(d + n));
    cov = (1.0 - shrink) * cov + shrink * avg * Eigen::MatrixXd::Identity(d, d);
    cov += 1e-6 * avg * Eigen::MatrixXd::Identity(d, d);  // a floor for features that never vary
    const Eigen::MatrixXd prec = cov.ldlt().solve(Eigen::MatrixXd::Identity(d, d));
    s.precision.resize(size_t(d) * size_t(d));
    for (int i = 0; i < d; ++i)
      for (int j = 0; j < d; ++j) s.precision[size_t(i) * d + size_t(j)] = float(prec(i, j));
  }
  return s;
}

std::vector<float> ood_distances(const OodStats& s, const Tensor& features) {
  if (s.empty()) throw Error("the model has no out-of-distribution statistics");
  const int n = features.shape().n, d = int(features.shape().sample_size());
  if (d != s.dim)
    throw Error("out-of-distribution check: features have " + std::to_string(d) +
                " values, the statistics " + std::to_string(s.dim));
  const ConstMatrixView f = as_matrix(features, n, d);
  const Eigen::Map<const RowMatrix> means(s.means.data(), s.classes, d);
  std::vector<float> out(size_t(n), std::numeric_limits<float>::infinity());
  if (s.kind == OodKind::kMahalanobis) {
    const Eigen::Map<const RowMatrix> prec(s.precision.data(), d, d);
    for (int i = 0; i < n; ++i)
      for (int c = 0; c < s.classes; ++c) {
        const Eigen::RowVectorXf diff = f.row(i) - means.row(c);
        const float m2 = diff * prec * diff.transpose();
        out[size_t(i)] = std::min(out[size_t(i)], std::sqrt(std::max(0.f, m2)));
      }
  } else {
    for (int i = 0; i < n; ++i) {
      const float fn = f.row(i).norm();
      for (int c = 0; c < s.classes; ++c) {
        const float mn = means.row(c).norm();
        const float cos = (fn > 0 && mn > 0) ? f.row(i).dot(means.row(c)) / (fn * mn) : 0.f;
        out[size_t(i)] = std::min(out[size_t(i)], 1.f - cos);
      }
    }
  }
  return out;
}

float quantile_threshold(std::vector<float> scores, float keep) {
  if (scores.empty()) throw Error("no scores to set a threshold from");
  std::sort(scores.begin(), scores.end());
  const size_t n = scores.size();
  size_t k = size_t(std::ceil(double(keep) * double(n)));
  k = std::min(n, std::max<size_t>(1, k));
  return scores[k - 1];
}

float share_above(const std::vector<float>& scores, float threshold) {
  if (scores.empty()) return 0.f;
  size_t above = 0;
  for (float s : scores) above += s > threshold;
  return float(double(above) / double(scores.size()));
}

float auroc(const std::vector<float>& known, const std::vector<float>& unknown) {
  if (known.empty() || unknown.empty()) return 0.5f;
  std::vector<float> k = known;
  std::sort(k.begin(), k.end());
  double sum = 0;
  for (float u : unknown) {
    const auto lo = std::lower_bound(k.begin(), k.end(), u);
    const auto hi = std::upper_bound(k.begin(), k.end(), u);
    sum += double(lo - k.begin()) + 0.5 * double(hi - lo);
  }
  return float(sum / (double(k.size()) * double(unknown.size())));
}

OodStats fit_ood_check(Model& model, const Dataset& ds, const std::vector<int>& train,
                       const std::vector<int>& val, bool tta, float keep,
                       std::vector<float>* val_distances) {
  if (val.empty()) throw Error("the check needs checking photos to set its threshold");
  std::vector<int> labels;
  for (int i : train) labels.push_back(ds.labels[size_t(i)]);
  OodStats s = fit_ood(dataset_features(model, ds, train, tta), labels, model.num_classes(),
                       OodKind::kMahalanobis);
  std::vector<float> scores = dataset_ood_distances(model, s, ds, val, tta);
  s.threshold = quantile_threshold(scores, keep);
  s.mirrored = tta;
  if (val_distances) *val_distances = std::move(scores);
  return s;
}

std::vector<float> dataset_ood_distances(Model& model, const OodStats& stats, const Dataset& ds,
                                         const std::vector<int>& indices, bool tta) {
  if (indices.empty()) return {};
  return ood_distances(stats, dataset_features(model, ds, indices, tta));
}

std::vector<float> ood_to_floats(const OodStats& s) {
  std::vector<float> v = {s.kind == OodKind::kMahalanobis ? 0.f : 1.f, float(s.classes), float(s.dim),
                          s.threshold, s.mirrored ? 2.f : 1.f};
  v.insert(v.end(), s.means.begin(), s.means.end());
  v.insert(v.end(), s.precision.begin(), s.precision.end());
  return v;
}

OodStats ood_from_floats(const std::vector<float>& v) {
  auto bad = [](const std::string& why) {
    return Error("the model's out-of-distribution statistics are damaged (" + why +
                 "); train the model again to check photos against its classes");
  };
  if (v.size() < 5) throw bad("too short");
  OodStats s;
  if (v[0] != 0.f && v[0] != 1.f) throw bad("unknown kind");
  s.kind = v[0] == 0.f ? OodKind::kMahalanobis : OodKind::kCosine;
  if (!(v[1] >= 1 && v[1] <= 1e5f && v[2] >= 1 && v[2] <= 1e5f)) throw bad("impossible sizes");
  s.classes = int(v[1]);
  s.dim = int(v[2]);
  s.threshold = v[3];
  if (!std::isfinite(s.threshold) || s.threshold < 0) throw bad("threshold");
  if (v[4] != 1.f && v[4] != 2.f) throw bad("views");
  s.mirrored = v[4] == 2.f;
  const size_t m = size_t(s.classes) * size_t(s.dim);
  const size_t p = s.kind == OodKind::kMahalanobis ? size_t(s.dim) * size_t(s.dim) : 0;
  if (v.size() != 5 + m + p) throw bad("length");
  s.means.assign(v.begin() + 5, v.begin() + 5 + long(m));
  s.precision.assign(v.begin() + 5 + long(m), v.end());
  for (float x : v)
    if (!std::isfinite(x)) throw bad("a value that is not a number");
  return s;
}

}  // namespace barnlab
