// Pages 15, 16 and 18: the notebook's convolution example (plain and
// padded) through Conv2D and im2col, pooling of an editable grid and of a
// photo's feature map, the alexnet-small layer table and the LRN formula.
#include <cmath>
#include <filesystem>

#include <catch2/catch.hpp>

#include "lab/alexnet_table.h"
#include "lab/conv_steps.h"
#include "lab/pooling_demo.h"
#include "lab_data.h"

using namespace barnlab;

TEST_CASE("lab convolution: the notebook's example gives [[15,16],[6,15]]", "[lab]") {
  const ConvSteps r = conv_steps({});
  CHECK(r.oh == 2);
  CHECK(r.ow == 2);
  CHECK(r.output == Grid{{15, 16}, {6, 15}});
  REQUIRE(r.windows.size() == 4);
  for (const auto& w : r.windows) CHECK(w.sum == r.output[size_t(w.oy)][size_t(w.ox)]);
  CHECK(r.windows[1].left == 1);
  CHECK(r.windows[1].top == 0);
  // Window (0,0): 1*2 + 2*0 + 3*1 + 0*0 + 1*1 + 2*2 + 3*1 + 0*0 + 1*2 = 15.
  CHECK(r.windows[0].products == Grid{{2, 0, 3}, {0, 1, 4}, {3, 0, 2}});
  // im2col: 9 rows (filter positions) x 4 columns (windows); column 0 is the top-left window.
  REQUIRE(r.im2col.size() == 9);
  REQUIRE(r.im2col[0].size() == 4);
  CHECK(r.im2col[0] == std::vector<float>{1, 2, 0, 1});
  CHECK(r.im2col[8] == std::vector<float>{1, 2, 0, 1});
}

TEST_CASE("lab convolution: padding 1 keeps the 4x4 size", "[lab]") {
  ConvStepsSettings s;
  s.pad = 1;
  const ConvSteps r = conv_steps(s);
  CHECK(r.output == Grid{{7, 12, 10, 2}, {4, 15, 16, 10}, {10, 6, 15, 6}, {8, 10, 4, 3}});
  CHECK(r.padded.size() == 6);
  CHECK(r.padded[0] == std::vector<float>(6, 0.f));
  CHECK(r.windows.size() == 16);
  CHECK(r.im2col[0].size() == 16);
  // Stride 2 with padding 1: (4 + 2 - 3) / 2 + 1 = 2.
  s.stride = 2;
  const ConvSteps r2 = conv_steps(s);
  CHECK(r2.output == Grid{{7, 10}, {10, 15}});
}

TEST_CASE("lab convolution: bad grids say what to fix", "[lab]") {
  ConvStepsSettings s;
  s.input = {{1, 2}, {3}};
  CHECK_THROWS_WITH(conv_steps(s), Catch::Contains("rows of different lengths"));
  s.input = {{1, 2}, {3, 4}};
  CHECK_THROWS_WITH(conv_steps(s), Catch::Contains("does not fit"));
  s.pad = 1;
  CHECK(conv_steps(s).output.size() == 2);
  s.filter = {{1, 2}};
  CHECK_THROWS_WITH(conv_steps(s), Catch::Contains("square"));
}

TEST_CASE("lab pooling: max and average of the book's grid, and where gradients go", "[lab]") {
  const PoolGrid r = pool_grid({});
  CHECK(r.max == Grid{{2, 3}, {4, 2}});
  CHECK(r.avg == Grid{{1, 1.5f}, {2.25f, 1}});
  // Max pooling sends each window's gradient to its maximum only.
  CHECK(r.max_backward == Grid{{0, 1, 0, 0}, {0, 0, 0, 1}, {0, 0, 0, 1}, {0, 1, 0, 0}});
  CHECK(r.avg_backward[0][0] == 0.25f);
  using P = std::pair<int, int>;
  CHECK(r.argmax == std::vector<std::vector<P>>{{P{0, 1}, P{1, 3}}, {P{3, 1}, P{2, 3}}});
  PoolGridSettings s;
  s.stride = 1;
  CHECK(pool_grid(s).max.size() == 3);
  s.pad = 2;
  CHECK_THROWS_WITH(pool_grid(s), Catch::Contains("pad < size"));
}

TEST_CASE("lab pooling: a farm photo's edge map, pooled", "[lab]") {
  const std::string dir = barnlab::test::farm_photos_dir();
  std::string file;
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir))
    if (e.path().extension() == ".jpg" || e.path().extension() == ".png") {
      file = e.path().string();
      break;
    }
  REQUIRE(!file.empty());
  const PoolPhoto r = pool_photo(load_image_file(file), {});
  CHECK(r.input.w == 64);
  CHECK(r.feature.w == 64);
  CHECK(r.max.w == 32);
  CHECK(r.avg.h == 32);
  float fmax = 0;
  for (float v : r.feature.values) {
    CHECK(v >= 0.f);  // after ReLU
    fmax = std::max(fmax, v);
  }
  CHECK(fmax > 0.1f);  // a real photo has edges
  // Max pooling keeps the strongest response of each window: never below the average.
  for (size_t i = 0; i < r.max.values.size(); ++i) CHECK(r.max.values[i] >= r.avg.values[i] - 1e-6f);
}

TEST_CASE("lab alexnet-small: layer table shapes, parameters and FLOPs", "[lab]") {
  const LayerTable t = preset_layer_table("alexnet-small", 3, 64, 6);
  REQUIRE(!t.layers.empty());
  const LayerRow& conv1 = t.layers[0];
  CHECK(conv1.type == "conv");
  CHECK(conv1.c == 32);
  CHECK(conv1.h == 64);
  CHECK(conv1.params == 32 * 3 * 5 * 5 + 32);
  CHECK(conv1.flops == 2LL * 32 * 64 * 64 * 3 * 25 + 32 * 64 * 64);
  const LayerRow& last = t.layers.back();
  CHECK(last.type == "affine");
  CHECK(last.c == 6);
  CHECK(last.params == 256 * 6 + 6);
  long long params = 0, flops = 0;
  bool has_lrn = false;
  for (const auto& r : t.layers) {
    params += r.params;
    flops += r.flops;
    has_lrn |= r.type == "lrn";
  }
  CHECK(has_lrn);
  CHECK(params == t.total_params);
  CHECK(flops == t.total_flops);
  CHECK_THROWS(preset_layer_table("vgg", 3, 64, 6));
}

TEST_CASE("lab LRN: the layer's output follows its formula", "[lab]") {
  LrnDemoSettings s;
  s.alpha = 1.f;
  s.beta = 0.75f;
  s.k = 2.f;
  s.size = 3;
  const LrnDemo r = lrn_demo(s);
  REQUIRE(r.y.size() == 8);
  CHECK(r.window[0] == std::make_pair(0, 1));
  CHECK(r.window[7] == std::make_pair(6, 7));
  // Channel 0: s = 2 + 1/3 * (1 + 4) = 3.6667.
  CHECK(r.s[0] == Approx(2.f + 5.f / 3.f));
  for (size_t i = 0; i < 8; ++i) CHECK(r.y[i] == Approx(r.formula_y[i]).epsilon(1e-5));
  CHECK(r.y[7] < r.x[7] / 2.f);  // strong neighbours damp a channel
}
