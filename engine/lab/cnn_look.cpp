// Page 17: see cnn_look.h.
#include "lab/cnn_look.h"

#include <algorithm>
#include <cmath>

#include "core/error.h"
#include "train/metrics.h"
#include "train/trainer.h"

namespace barnlab {

std::string cnn_look_spec(int size) {
  return "input 3 " + std::to_string(size) + " " + std::to_string(size) +
         "\nconv 8 5 pad=2\nrelu\nmaxpool 2 stride=2\n"
         "conv 16 3 pad=1\nrelu\nmaxpool 2 stride=2\n"
         "affine classes init=std:0.01\nsoftmax_loss\n";
}

namespace {

std::vector<Picture> first_filters(Model& model) {
  const Tensor& w = model.params().front()->value;  // F x C x K x K
  const auto [lo, hi] = std::minmax_element(w.values().begin(), w.values().end());
  const float range = *hi - *lo > 0 ? *hi - *lo : 1.f;
  std::vector<Picture> out;
  const size_t per = w.shape().sample_size();
  for (int f = 0; f < w.shape().n; ++f) {
    Picture p;
    p.c = w.shape().c;
    p.h = w.shape().h;
    p.w = w.shape().w;
    for (size_t i = 0; i < per; ++i) p.values.push_back((w[f * per + i] - *lo) / range);
    out.push_back(std::move(p));
  }
  return out;
}

Picture plane(const Tensor& t, int c) {
  Picture p;
  p.h = t.shape().h;
  p.w = t.shape().w;
  const size_t n = size_t(p.h) * p.w;
  const float* src = t.data() + size_t(c) * n;  // image 0
  p.values.assign(src, src + n);
  return p;
}

}  // namespace

CnnTrainResult CnnLook::train(const Dataset& data, const CnnTrainSettings& s) {
  if (s.size < 16 || s.size > 128) throw Error("size must be in [16, 128]");
  if (s.epochs < 1 || s.batch < 1) throw Error("epochs and batch must be at least 1");
  if (data.channels != 3 || data.size != s.size)
    throw Error("the CNN takes RGB photos of " + std::to_string(s.size) + " px");
  int with_photos = 0;
  for (int n : data.class_counts()) with_photos += n > 0;
  if (with_photos < 2)
    throw Error("the CNN needs photos of at least two classes: add photos of another class");

  model_.reset();
  auto model = std::make_unique<Model>(cnn_look_spec(s.size), data.classes, s.seed);
  CnnTrainResult r;
  r.classes = data.classes;
  r.photos = int(data.count());
  r.filters_before = first_filters(*model);
  TrainConfig config;
  config.epochs = s.epochs;
  config.batch = s.batch;
  config.seed = s.seed;
  config.val_share = 0.f;
  config.optimizer.name = "adam";
  config.optimizer.lr = s.lr;
  Trainer trainer(*model, data, config);
  trainer.fit({}, [&](const EpochReport& e) {
    r.train_acc.push_back(e.train_acc);
    r.train_loss.push_back(e.train_loss);
  });
  r.filters_after = first_filters(*model);
  model_ = std::move(model);
  return r;
}

CnnLookResult CnnLook::look(const Image& photo) {
  if (!model_) throw Error("no CNN trained yet: run cnn.train first");
  const int size = model_->size();
  const std::vector<uint8_t> chw = resize_square(photo, size, 3);
  CnnLookResult r;
  r.photo.c = 3;
  r.photo.h = r.photo.w = size;
  for (uint8_t v : chw) r.photo.values.push_back(float(v) / 255.f);

  Tensor x(model_->input_shape(1));
  normalize_image(chw.data(), 3, size, model_->normalization(), x.data());
  const Tensor probs = model_->predict(x);
  r.scores.assign(probs.values().begin(), probs.values().end());
  r.top = argmax_rows(probs)[0];
  r.top_class = model_->classes()[size_t(r.top)];

  const std::vector<Tensor> outs = model_->layer_outputs(x);
  const auto layers = model_->layers();
  for (size_t i = 0; i < outs.size(); ++i) {
    if (outs[i].shape().h < 2 || outs[i].shape().w < 2) continue;
    LayerMaps m;
    m.layer = std::to_string(i + 1) + " " + layers[i]->describe();
    for (int c = 0; c < outs[i].shape().c; ++c) m.maps.push_back(plane(outs[i], c));
    r.layers.push_back(std::move(m));
  }

  Tensor d(Shape{1, model_->num_classes(), 1, 1});
  d[size_t(r.top)] = 1.f;  // d score(top) / d outputs
  const Tensor g = model_->input_gradient(x, d);
  r.saliency.h = r.saliency.w = size;
  r.saliency.values.assign(size_t(size) * size, 0.f);
  for (int c = 0; c < 3; ++c)
    for (int i = 0; i < size * size; ++i)
      r.saliency.values[size_t(i)] = std::max(r.saliency.values[size_t(i)], std::fabs(g[size_t(c) * size * size + i]));
  const float top = *std::max_element(r.saliency.values.begin(), r.saliency.values.end());
  if (top > 0)
    for (float& v : r.saliency.values) v /= top;
  return r;
}

}  // namespace barnlab
