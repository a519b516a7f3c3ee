// An exponential moving average of a model's weights and BatchNorm running
// statistics over the optimizer steps (Polyak averaging as timm's ModelEma
// does it). The average of the last few thousand steps generalizes a little
// better than the last step's weights, which still carry the noise of the
// last mini-batches. The trainer (train/trainer.h) updates it after every
// step, validates on it, and ends with it as the model.
//
// The first update copies the weights; update n >= 2 (counted from
// construction) makes
//   a_n = d_n * a_(n-1) + (1 - d_n) * w_n,   d_n = min(decay, n / (n + 9)),
// so early averages are not dragged towards the first steps' weights.
#pragma once

#include <cstdint>
#include <vector>

#include "core/tensor.h"
#include "model/model.h"

namespace barnlab {

class WeightEma {
 public:
  // decay in [0, 1); 0 keeps a copy of the last weights.
  explicit WeightEma(float decay);

  // Folds the model's current weights and statistics into the average.
  void update(Model& model);
  // Exchanges the average with the model's weights and statistics; a second
  // swap puts everything back. Requires at least one update.
  void swap(Model& model);

  int64_t updates() const { return updates_; }
  float decay() const { return decay_; }
  const std::vector<Tensor>& params() const { return params_; }
  const std::vector<Tensor>& buffers() const { return buffers_; }

 private:
  float decay_;
  int64_t updates_ = 0;
  std::vector<Tensor> params_, buffers_;  // in Model::params() / buffers() order
};

}  // namespace barnlab
