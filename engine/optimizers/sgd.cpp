// Sgd::update: p -= lr * g.
#include "optimizers/sgd.h"

#include "core/eigen_view.h"

namespace barnlab {

void Sgd::update(Param& p, const Tensor& g) { as_array(p.value) -= cfg_.lr * as_array(g); }

}  // namespace barnlab
