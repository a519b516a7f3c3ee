#include "layers/softmax_with_loss.h"

#include <algorithm>
#include <cmath>

#include "core/error.h"
#include "layers/softmax.h"

namespace barnlab {

float SoftmaxWithLoss::forward(const Tensor& y, const Tensor& t) {
  const int N = y.shape().n, K = int(y.shape().sample_size());
  if (t.shape().n != N || int(t.shape().sample_size()) != K)
    throw Error("softmax_loss: outputs " + y.shape().str() + " and targets " + t.shape().str() +
                " differ in size");
  if (N == 0) throw Error("softmax_loss: empty batch");
  p_.resize({N, K, 1, 1});
  double loss = 0;
  for (int i = 0; i < N; ++i) {
    const float* z = y.data() + size_t(i) * K;
    const float* ti = t.data() + size_t(i) * K;
    float* p = p_.data() + size_t(i) * K;
    const float m = *std::max_element(z, z + K);
    double sum = 0;
    for (int j = 0; j < K; ++j) sum += std::exp(double(z[j]) - m);
    const double log_sum = std::log(sum);
    for (int j = 0; j < K; ++j) {
      const double log_p = double(z[j]) - m - log_sum;
      p[j] = float(std::exp(log_p));
      if (ti[j] != 0.f) loss -= double(ti[j]) * log_p;
    }
  }
  t_ = t;
  t_.reshape({N, K, 1, 1});
  return float(loss / N);
}

Tensor SoftmaxWithLoss::backward() {
  if (p_.empty()) throw Error("softmax_loss: backward without a forward");
  const float inv = 1.f / float(p_.shape().n);
  Tensor d(p_.shape());
  for (size_t i = 0; i < d.size(); ++i) d[i] = (p_[i] - t_[i]) * inv;
  return d;
}

Tensor SoftmaxWithLoss::predict(const Tensor& y) const {
  const int N = y.shape().n, K = int(y.shape().sample_size());
  Tensor p({N, K, 1, 1});
  if (y.size() > 0) softmax_rows(y.data(), N, K, p.data());
  return p;
}

}  // namespace barnlab
