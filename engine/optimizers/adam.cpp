// Adam::update with PyTorch's bias correction (see adam.h).
#include "optimizers/adam.h"

#include <cmath>

#include "core/eigen_view.h"

namespace barnlab {

void Adam::update(Param& p, const Tensor& g) {
  ArrayView m = as_array(slot(p, "m"));
  ArrayView v = as_array(slot(p, "v"));
  ConstArrayView grad = as_array(g);
  const float b1 = cfg_.beta1, b2 = cfg_.beta2;
  const double t = double(t_ + 1);
  const float step_size = float(double(cfg_.lr) / (1.0 - std::pow(double(b1), t)));
  const float bc2_sqrt = float(std::sqrt(1.0 - std::pow(double(b2), t)));
  m = b1 * m + (1.f - b1) * grad;
  v = b2 * v + (1.f - b2) * grad.square();
  as_array(p.value) -= step_size * m / (v.sqrt() / bc2_sqrt + cfg_.eps);
}

}  // namespace barnlab
