#include "model/predict.h"

#include <algorithm>
#include <cmath>

#include "core/error.h"

namespace barnlab {

std::vector<float> predict_image(Model& model, const Image& img) {
  const Tensor p = model.predict(model_input(model, img));
  return std::vector<float>(p.values().begin(), p.values().end());
}

std::vector<float> predict_encoded(Model& model, const uint8_t* bytes, size_t size) {
  return predict_image(model, decode_image(bytes, size));
}

Tensor mirror_images(const Tensor& x) {
  const Shape& s = x.shape();
  Tensor m(s);
  const size_t rows = size_t(s.n) * s.c * s.h;
  for (size_t r = 0; r < rows; ++r) {
    const float* src = x.data() + r * s.w;
    float* dst = m.data() + r * s.w;
    for (int i = 0; i < s.w; ++i) dst[i] = src[s.w - 1 - i];
  }
  return m;
}

Tensor predict_outputs(Model& model, const Tensor& x, bool tta) {
  Tensor y = model.forward(x, Mode::Eval);
  if (!tta) return y;
  const Tensor ym = model.forward(mirror_images(x), Mode::Eval);
  for (size_t i = 0; i < y.size(); ++i) y[i] = 0.5f * (y[i] + ym[i]);
  return y;
}

Tensor calibrated_probabilities(const Model& model, const Tensor& outputs) {
  const float t = model.calibration().temperature;
  if (t == 1.f) return model.probabilities(outputs);
  Tensor scaled = outputs;
  for (size_t i = 0; i < scaled.size(); ++i) scaled[i] /= t;
  return model.probabilities(scaled);
}

Tensor model_input(const Model& model, const Image& img) {
  const std::vector<uint8_t> chw = resize_square(img, model.size(), model.channels());
  Tensor x(model.input_shape(1));
  normalize_image(chw.data(), model.channels(), model.size(), model.normalization(), x.data());
  return x;
}

std::vector<float> saliency_of(Model& model, const Tensor& x, int class_index) {
  if (x.shape().n != 1) throw Error("a saliency map is taken for one image at a time");
  const Tensor g = model.input_gradient(x, class_index);
  const Shape& s = g.shape();
  const size_t plane = size_t(s.h) * s.w;
  std::vector<float> map(plane, 0.f);
  for (int c = 0; c < s.c; ++c)
    for (size_t i = 0; i < plane; ++i) map[i] = std::max(map[i], std::abs(g[c * plane + i]));
  const float top = *std::max_element(map.begin(), map.end());
  if (top > 0.f && std::isfinite(top))
    for (float& v : map) v /= top;
  return map;
}

std::vector<float> predict_image_calibrated(Model& model, const Image& img, bool tta) {
  const Tensor p = calibrated_probabilities(model, predict_outputs(model, model_input(model, img), tta));
  return std::vector<float>(p.values().begin(), p.values().end());
}

}  // namespace barnlab
