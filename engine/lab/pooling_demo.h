// Page 16: max and average pooling through the engine's MaxPool2D and
// AvgPool2D layers: on an editable grid (with where each layer sends the
// gradient back, from backward() of all-ones), and on a photo's feature map
// (the grey photo through a Conv2D with a fixed edge or blur filter and
// ReLU, then pooled).
#pragma once

#include <string>
#include <vector>

#include "data/dataset.h"
#include "lab/conv_steps.h"
#include "lab/picture.h"

namespace barnlab {

struct PoolGridSettings {
  Grid input = {{1, 2, 1, 0}, {0, 1, 2, 3}, {3, 0, 1, 2}, {2, 4, 0, 1}};
  int size = 2, stride = 2, pad = 0;
};

struct PoolGrid {
  Grid max, avg;
  // dL/dx for dL/dy = 1 everywhere: max pooling routes each 1 to its window's
  // maximum, average pooling spreads it as 1/(size*size) over the window.
  Grid max_backward, avg_backward;
  // Per output element, [row, col] in the input of the value max pooling
  // took: where MaxPool2D's backward sends that element's gradient alone.
  std::vector<std::vector<std::pair<int, int>>> argmax;
};

PoolGrid pool_grid(const PoolGridSettings& s);

struct PoolPhotoSettings {
  int size = 64;                       // the photo is resized to size x size, grey
  std::string filter = "vertical";     // vertical, horizontal (Sobel edges) or blur
  int pool = 2;                        // window = stride
};

struct PoolPhoto {
  Picture input, feature, max, avg;  // input in [0,1]; the others as computed
};

PoolPhoto pool_photo(const Image& photo, const PoolPhotoSettings& s);

}  // namespace barnlab
