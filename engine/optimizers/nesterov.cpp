// Nesterov::update: v = m v - lr g; p += m v - lr g.
#include "optimizers/nesterov.h"

#include "core/eigen_view.h"

namespace barnlab {

void Nesterov::update(Param& p, const Tensor& g) {
  ArrayView v = as_array(slot(p, "v"));
  ConstArrayView grad = as_array(g);
  v = cfg_.momentum * v - cfg_.lr * grad;
  as_array(p.value) += cfg_.momentum * v - cfg_.lr * grad;
}

}  // namespace barnlab
