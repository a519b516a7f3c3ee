#include "model/fusion.h"

#include <atomic>

#include "layers/conv2d.h"
#include "layers/max_pool2d.h"
#include "layers/relu.h"
#include "ops/profile.h"

namespace barnlab {
namespace {
std::atomic<bool> g_fusion{true};
}  // namespace

void set_runtime_fusion(bool on) { g_fusion = on; }
bool runtime_fusion() { return g_fusion; }

bool fuse_relu_after(Layer& layer, Layer* next) {
  if (!g_fusion || profile::reference_kernels() || !next) return false;
  auto* relu = dynamic_cast<ReLU*>(next);
  auto* fusable = dynamic_cast<ReLUFusable*>(&layer);
  if (!relu || !fusable) return false;
  fusable->fuse_relu_once(relu);
  return true;
}

int fuse_following(Layer& layer, Layer* next, Layer* after_next) {
  if (!fuse_relu_after(layer, next)) return 0;
  auto* conv = dynamic_cast<Conv2D*>(&layer);
  auto* pool = dynamic_cast<MaxPool2D*>(after_next);
  if (!conv || !pool || !pool->two_by_two()) return 1;
  conv->fuse_relu_pool_once(static_cast<ReLU*>(next), pool);
  return 2;
}

}  // namespace barnlab
