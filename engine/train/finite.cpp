#include "train/finite.h"

#include <cmath>

#include "core/error.h"

namespace barnlab {
namespace {

size_t non_finite_count(const Tensor& t) {
  size_t n = 0;
  for (float v : t.values()) n += !std::isfinite(v);
  return n;
}

std::string describe(const std::string& name, size_t bad, size_t total) {
  return name + ": " + std::to_string(bad) + " of " + std::to_string(total) + " values";
}

}  // namespace

std::string first_non_finite(const Model& model) {
  for (const Param* p : model.params())
    if (const size_t bad = non_finite_count(p->value)) return describe(p->name, bad, p->value.size());
  for (const auto& [name, t] : model.buffers())
    if (const size_t bad = non_finite_count(*t)) return describe(name, bad, t->size());
  return "";
}

void require_finite(const Model& model, const std::string& what) {
  const std::string bad = first_non_finite(model);
  if (!bad.empty())
    throw Error(errc::kDiverged, "cannot " + what + ": its weights are not finite numbers (NaN or infinite in " +
                bad + "), the sign of a training that diverged; train again with a lower learning rate");
}

}  // namespace barnlab
