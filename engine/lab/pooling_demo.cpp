// Page 16: see pooling_demo.h.
#include "lab/pooling_demo.h"

#include "core/error.h"
#include "layers/avg_pool2d.h"
#include "layers/conv2d.h"
#include "layers/max_pool2d.h"
#include "layers/relu.h"

namespace barnlab {

namespace {

Tensor to_tensor(const Grid& g) {
  const int h = int(g.size()), w = int(g[0].size());
  Tensor t(Shape{1, 1, h, w});
  for (int i = 0; i < h; ++i)
    for (int j = 0; j < w; ++j) t.at(0, 0, i, j) = g[size_t(i)][size_t(j)];
  return t;
}

Grid to_grid(const Tensor& t) {
  Grid g(size_t(t.shape().h), std::vector<float>(size_t(t.shape().w)));
  for (int i = 0; i < t.shape().h; ++i)
    for (int j = 0; j < t.shape().w; ++j) g[size_t(i)][size_t(j)] = t.at(0, 0, i, j);
  return g;
}

Picture to_picture(const Tensor& t) {
  Picture p;
  p.c = t.shape().c;
  p.h = t.shape().h;
  p.w = t.shape().w;
  p.values.assign(t.values().begin(), t.values().begin() + long(t.shape().sample_size()));
  return p;
}

// Forward (Train, so backward may follow) and backward of all-ones.
void pool_both_ways(Layer& pool, const Tensor& x, Grid& out, Grid& back) {
  pool.build(Shape{1, x.shape().c, x.shape().h, x.shape().w});
  const Tensor y = pool.forward(x, Mode::Train);
  out = to_grid(y);
  back = to_grid(pool.backward(Tensor(y.shape(), 1.f)));
}

}  // namespace

PoolGrid pool_grid(const PoolGridSettings& s) {
  check_grid(s.input, "the input");
  if (s.size < 1 || s.stride < 1 || s.pad < 0 || s.pad >= s.size)
    throw Error("pooling needs size >= 1, stride >= 1 and 0 <= pad < size");
  const Tensor x = to_tensor(s.input);
  PoolGrid r;
  MaxPool2D maxpool(s.size, s.stride, s.pad);
  AvgPool2D avgpool(s.size, s.stride, s.pad);
  pool_both_ways(maxpool, x, r.max, r.max_backward);
  pool_both_ways(avgpool, x, r.avg, r.avg_backward);
  // One backward per output element, with a gradient of 1 there only.
  const Shape out{1, 1, int(r.max.size()), int(r.max[0].size())};
  const int w = x.shape().w;
  r.argmax.assign(r.max.size(), std::vector<std::pair<int, int>>(r.max[0].size()));
  for (int oy = 0; oy < out.h; ++oy)
    for (int ox = 0; ox < out.w; ++ox) {
      maxpool.forward(x, Mode::Train);
      Tensor dy(out);
      dy.at(0, 0, oy, ox) = 1.f;
      const Tensor dx = maxpool.backward(dy);
      for (size_t i = 0; i < dx.size(); ++i)
        if (dx[i] != 0.f) r.argmax[size_t(oy)][size_t(ox)] = {int(i) / w, int(i) % w};
    }
  return r;
}

PoolPhoto pool_photo(const Image& photo, const PoolPhotoSettings& s) {
  if (s.size < 8 || s.size > 256) throw Error("size must be in [8, 256]");
  if (s.pool < 1 || s.pool > s.size) throw Error("pool must be in [1, size]");
  const std::vector<uint8_t> grey = resize_square(photo, s.size, 1);
  Tensor x(Shape{1, 1, s.size, s.size});
  for (size_t i = 0; i < grey.size(); ++i) x[i] = float(grey[i]) / 255.f;

  float k[3][3];
  if (s.filter == "vertical") {
    const float f[3][3] = {{1, 0, -1}, {2, 0, -2}, {1, 0, -1}};
    std::copy(&f[0][0], &f[0][0] + 9, &k[0][0]);
  } else if (s.filter == "horizontal") {
    const float f[3][3] = {{1, 2, 1}, {0, 0, 0}, {-1, -2, -1}};
    std::copy(&f[0][0], &f[0][0] + 9, &k[0][0]);
  } else if (s.filter == "blur") {
    for (auto& row : k)
      for (float& v : row) v = 1.f / 9.f;
  } else {
    throw Error("unknown filter '" + s.filter + "': choose vertical, horizontal or blur");
  }
  Conv2D conv(1, 3, 1, 1);
  conv.build(x.shape());
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 3; ++j) conv.params()[0]->value.at(0, 0, i, j) = k[i][j];
  ReLU relu;
  relu.build(x.shape());
  const Tensor feature = relu.forward(conv.forward(x, Mode::Eval), Mode::Eval);
  MaxPool2D maxpool(s.pool, s.pool);
  AvgPool2D avgpool(s.pool, s.pool);
  maxpool.build(feature.shape());
  avgpool.build(feature.shape());
  PoolPhoto r;
  r.input = to_picture(x);
  r.feature = to_picture(feature);
  r.max = to_picture(maxpool.forward(feature, Mode::Eval));
  r.avg = to_picture(avgpool.forward(feature, Mode::Eval));
  return r;
}

}  // namespace barnlab
