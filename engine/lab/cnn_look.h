// Page 17: a CNN looks at a farm photo. A small CNN is trained for a few
// epochs on the labelled photos the page was given; the first layer's
// filters are shown before and after, then any photo (also one never
// trained on) goes through the net: the feature maps of every layer and a
// saliency map, |d score(top class) / d input| from Model::input_gradient.
// The trained net is kept between calls (the page trains once, looks often).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "data/dataset.h"
#include "lab/picture.h"
#include "model/model.h"

namespace barnlab {

struct CnnTrainSettings {
  int size = 32, epochs = 8, batch = 16;
  float lr = 0.003f;
  uint64_t seed = 1;
};

struct CnnTrainResult {
  std::vector<std::string> classes;
  int photos = 0;  // trained on
  std::vector<float> train_acc, train_loss;  // per epoch (running, over the epoch's batches)
  // First-layer filters, each c = 3 planes of k x k, scaled to [0, 1]
  // together (one scale for all filters of a snapshot).
  std::vector<Picture> filters_before, filters_after;
};

struct LayerMaps {
  std::string layer;          // "1 conv 8 5x5 s1 p2"
  std::vector<Picture> maps;  // one grey picture per channel
};

struct CnnLookResult {
  Picture photo;  // the network's input, RGB in [0, 1]
  std::vector<float> scores;  // class probabilities
  int top = 0;
  std::string top_class;
  std::vector<LayerMaps> layers;  // layers whose output is still a picture (h, w > 1)
  Picture saliency;               // grey, scaled to [0, 1]
};

class CnnLook {
 public:
  // Trains a new net on photos (RGB at s.size, as Lab::photos(size, 3)
  // gives them). Throws Error saying what to add when fewer than two
  // classes have photos.
  CnnTrainResult train(const Dataset& photos, const CnnTrainSettings& s);
  // Throws Error asking to train first when no net was trained.
  CnnLookResult look(const Image& photo);
  bool trained() const { return model_ != nullptr; }

 private:
  std::unique_ptr<Model> model_;
};

// The spec of the page's CNN at size x size RGB ("affine classes" last).
std::string cnn_look_spec(int size);

}  // namespace barnlab
