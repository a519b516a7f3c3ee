#include "layers/bce_loss.h"

#include <algorithm>
#include <cmath>

#include "core/error.h"
#include "layers/sigmoid.h"

namespace barnlab {

float BCELoss::forward(const Tensor& y, const Tensor& t) {
  if (y.shape().n != t.shape().n || y.size() != t.size())
    throw Error("bce: outputs " + y.shape().str() + " and targets " + t.shape().str() +
                " differ in size");
  if (y.size() == 0) throw Error("bce: empty batch");
  const int N = y.shape().n, K = int(y.shape().sample_size());
  p_.resize({N, K, 1, 1});
  double sum = 0;
  for (size_t i = 0; i < y.size(); ++i) {
    const double z = y[i];
    sum += std::max(z, 0.0) - z * t[i] + std::log1p(std::exp(-std::fabs(z)));
    p_[i] = sigmoid(y[i]);
  }
  t_ = t;
  t_.reshape({N, K, 1, 1});
  return float(sum / double(y.size()));
}

Tensor BCELoss::backward() {
  if (p_.empty()) throw Error("bce: backward without a forward");
  const float inv = 1.f / float(p_.size());
  Tensor d(p_.shape());
  for (size_t i = 0; i < d.size(); ++i) d[i] = (p_[i] - t_[i]) * inv;
  return d;
}

Tensor BCELoss::predict(const Tensor& y) const {
  Tensor p({y.shape().n, int(y.shape().sample_size()), 1, 1});
  for (size_t i = 0; i < y.size(); ++i) p[i] = sigmoid(y[i]);
  return p;
}

}  // namespace barnlab
