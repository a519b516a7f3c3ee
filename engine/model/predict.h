// The predict pipeline, written once for the CLI and the app: a picture ->
// resized to the model's input (shorter side, centre crop, channels converted
// as data/dataset.h's resize_square does: RGB(A) to grey by luminance, grey to
// RGB) -> normalized with the model's statistics -> forward (Eval) -> one
// probability per class.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "data/dataset.h"
#include "model/model.h"

namespace barnlab {

// img: interleaved 1, 3 or 4 channels, any size -> K probabilities.
std::vector<float> predict_image(Model& model, const Image& img);
// JPEG/PNG bytes -> K probabilities; throws Error for unreadable bytes.
std::vector<float> predict_encoded(Model& model, const uint8_t* bytes, size_t size);

}  // namespace barnlab
