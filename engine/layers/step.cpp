#include "layers/step.h"

namespace barnlab {

Tensor Step::forward(const Tensor& x, Mode) {
  Tensor y(x.shape());
  for (size_t i = 0; i < x.size(); ++i) y[i] = x[i] > 0.f ? 1.f : 0.f;
  return y;
}

}  // namespace barnlab
