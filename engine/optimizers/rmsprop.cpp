// RMSProp::update: h = d h + (1 - d) g^2; p -= lr g / (sqrt(h) + eps).
#include "optimizers/rmsprop.h"

#include "core/eigen_view.h"

namespace barnlab {

void RMSProp::update(Param& p, const Tensor& g) {
  ArrayView h = as_array(slot(p, "h"));
  ConstArrayView grad = as_array(g);
  const float d = cfg_.decay_rate;
  h = d * h + (1.f - d) * grad.square();
  as_array(p.value) -= cfg_.lr * grad / (h.sqrt() + cfg_.eps);
}

}  // namespace barnlab
