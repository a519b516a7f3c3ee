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

// x: N x C x H x W -> the same images mirrored left to right.
Tensor mirror_images(const Tensor& x);
// Network outputs N x K (Eval); with tta, the mean of the outputs for the
// images and their mirrors (test-time augmentation).
Tensor predict_outputs(Model& model, const Tensor& x, bool tta);
// Outputs -> probabilities with the model's temperature (calibration).
Tensor calibrated_probabilities(const Model& model, const Tensor& outputs);
// img -> calibrated probabilities, with test-time augmentation when tta.
std::vector<float> predict_image_calibrated(Model& model, const Image& img, bool tta);
// img -> the normalized 1 x C x S x S input the model sees.
Tensor model_input(const Model& model, const Image& img);
// Saliency of class_index for the one image x (1 x C x S x S): |d output /
// d pixel|, the largest over channels, scaled so the top pixel is 1 (all 0
// when the gradient vanishes). S x S values, row-major.
std::vector<float> saliency_of(Model& model, const Tensor& x, int class_index);

}  // namespace barnlab
