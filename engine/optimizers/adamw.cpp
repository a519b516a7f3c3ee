#include "optimizers/adamw.h"

#include "core/eigen_view.h"

namespace barnlab {

void AdamW::update(Param& p, const Tensor& g) {
  if (p.decay && cfg_.weight_decay != 0.f) as_array(p.value) *= 1.f - cfg_.lr * cfg_.weight_decay;
  Adam::update(p, g);
}

}  // namespace barnlab
