// The layer registry: one spec line (model/spec.h) -> one layer or loss.
// It belongs to model/, above layers/: the layers know nothing of specs.
#pragma once

#include <memory>
#include <string>

#include "layers/layer.h"
#include "model/spec.h"

namespace barnlab {

// Builds one layer or the loss from its spec line. Throws Error naming the
// line for an unknown type or a bad argument.
std::unique_ptr<Layer> make_layer(const LayerSpec& spec);
std::unique_ptr<Loss> make_loss(const LayerSpec& spec);
bool is_loss_type(const std::string& type);
// The line's init= option, or fallback when it has none.
Init parse_init(const LayerSpec& spec, Init fallback);

}  // namespace barnlab
