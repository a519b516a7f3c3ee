// Page 14: random search of the learning rate and the weight decay on a log
// scale. Each trial draws lr = 10^U(lr exponents) and lambda = 10^U(wd
// exponents) from (seed, trial) alone, trains an MLP on the training part of
// the first n_train records and is scored on the validation part (a
// stratified split of those same records). The test records are never read.
#pragma once

#include <vector>

#include "data/dataset.h"

namespace barnlab {

struct HyperSearchSettings {
  int trials = 20;
  int only = -1;  // run just this trial; -1 = all
  int n_train = 500, epochs = 10, batch = 50;
  float val_share = 0.2f;
  // The book searches lr in 10^[-6,-2] over 50 epochs; with a tablet's 10
  // epochs the useful rates are larger, so the default range is 10^[-4,-0.5].
  float lr_min_exp = -4, lr_max_exp = -0.5f, wd_min_exp = -8, wd_max_exp = -4;
  std::vector<int> hidden = {100, 100};
  uint64_t seed = 1;
};

struct HyperTrial {
  int index = 0;
  float lr = 0, weight_decay = 0;
  float val_acc = 0, train_acc = 0;
  std::vector<float> val_curve;  // validation accuracy per epoch
};

struct HyperSearch {
  std::vector<HyperTrial> trials;
  int best = -1;  // trial index of the best val_acc among those run
  // The span of lr and weight decay over the top 20% of the trials run (at
  // least one trial).
  float best_lr_lo = 0, best_lr_hi = 0, best_wd_lo = 0, best_wd_hi = 0;
};

HyperSearch hyper_search(const Dataset& fashion, const HyperSearchSettings& s);

}  // namespace barnlab
