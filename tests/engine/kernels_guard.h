// Shared by the tests of the speed work (issue 12): a guard that restores
// the default kernels, fusion, profiling and thread count however a test
// ends, and what one training forward and backward of a layer gave.
#pragma once

#include <vector>

#include "core/tensor.h"

#include "model/fusion.h"
#include "ops/parallel.h"
#include "ops/profile.h"

namespace barnlab::test {

struct KernelsGuard {
  ~KernelsGuard() {
    profile::set_reference_kernels(false);
    profile::set_enabled(false);
    profile::reset();
    set_runtime_fusion(true);
    set_num_threads(1);
  }
};

struct LayerRun {
  Tensor y, dx;
  Tensor mask;  // a ReLU's cached mask as 0/1 values, where a test takes it
  std::vector<Tensor> grads;
};

}  // namespace barnlab::test
