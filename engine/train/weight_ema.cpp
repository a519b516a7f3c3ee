#include "train/weight_ema.h"

#include <algorithm>
#include <string>
#include <utility>

#include "core/error.h"

namespace barnlab {
namespace {

// a = d * a + (1 - d) * w, elementwise.
void blend(Tensor& a, const Tensor& w, float d) {
  if (a.size() != w.size())
    throw Error("weight average: a tensor changed size from " + std::to_string(a.size()) + " to " +
                std::to_string(w.size()) + "; the model must not change during training");
  float* ap = a.data();
  const float* wp = w.data();
  for (size_t i = 0; i < a.size(); ++i) ap[i] = d * ap[i] + (1.f - d) * wp[i];
}

}  // namespace

WeightEma::WeightEma(float decay) : decay_(decay) {
  if (!(decay >= 0.f && decay < 1.f))
    throw Error("the weight average's decay must be in [0, 1), e.g. 0.999");
}

void WeightEma::update(Model& model) {
  auto params = model.params();
  auto buffers = model.buffers();
  if (updates_ == 0) {
    params_.clear();
    buffers_.clear();
    for (Param* p : params) params_.push_back(p->value);
    for (const Buffer& b : buffers) buffers_.push_back(*b.value);
    updates_ = 1;
    return;
  }
  if (params.size() != params_.size() || buffers.size() != buffers_.size())
    throw Error("weight average: the model's tensors changed; the model must not change during training");
  ++updates_;
  const float d = std::min(decay_, float(updates_) / float(updates_ + 9));
  for (size_t i = 0; i < params.size(); ++i) blend(params_[i], params[i]->value, d);
  for (size_t i = 0; i < buffers.size(); ++i) blend(buffers_[i], *buffers[i].value, d);
}

void WeightEma::swap(Model& model) {
  if (updates_ == 0) throw Error("weight average: no step has been averaged yet");
  auto params = model.params();
  auto buffers = model.buffers();
  for (size_t i = 0; i < params.size(); ++i) std::swap(params[i]->value, params_[i]);
  for (size_t i = 0; i < buffers.size(); ++i) std::swap(*buffers[i].value, buffers_[i]);
}

}  // namespace barnlab
