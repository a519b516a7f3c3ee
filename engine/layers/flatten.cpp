#include "layers/flatten.h"

#include "core/error.h"

namespace barnlab {

Shape Flatten::build(Shape in) { return {in.n, int(in.sample_size()), 1, 1}; }

Tensor Flatten::forward(const Tensor& x, Mode) {
  in_ = x.shape();
  Tensor y = x;
  y.reshape({in_.n, int(in_.sample_size()), 1, 1});
  return y;
}

Tensor Flatten::backward(const Tensor& dy) {
  if (dy.size() != in_.size())
    throw Error(describe() + ": gradient of shape " + dy.shape().str() +
                " does not match the input " + in_.str());
  Tensor dx = dy;
  dx.reshape(in_);
  return dx;
}

}  // namespace barnlab
