// Momentum::update: v = m v - lr g; p += v.
#include "optimizers/momentum.h"

#include "core/eigen_view.h"

namespace barnlab {

void Momentum::update(Param& p, const Tensor& g) {
  ArrayView v = as_array(slot(p, "v"));
  v = cfg_.momentum * v - cfg_.lr * as_array(g);
  as_array(p.value) += v;
}

}  // namespace barnlab
