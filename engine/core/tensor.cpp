#include "core/tensor.h"

#include <algorithm>

#include "core/error.h"

namespace barnlab {

std::string Shape::str() const {
  return std::to_string(n) + " x " + std::to_string(c) + " x " + std::to_string(h) + " x " +
         std::to_string(w);
}

Tensor::Tensor(Shape s, std::vector<float> values)
    : shape_(s), data_(values.begin(), values.end()) {
  if (data_.size() != s.size())
    throw Error("tensor of shape " + s.str() + " needs " + std::to_string(s.size()) +
                " values, got " + std::to_string(data_.size()));
}

Tensor Tensor::uninitialized(Shape s) {
  Tensor t;
  t.shape_ = s;
  t.data_.resize(s.size());  // default-initialised: no fill (AlignedAllocator)
  return t;
}

void Tensor::reshape(Shape s) {
  if (s.size() != data_.size())
    throw Error("cannot reshape " + shape_.str() + " to " + s.str());
  shape_ = s;
}

void Tensor::fill(float v) { std::fill(data_.begin(), data_.end(), v); }

void Tensor::resize(Shape s) {
  shape_ = s;
  data_.resize(s.size());
}

}  // namespace barnlab
