#include "model/predict.h"

namespace barnlab {

std::vector<float> predict_image(Model& model, const Image& img) {
  const std::vector<uint8_t> chw = resize_square(img, model.size(), model.channels());
  Tensor x(model.input_shape(1));
  normalize_image(chw.data(), model.channels(), model.size(), model.normalization(), x.data());
  const Tensor p = model.predict(x);
  return std::vector<float>(p.values().begin(), p.values().end());
}

std::vector<float> predict_encoded(Model& model, const uint8_t* bytes, size_t size) {
  return predict_image(model, decode_image(bytes, size));
}

}  // namespace barnlab
