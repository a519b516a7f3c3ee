// Whether a model's numbers are all finite: every parameter and every buffer
// (BatchNorm's running statistics). A loss can stay finite while weights are
// NaN or infinite, because ReLU maps NaN to 0 (x > 0 is false) and max
// pooling skips it: a whole filter can turn NaN and only fall silent. Such a
// model answers ~1/K for every photo here and NaN in other runtimes, so the
// trainer checks at every epoch's end and nothing saves a model that fails.
#pragma once

#include <string>

#include "model/model.h"

namespace barnlab {

// The name of the first parameter or buffer holding a NaN or an infinity,
// with how many of its values do; empty when all are finite.
std::string first_non_finite(const Model& model);

// Throws Error (code diverged) naming the tensor when the model is not all
// finite; `what` says what was refused ("save the model").
void require_finite(const Model& model, const std::string& what);

}  // namespace barnlab
