#include "lab/point_net.h"

#include <algorithm>
#include <numeric>

#include "core/error.h"
#include "core/rng.h"

namespace barnlab {

std::string point_net_spec(const PointNetConfig& c) {
  const bool relu_like = c.activation == "relu" || c.activation == "leaky_relu";
  const std::string init = relu_like ? " init=he" : " init=xavier";
  std::string spec = "input 2 1 1\n";
  for (int i = 0; i < c.layers; ++i)
    spec += "affine " + std::to_string(c.hidden) + init + "\n" + c.activation + "\n";
  spec += "affine classes" + init + "\nsoftmax_loss";
  return spec;
}

PointNet::PointNet(const Points2D& data, const PointNetConfig& config)
    : data_(data), config_(config), model_(point_net_spec(config), {"0", "1"}, config.seed),
      optimizer_(make_optimizer(config.optimizer)) {
  if (data_.count() == 0) throw Error("point net: the point set is empty");
  config_.batch = std::clamp(config_.batch, 1, int(data_.count()));
}

std::vector<float> PointNet::train_epoch() {
  std::vector<int> order(data_.count());
  std::iota(order.begin(), order.end(), 0);
  Rng rng = Rng::derive(config_.seed, kStreamShuffle, uint64_t(epochs_));
  for (size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[rng.below(uint32_t(i))]);
  std::vector<float> losses;
  std::vector<int> labels;
  for (size_t b = 0; b < order.size(); b += size_t(config_.batch)) {
    const size_t e = std::min(order.size(), b + size_t(config_.batch));
    const Tensor x = data_.batch(order, b, e, &labels);
    losses.push_back(model_.forward_backward(x, labels, optimizer_->steps() + 1));
    optimizer_->step(model_.params());
  }
  ++epochs_;
  return losses;
}

PointNet::Figures PointNet::evaluate() {
  std::vector<int> order(data_.count()), labels;
  std::iota(order.begin(), order.end(), 0);
  const Tensor x = data_.batch(order, 0, order.size(), &labels);
  const Tensor y = model_.forward(x, Mode::Eval);
  Figures f;
  f.loss = model_.loss(y, labels);
  int correct = 0;
  for (size_t i = 0; i < labels.size(); ++i) correct += (y[2 * i + 1] > y[2 * i]) == (labels[i] == 1);
  f.accuracy = float(correct) / float(labels.size());
  return f;
}

std::vector<float> PointNet::grid(int size, float range) {
  Tensor x(Shape{size * size, 2, 1, 1});
  for (int r = 0; r < size; ++r)
    for (int c = 0; c < size; ++c) {
      x[2 * (r * size + c)] = -range + (2 * range) * (c + 0.5f) / size;
      x[2 * (r * size + c) + 1] = -range + (2 * range) * (r + 0.5f) / size;
    }
  const Tensor p = model_.predict(x);
  std::vector<float> out(size_t(size) * size);
  for (size_t i = 0; i < out.size(); ++i) out[i] = p[2 * i + 1];
  return out;
}

}  // namespace barnlab
