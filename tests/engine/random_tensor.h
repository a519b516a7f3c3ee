// Tensors of random-normal values from a fixed seed, for engine tests.
#pragma once

#include <cstdint>

#include "core/rng.h"
#include "core/tensor.h"

namespace barnlab {
namespace test {

inline Tensor randn(Shape s, uint64_t seed) {
  Tensor t(s);
  Rng rng(seed);
  for (float& v : t.values()) v = rng.normal();
  return t;
}

}  // namespace test
}  // namespace barnlab
