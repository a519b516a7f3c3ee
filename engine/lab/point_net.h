// A small MLP on a 2-D point set, as the playground (page 2) and the
// batch-size page (page 7) train it: an engine Model built from spec text
// (affine / activation, repeated, affine 2, softmax_loss) and an engine
// Optimizer, fed mini-batches of points in a seeded shuffled order.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "lab/points2d.h"
#include "model/model.h"
#include "optimizers/optimizer.h"

namespace barnlab {

struct PointNetConfig {
  int hidden = 8;                  // units per hidden layer
  int layers = 1;                  // hidden layers
  std::string activation = "tanh"; // relu, tanh, sigmoid, leaky_relu
  OptimizerConfig optimizer;       // name, lr, ...
  int batch = 16;                  // clamped to the set's size
  uint64_t seed = 1;               // weights and shuffling
};

// The spec text of the network (weights: He for ReLU-like, Xavier otherwise).
std::string point_net_spec(const PointNetConfig& config);

class PointNet {
 public:
  PointNet(const Points2D& data, const PointNetConfig& config);

  // One pass over the data in mini-batches; returns each step's batch loss.
  std::vector<float> train_epoch();
  int epochs() const { return epochs_; }

  struct Figures {
    float loss = 0, accuracy = 0;
  };
  // Loss and accuracy over the whole set (Eval mode).
  Figures evaluate();
  // Probability of class 1 at size x size cell centres of
  // [-range, range]^2, row-major, row 0 at y = -range.
  std::vector<float> grid(int size, float range);

  const Points2D& data() const { return data_; }
  Model& model() { return model_; }

 private:
  Points2D data_;
  PointNetConfig config_;
  Model model_;
  std::unique_ptr<Optimizer> optimizer_;
  int epochs_ = 0;
};

}  // namespace barnlab
