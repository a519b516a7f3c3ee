// What the training pages (10-14) share: Fashion-MNIST subsets taken from the
// records the browser supplied, the text spec of a small MLP, and runs of
// the engine's own Trainer that record the figures those pages plot (loss
// per step, or train and test accuracy per epoch, measured in Eval mode).
#pragma once

#include <string>
#include <vector>

#include "data/dataset.h"
#include "model/model.h"
#include "train/trainer.h"

namespace barnlab {

// Records [begin, end) of all as a dataset of their own. Throws Error when
// `all` is empty (no data was given) or the range is outside it.
Dataset dataset_slice(const Dataset& all, size_t begin, size_t end);
// The records at indices (each < all.count()), in that order.
Dataset dataset_pick(const Dataset& all, const std::vector<int>& indices);

// Training records [0, n_train) and test records [N - n_test, N): disjoint.
// Throws Error saying how many records are needed when N < n_train + n_test.
struct TrainTest {
  Dataset train, test;
};
TrainTest fashion_train_test(const Dataset& all, int n_train, int n_test);

struct MlpShape {
  std::vector<int> hidden;            // units per hidden layer
  std::string activation = "relu";    // relu, sigmoid, tanh
  std::string init = "he";            // he, xavier, std:<value>
  bool batchnorm = false;             // after each hidden affine
  float dropout = 0.f;                // after each hidden activation; 0 = none
};
// Spec text of flatten, the hidden layers, affine classes, softmax_loss.
std::string mlp_spec(const MlpShape& shape, int channels, int size);

// Loss of each of `steps` optimizer steps (the Trainer's shuffled
// mini-batches, epochs as many as needed). A diverging run stops early: the
// rest of the curve is NaN.
std::vector<float> loss_per_step(Model& model, const Dataset& train, TrainConfig config, int steps);

// Mean of the last n values of a curve (NaN values skipped; NaN if none).
float tail_mean(const std::vector<float>& curve, size_t n);

struct EpochCurves {
  std::vector<float> train_acc, test_acc, train_loss;  // one per epoch; NaN after a divergence
  bool diverged = false;
};
// config.epochs epochs without a validation split; after each, accuracy on
// the whole train set and on test (if given), both in Eval mode.
EpochCurves accuracy_per_epoch(Model& model, const Dataset& train, const Dataset* test,
                               TrainConfig config);

}  // namespace barnlab
