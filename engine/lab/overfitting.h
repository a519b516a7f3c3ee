// Page 13: overfitting and two remedies. The book's deep MLP (six hidden
// layers of 100, ReLU) trained on only a few hundred Fashion-MNIST images:
// train and test accuracy per epoch, with L2 weight decay (lambda) and/or
// Dropout after every hidden activation.
#pragma once

#include <vector>

#include "data/dataset.h"

namespace barnlab {

struct OverfitSettings {
  // The book's 300 images and six hidden layers; 50 epochs at lr 0.05
  // overfit as clearly as its 200 at 0.01, in a quarter of the time.
  int n_train = 300, n_test = 300, epochs = 50, batch = 100;
  int hidden_layers = 6, units = 100;
  float lr = 0.05f;
  float weight_decay = 0.f;  // lambda; 0 = none
  float dropout = 0.f;       // ratio; 0 = none
  uint64_t seed = 1;
};

struct OverfitResult {
  std::vector<float> train_acc, test_acc, train_loss;  // per epoch
  float final_train_acc = 0, final_test_acc = 0, gap = 0;
};

OverfitResult overfit_run(const Dataset& fashion, const OverfitSettings& s);

}  // namespace barnlab
