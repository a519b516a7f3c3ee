#include "layers/mse_loss.h"

#include <cmath>

#include "core/error.h"

namespace barnlab {
namespace {

void check_sizes(const char* what, const Tensor& y, const Tensor& t) {
  if (y.shape().n != t.shape().n || y.size() != t.size())
    throw Error(std::string(what) + ": outputs " + y.shape().str() + " and targets " +
                t.shape().str() + " differ in size");
  if (y.size() == 0) throw Error(std::string(what) + ": empty batch");
}

}  // namespace

float rmse(const Tensor& y, const Tensor& t) {
  check_sizes("rmse", y, t);
  double sum = 0;
  for (size_t i = 0; i < y.size(); ++i) {
    const double d = double(y[i]) - t[i];
    sum += d * d;
  }
  return float(std::sqrt(sum / double(y.size())));
}

float MSELoss::forward(const Tensor& y, const Tensor& t) {
  check_sizes("mse", y, t);
  const int N = y.shape().n, K = int(y.shape().sample_size());
  diff_.resize({N, K, 1, 1});
  double sum = 0;
  for (size_t i = 0; i < y.size(); ++i) {
    diff_[i] = y[i] - t[i];
    sum += double(diff_[i]) * diff_[i];
  }
  return float(0.5 * sum / N);
}

Tensor MSELoss::backward() {
  if (diff_.empty()) throw Error("mse: backward without a forward");
  const float inv = 1.f / float(diff_.shape().n);
  Tensor d(diff_.shape());
  for (size_t i = 0; i < d.size(); ++i) d[i] = diff_[i] * inv;
  return d;
}

Tensor MSELoss::predict(const Tensor& y) const {
  Tensor p = y;
  p.reshape({y.shape().n, int(y.shape().sample_size()), 1, 1});
  return p;
}

}  // namespace barnlab
