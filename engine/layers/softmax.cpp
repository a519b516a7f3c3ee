#include "layers/softmax.h"

#include <algorithm>
#include <cmath>

#include "core/error.h"

namespace barnlab {

void softmax_rows(const float* x, int rows, int cols, float* y) {
  for (int i = 0; i < rows; ++i) {
    const float* in = x + size_t(i) * cols;
    float* out = y + size_t(i) * cols;
    const float m = *std::max_element(in, in + cols);
    double sum = 0;
    for (int j = 0; j < cols; ++j) {
      out[j] = std::exp(in[j] - m);
      sum += out[j];
    }
    const float inv = float(1.0 / sum);
    for (int j = 0; j < cols; ++j) out[j] *= inv;
  }
}

Tensor Softmax::forward(const Tensor& x, Mode mode) {
  Tensor y(x.shape());
  if (x.size() > 0)
    softmax_rows(x.data(), x.shape().n, int(x.shape().sample_size()), y.data());
  if (caches_for_backward(mode)) y_ = y;
  return y;
}

Tensor Softmax::backward(const Tensor& dy) {
  if (dy.shape() != y_.shape())
    throw Error(describe() + ": gradient of shape " + dy.shape().str() +
                " does not match the last training forward");
  const int rows = dy.shape().n, cols = int(dy.shape().sample_size());
  Tensor dx(dy.shape());
  for (int i = 0; i < rows; ++i) {
    const float* g = dy.data() + size_t(i) * cols;
    const float* y = y_.data() + size_t(i) * cols;
    double dot = 0;
    for (int j = 0; j < cols; ++j) dot += double(g[j]) * y[j];
    float* out = dx.data() + size_t(i) * cols;
    for (int j = 0; j < cols; ++j) out[j] = y[j] * (g[j] - float(dot));
  }
  return dx;
}

}  // namespace barnlab
