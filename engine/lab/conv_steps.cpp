// Page 15: see conv_steps.h.
#include "lab/conv_steps.h"

#include "core/error.h"
#include "layers/conv2d.h"
#include "ops/im2col.h"

namespace barnlab {

void check_grid(const Grid& g, const char* what) {
  if (g.empty() || g[0].empty()) throw Error(std::string(what) + " is empty: give at least one value");
  for (const auto& row : g)
    if (row.size() != g[0].size())
      throw Error(std::string(what) + " has rows of different lengths: give every row " +
                  std::to_string(g[0].size()) + " values");
}

ConvSteps conv_steps(const ConvStepsSettings& s) {
  check_grid(s.input, "the input");
  check_grid(s.filter, "the filter");
  const int h = int(s.input.size()), w = int(s.input[0].size());
  const int k = int(s.filter.size());
  if (int(s.filter[0].size()) != k) throw Error("the filter must be square (as many rows as columns)");
  if (s.pad < 0 || s.stride < 1) throw Error("pad must be 0 or more and stride 1 or more");
  if (k > h + 2 * s.pad || k > w + 2 * s.pad)
    throw Error("the " + std::to_string(k) + "x" + std::to_string(k) +
                " filter does not fit the padded input: use a smaller filter or more padding");

  ConvSteps r;
  const ConvGeometry g = ConvGeometry::make(1, h, w, k, k, s.stride, s.pad);
  r.oh = g.oh;
  r.ow = g.ow;

  Tensor x(Shape{1, 1, h, w});
  for (int i = 0; i < h; ++i)
    for (int j = 0; j < w; ++j) x.at(0, 0, i, j) = s.input[size_t(i)][size_t(j)];

  Conv2D conv(1, k, s.stride, s.pad);
  conv.build(Shape{1, 1, h, w});
  Param* weight = conv.params()[0];
  Param* bias = conv.params()[1];
  for (int i = 0; i < k; ++i)
    for (int j = 0; j < k; ++j) weight->value.at(0, 0, i, j) = s.filter[size_t(i)][size_t(j)];
  bias->value[0] = s.bias;
  const Tensor y = conv.forward(x, Mode::Eval);
  r.output.assign(size_t(r.oh), std::vector<float>(size_t(r.ow)));
  for (int i = 0; i < r.oh; ++i)
    for (int j = 0; j < r.ow; ++j) r.output[size_t(i)][size_t(j)] = y.at(0, 0, i, j);

  std::vector<float> col(size_t(g.rows()) * size_t(g.cols_per_image()));
  im2col(x.data(), 1, g, col.data());
  r.im2col.assign(size_t(g.rows()), std::vector<float>(size_t(g.cols_per_image())));
  for (int i = 0; i < g.rows(); ++i)
    for (int j = 0; j < g.cols_per_image(); ++j)
      r.im2col[size_t(i)][size_t(j)] = col[size_t(i) * g.cols_per_image() + j];

  const int ph = h + 2 * s.pad, pw = w + 2 * s.pad;
  r.padded.assign(size_t(ph), std::vector<float>(size_t(pw), 0.f));
  for (int i = 0; i < h; ++i)
    for (int j = 0; j < w; ++j) r.padded[size_t(i + s.pad)][size_t(j + s.pad)] = s.input[size_t(i)][size_t(j)];

  for (int oy = 0; oy < r.oh; ++oy)
    for (int ox = 0; ox < r.ow; ++ox) {
      ConvWindow win;
      win.oy = oy;
      win.ox = ox;
      win.top = oy * s.stride;
      win.left = ox * s.stride;
      win.products.assign(size_t(k), std::vector<float>(size_t(k)));
      // The products are the im2col column of this position times the filter.
      const int q = oy * r.ow + ox;
      float sum = s.bias;
      for (int i = 0; i < k; ++i)
        for (int j = 0; j < k; ++j) {
          const float p = r.im2col[size_t(i * k + j)][size_t(q)] * s.filter[size_t(i)][size_t(j)];
          win.products[size_t(i)][size_t(j)] = p;
          sum += p;
        }
      win.sum = sum;
      r.windows.push_back(std::move(win));
    }
  return r;
}

}  // namespace barnlab
