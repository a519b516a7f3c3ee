// AdaGrad::update: h += g^2; p -= lr g / (sqrt(h) + eps).
#include "optimizers/adagrad.h"

#include "core/eigen_view.h"

namespace barnlab {

void AdaGrad::update(Param& p, const Tensor& g) {
  ArrayView h = as_array(slot(p, "h"));
  ConstArrayView grad = as_array(g);
  h += grad.square();
  as_array(p.value) -= cfg_.lr * grad / (h.sqrt() + cfg_.eps);
}

}  // namespace barnlab
