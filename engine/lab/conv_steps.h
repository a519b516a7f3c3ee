// Page 15: convolution and padding on one channel, through the engine's own
// parts: the Conv2D layer computes the output, ops/im2col builds the column
// matrix and conv_out_size gives the output size (H + 2P - FH) / S + 1. Each
// window position is listed with its elementwise products and their sum,
// for the page to animate.
#pragma once

#include <vector>

namespace barnlab {

using Grid = std::vector<std::vector<float>>;  // rows of equal length

struct ConvStepsSettings {
  Grid input = {{1, 2, 3, 0}, {0, 1, 2, 3}, {3, 0, 1, 2}, {2, 3, 0, 1}};
  Grid filter = {{2, 0, 1}, {0, 1, 2}, {1, 0, 2}};
  int pad = 0, stride = 1;
  float bias = 0;
};

struct ConvWindow {
  int oy = 0, ox = 0;    // output position
  int top = 0, left = 0; // window's top-left in the padded input
  Grid products;         // padded input * filter, elementwise
  float sum = 0;         // sum of products + bias = output[oy][ox]
};

struct ConvSteps {
  Grid padded;  // input with pad zeros around
  int oh = 0, ow = 0;
  Grid output;  // from Conv2D::forward
  std::vector<ConvWindow> windows;  // row-major over output positions
  Grid im2col;  // (FH*FW) x (OH*OW), from ops/im2col
};

// Throws Error for a ragged or empty grid, a non-square filter, or a filter
// that does not fit the padded input.
ConvSteps conv_steps(const ConvStepsSettings& s);

// Checks a grid is non-empty and rectangular; what names it in the error.
void check_grid(const Grid& g, const char* what);

}  // namespace barnlab
