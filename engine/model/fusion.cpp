#include "model/fusion.h"

#include <atomic>

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

}  // namespace barnlab
