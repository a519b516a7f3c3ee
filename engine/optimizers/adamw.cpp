#include "optimizers/adamw.h"

namespace barnlab {

void AdamW::update(Param& p, const Tensor& g) {
  const bool decays = p.decay && cfg_.weight_decay != 0.f;
  update_shrunk(p, g, decays ? 1.f - cfg_.lr * cfg_.weight_decay : 1.f);
}

}  // namespace barnlab
