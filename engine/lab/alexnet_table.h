// Page 18: AlexNet and LRN. The alexnet-small preset built layer by layer
// from its spec with the engine's own parser and layer registry (so every
// shape is the one the engine checks): output shape, parameter count and
// forward FLOPs of each layer; and the engine's LRN layer on one pixel's
// vector of channel values, beside the terms of its formula.
#pragma once

#include <string>
#include <vector>

namespace barnlab {

struct LayerRow {
  int index = 0;          // 1-based, in spec order
  std::string type, describe;
  int c = 0, h = 0, w = 0;  // output shape of one image
  long long params = 0;
  // Forward FLOPs for one image: a multiply-add counts 2 (conv, affine),
  // bias adds and element-wise functions 1 per element, pooling one per
  // window element, LRN (size + 3) per element.
  long long flops = 0;
};

struct LayerTable {
  std::string spec;
  std::vector<LayerRow> layers;
  long long total_params = 0, total_flops = 0;
};

// Throws Error (from the engine) if the preset does not fit the size.
LayerTable preset_layer_table(const std::string& arch, int channels, int size, int classes);

struct LrnDemoSettings {
  std::vector<float> input = {1, 2, 3, 4, 5, 6, 7, 8};
  int size = 5;
  float alpha = 1e-4f, beta = 0.75f, k = 2.f;
};

struct LrnDemo {
  std::vector<float> x, y;  // y from the engine's LRN layer
  std::vector<float> s;     // k + alpha / size * sum of x^2 over the window
  std::vector<std::pair<int, int>> window;  // first and last channel of each window
  std::vector<float> formula_y;  // x * s^-beta, for the page to show they agree
};

LrnDemo lrn_demo(const LrnDemoSettings& s);

}  // namespace barnlab
