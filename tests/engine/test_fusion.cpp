// Run-time fusion (model/fusion.h) and the outputs left uninitialised
// (Tensor::uninitialized): a convolution or BatchNorm that computes the
// ReLU after it gives the same bits as the two layers run one by one, in
// every mode, at 1 and 2 threads, and the ReLU's cached mask is the same;
// so does a convolution that also runs the 2x2 max-pool after its ReLU.
#include <algorithm>
#include <cstring>
#include <memory>

#include "check.h"
#include "kernels_guard.h"
#include "random_tensor.h"
#include "layers/batch_norm.h"
#include "layers/conv2d.h"
#include "layers/max_pool2d.h"
#include "layers/relu.h"
#include "model/fusion.h"
#include "model/model.h"
#include "ops/parallel.h"
#include "ops/profile.h"
#include "optimizers/optimizer.h"

using namespace barnlab;
using namespace barnlab::test;  // check_tensor, randn, KernelsGuard, LayerRun

namespace {

// layer then relu, fused or one by one; a training forward and its backward.
LayerRun run_pair(Layer& layer, ReLU& relu, const Tensor& x, const Tensor& dy, bool fused) {
  for (Param* p : layer.params()) p->grad.fill(0.f);
  LayerRun r;
  if (fused) {
    dynamic_cast<ReLUFusable&>(layer).fuse_relu_once(&relu);
    r.y = layer.forward(x, Mode::Train);
    r.dx = layer.backward(dy);
  } else {
    r.y = relu.forward(layer.forward(x, Mode::Train), Mode::Train);
    r.dx = layer.backward(relu.backward(dy));
  }
  r.mask = Tensor(r.y.shape());
  for (size_t i = 0; i < r.y.size(); ++i) r.mask[i] = relu.mask()[i];
  for (Param* p : layer.params()) r.grads.push_back(p->grad);
  return r;
}

void check_same(const LayerRun& got, const LayerRun& want) {
  check_tensor(got.y, want.y, 0.f);
  check_tensor(got.dx, want.dx, 0.f);
  check_tensor(got.mask, want.mask, 0.f);
  REQUIRE(got.grads.size() == want.grads.size());
  for (size_t i = 0; i < got.grads.size(); ++i) check_tensor(got.grads[i], want.grads[i], 0.f);
}

// The model's parameters and gradients after a step, and its outputs.
std::vector<float> step_figures(Model& m, const Tensor& x, const std::vector<int>& labels) {
  Tensor out;
  const float loss = m.forward_backward(x, labels, 7, &out);
  std::vector<float> all{loss};
  all.insert(all.end(), out.values().begin(), out.values().end());
  for (const Param* p : static_cast<const Model&>(m).params())
    all.insert(all.end(), p->grad.values().begin(), p->grad.values().end());
  // A ReLU fused with the 2x2 pool after it writes no mask (model/fusion.h).
  const std::vector<const Layer*> layers = m.layers();
  for (size_t i = 0; i < layers.size(); ++i) {
    auto* relu = dynamic_cast<const ReLU*>(layers[i]);
    auto* pool = i + 1 < layers.size() ? dynamic_cast<const MaxPool2D*>(layers[i + 1]) : nullptr;
    if (relu && !(pool && pool->two_by_two()))
      for (uint8_t b : relu->mask()) all.push_back(b);
  }
  return all;
}

// The same bits (check_tensor takes -0 for +0).
void check_bits(const Tensor& got, const Tensor& want) {
  REQUIRE(got.shape() == want.shape());
  CHECK(std::memcmp(got.data(), want.data(), got.size() * sizeof(float)) == 0);
}

struct PoolRun {
  LayerRun run;
  std::vector<uint16_t> argmax;
  Tensor pool_dx;  // the pool layer's own backward after the forward
};

// conv, relu, pool: fused (Conv2D::fuse_relu_pool_once) or one by one; a
// training forward and its backward.
PoolRun run_triple(Conv2D& conv, ReLU& relu, MaxPool2D& pool, const Tensor& x, const Tensor& dy,
                   bool fused) {
  for (Param* p : conv.params()) p->grad.fill(0.f);
  PoolRun r;
  if (fused) {
    conv.fuse_relu_pool_once(&relu, &pool);
    r.run.y = conv.forward(x, Mode::Train);
    if (!profile::reference_kernels()) CHECK(relu.mask().empty());
  } else {
    r.run.y = pool.forward(relu.forward(conv.forward(x, Mode::Train), Mode::Train), Mode::Train);
  }
  r.argmax = pool.argmax();
  r.pool_dx = pool.backward(dy);
  r.run.dx = conv.backward(fused ? dy : relu.backward(r.pool_dx));
  for (Param* p : conv.params()) r.run.grads.push_back(p->grad);
  return r;
}

}  // namespace

TEST_CASE("fusion: conv + relu in one pass, the same bits as one by one", "[fusion][speed]") {
  KernelsGuard guard;
  for (int threads : {1, 2, 0}) {  // 0: the reference kernels, 1 thread
    profile::set_reference_kernels(threads == 0);
    set_num_threads(std::max(1, threads));
    Conv2D conv(6, 3, 1, 1);
    const Shape out = conv.build({1, 3, 9, 10});
    Rng rng(5);
    conv.init_params(Init{}, rng);
    conv.params()[1]->value = randn(conv.params()[1]->value.shape(), 6);
    ReLU relu;
    relu.build(out);
    const Tensor x = randn({3, 3, 9, 10}, 7), dy = randn({3, out.c, out.h, out.w}, 8);
    const LayerRun want = run_pair(conv, relu, x, dy, false);
    check_same(run_pair(conv, relu, x, dy, true), want);
    // Evaluation: max(y, 0), no mask needed, and the next forward is plain.
    conv.fuse_relu_once(&relu);
    check_tensor(conv.forward(x, Mode::Eval), want.y, 0.f);
    CHECK(conv.forward(x, Mode::Eval).values() != want.y.values());
  }
}

TEST_CASE("fusion: batchnorm + relu in one pass, train, frozen, reference kernels",
          "[fusion][bn][speed]") {
  KernelsGuard guard;
  for (bool reference : {false, true}) {
    profile::set_reference_kernels(reference);
    for (int threads : {1, 2}) {
      set_num_threads(threads);
      const Shape in{4, 3, 5, 7};  // 35-value planes: every offset from a 64-byte boundary
      BatchNorm bn;
      bn.build({1, in.c, in.h, in.w});
      bn.params()[0]->value = randn({1, in.c, 1, 1}, 11);
      bn.params()[1]->value = randn({1, in.c, 1, 1}, 12);
      ReLU relu;
      relu.build(in);
      const Tensor x = randn(in, 13), dy = randn(in, 14);
      const LayerRun want = run_pair(bn, relu, x, dy, false);
      check_same(run_pair(bn, relu, x, dy, true), want);
      // Frozen (fixed statistics, caches for backward) and Eval.
      const Tensor frozen_y = relu.forward(bn.forward(x, Mode::Frozen), Mode::Frozen);
      const Tensor frozen_dx = bn.backward(relu.backward(dy));
      bn.fuse_relu_once(&relu);
      check_tensor(bn.forward(x, Mode::Frozen), frozen_y, 0.f);
      check_tensor(bn.backward(dy), frozen_dx, 0.f);
      const Tensor eval_y = relu.forward(bn.forward(x, Mode::Eval), Mode::Eval);
      bn.fuse_relu_once(&relu);
      check_tensor(bn.forward(x, Mode::Eval), eval_y, 0.f);
    }
  }
}

TEST_CASE("fusion: farm-small, farm-res, lenet, simple-convnet steps equal unfused, bit for bit",
          "[fusion][model][speed]") {
  KernelsGuard guard;
  struct Net {
    const char* arch;
    int size, batch;
  };
  // farm-small at 18 px: 9 x 9 maps, pooled with a row and a column left over.
  for (const Net net : {Net{"farm-small", 16, 3}, Net{"farm-res", 16, 3},
                        Net{"farm-small", 18, 1}, Net{"lenet", 16, 2},
                        Net{"simple-convnet", 12, 3}}) {
    const char* arch = net.arch;
    for (int threads : {1, 2}) {
      set_num_threads(threads);
      std::vector<std::vector<float>> figures;
      std::vector<Tensor> probabilities, input_grads;
      for (bool fusion : {false, true}) {
        set_runtime_fusion(fusion);
        Model m = Model::preset(arch, 3, net.size, {"a", "b", "c"}, -1.f, 3);
        const Tensor x = randn(m.input_shape(net.batch), 9);
        std::vector<int> labels{0, 1, 2}, reversed{2, 1, 0};
        labels.resize(size_t(net.batch));
        reversed.resize(size_t(net.batch));
        auto opt = make_optimizer(OptimizerConfig{});
        step_figures(m, x, labels);
        opt->step(m.params());
        figures.push_back(step_figures(m, x, reversed));
        probabilities.push_back(m.predict(x));
        input_grads.push_back(m.input_gradient(x, 1));
      }
      INFO(arch << " at " << net.size << " px, batch " << net.batch << ", " << threads
                << " threads");
      REQUIRE(figures[0].size() == figures[1].size());
      check_tensor(Tensor({1, 1, 1, int(figures[1].size())}, figures[1]),
                   Tensor({1, 1, 1, int(figures[0].size())}, figures[0]), 0.f);
      check_tensor(probabilities[1], probabilities[0], 0.f);
      check_tensor(input_grads[1], input_grads[0], 0.f);
    }
  }
}

TEST_CASE("maxpool: 2x2 windows that tile the plane, gradient written without zeroing",
          "[layers][speed]") {
  KernelsGuard guard;
  MaxPool2D pool(2, 2, 0);
  const Shape out = pool.build({1, 2, 6, 8});
  Tensor x = randn({3, 2, 6, 8}, 15);
  for (int i = 0; i < 48; ++i) x[size_t(i)] = float(i % 2);  // ties in the first plane
  const Tensor dy = randn({3, out.c, out.h, out.w}, 16);
  profile::set_reference_kernels(true);
  const Tensor want_y = pool.forward(x, Mode::Train), want_dx = pool.backward(dy);
  profile::set_reference_kernels(false);
  for (int round = 0; round < 2; ++round) {  // the second reuses freed, non-zero memory
    check_tensor(pool.forward(x, Mode::Train), want_y, 0.f);
    check_tensor(pool.backward(dy), want_dx, 0.f);
  }
}

TEST_CASE("fusion: an input that fails its check leaves the next forward unfused",
          "[fusion][speed]") {
  KernelsGuard guard;
  Conv2D conv(2, 3, 1, 1);
  conv.build({1, 1, 4, 4});
  Rng rng(1);
  conv.init_params(Init{}, rng);
  ReLU relu;
  relu.build({1, 2, 4, 4});
  conv.fuse_relu_once(&relu);
  CHECK_THROWS(conv.forward(randn({1, 3, 4, 4}, 2), Mode::Eval));  // 3 channels, built for 1
  const Tensor x = randn({1, 1, 4, 4}, 3);
  const Tensor y = conv.forward(x, Mode::Eval);
  bool negative = false;
  for (size_t i = 0; i < y.size(); ++i) negative = negative || y[i] < 0.f;
  CHECK(negative);  // not max(y, 0): the ReLU was armed for the failed call only
}

TEST_CASE("fusion: conv + relu + 2x2 max-pool per image, the same bits as one by one",
          "[fusion][pool][speed]") {
  KernelsGuard guard;
  struct Case {
    int n, c, h, w, filters, kernel, stride, pad;
  };
  // Tiling and odd planes (a row or column no window covers), batch 1 and
  // odd batches, planes of fewer and more than 16 values (sum_lanes' tail).
  const Case cases[] = {{3, 3, 9, 10, 6, 3, 1, 1}, {1, 2, 8, 8, 4, 3, 1, 1},
                        {5, 3, 11, 7, 5, 3, 2, 1}, {2, 2, 10, 9, 4, 3, 1, 1},
                        {3, 1, 7, 7, 3, 2, 1, 0}, {2, 3, 20, 18, 8, 3, 1, 1}};
  for (const Case& k : cases)
    for (int threads : {1, 2, 0}) {  // 0: the reference kernels (one by one inside), 1 thread
      INFO("case " << k.n << "x" << k.c << "x" << k.h << "x" << k.w << " at " << threads);
      profile::set_reference_kernels(threads == 0);
      set_num_threads(std::max(1, threads));
      Conv2D conv(k.filters, k.kernel, k.stride, k.pad);
      const Shape out = conv.build({1, k.c, k.h, k.w});
      Rng rng(21);
      conv.init_params(Init{}, rng);
      conv.params()[1]->value = randn(conv.params()[1]->value.shape(), 22);
      ReLU relu;
      relu.build(out);
      MaxPool2D pool(2, 2, 0);
      const Shape pooled = pool.build(out);
      Tensor x = randn({k.n, k.c, k.h, k.w}, 23);
      // A zero image region: outputs equal to the bias there, so windows tie.
      for (int i = 0; i < k.h * k.w / 2; ++i) x[size_t(i)] = 0.f;
      Tensor dy = randn({k.n, pooled.c, pooled.h, pooled.w}, 24);
      dy[0] = -0.f;  // +0 where a window is not tiled, as the pool's general path
      dy[dy.size() - 1] = -0.f;
      const PoolRun want = run_triple(conv, relu, pool, x, dy, false);
      const PoolRun got = run_triple(conv, relu, pool, x, dy, true);
      check_same(got.run, want.run);
      check_bits(got.run.y, want.run.y);
      check_bits(got.run.dx, want.run.dx);
      for (size_t i = 0; i < got.run.grads.size(); ++i)
        check_bits(got.run.grads[i], want.run.grads[i]);
      CHECK(got.argmax == want.argmax);
      check_tensor(got.pool_dx, want.pool_dx, 0.f);
      // Evaluation: the pooled max(y, 0), and the next forward is plain.
      const Tensor eval_y = pool.forward(relu.forward(conv.forward(x, Mode::Eval), Mode::Eval),
                                         Mode::Eval);
      check_tensor(eval_y, want.run.y, 0.f);
      conv.fuse_relu_pool_once(&relu, &pool);
      check_tensor(conv.forward(x, Mode::Eval), eval_y, 0.f);
      CHECK(conv.forward(x, Mode::Eval).shape().h == out.h);
    }
}

TEST_CASE("fusion: only a conv, its relu and a 2x2 stride-2 max-pool fuse as three",
          "[fusion][pool][speed]") {
  KernelsGuard guard;
  Conv2D conv(2, 3, 1, 1);
  const Shape out = conv.build({1, 1, 6, 6});
  ReLU relu;
  relu.build(out);
  MaxPool2D pool2(2, 2, 0), pool3(3, 2, 0), pool_s1(2, 1, 0), padded(2, 2, 1);
  for (MaxPool2D* p : {&pool2, &pool3, &pool_s1, &padded}) p->build(out);
  CHECK(fuse_following(conv, &relu, &pool2) == 2);
  conv.forward(randn({1, 1, 6, 6}, 1), Mode::Eval);  // disarms it
  CHECK(fuse_following(conv, &relu, &pool3) == 1);
  CHECK(fuse_following(conv, &relu, &pool_s1) == 1);
  CHECK(fuse_following(conv, &relu, &padded) == 1);
  CHECK(fuse_following(conv, &relu, nullptr) == 1);
  CHECK(fuse_following(conv, &pool2, &relu) == 0);  // no ReLU between
  conv.forward(randn({1, 1, 6, 6}, 1), Mode::Eval);
  BatchNorm bn;
  bn.build(out);
  CHECK(fuse_following(bn, &relu, &pool2) == 1);  // BatchNorm + ReLU only
  bn.forward(randn({2, 2, 6, 6}, 1), Mode::Eval);
  set_runtime_fusion(false);
  CHECK(fuse_following(conv, &relu, &pool2) == 0);
}

TEST_CASE("fusion: a pool fused into a conv that throws leaves the next forward unfused",
          "[fusion][pool][speed]") {
  KernelsGuard guard;
  Conv2D conv(2, 3, 1, 1);
  const Shape out = conv.build({1, 1, 4, 4});
  Rng rng(1);
  conv.init_params(Init{}, rng);
  ReLU relu;
  relu.build(out);
  MaxPool2D pool(2, 2, 0), wrong(2, 2, 0);
  pool.build(out);
  wrong.build({1, 2, 6, 6});
  conv.fuse_relu_pool_once(&relu, &pool);
  CHECK_THROWS(conv.forward(randn({1, 3, 4, 4}, 2), Mode::Train));  // 3 channels, built for 1
  conv.fuse_relu_pool_once(&relu, &wrong);
  CHECK_THROWS_WITH(conv.forward(randn({1, 1, 4, 4}, 2), Mode::Train),
                    Catch::Contains("cannot pool its output"));
  const Tensor x = randn({1, 1, 4, 4}, 3);
  const Tensor y = conv.forward(x, Mode::Train);
  CHECK(y.shape().h == 4);  // not pooled
  bool negative = false;
  for (size_t i = 0; i < y.size(); ++i) negative = negative || y[i] < 0.f;
  CHECK(negative);  // not max(y, 0)
  CHECK(conv.backward(randn(y.shape(), 4)).shape().h == 4);
}

TEST_CASE("fusion: a model's layer outputs stay whole with the conv-relu-pool fusion on",
          "[fusion][pool][model][speed]") {
  KernelsGuard guard;
  std::vector<std::vector<Tensor>> outputs;
  for (bool fusion : {false, true}) {
    set_runtime_fusion(fusion);
    Model m = Model::preset("farm-small", 3, 16, {"a", "b"}, -1.f, 3);
    const Tensor x = randn(m.input_shape(2), 9);
    m.predict(x);  // a fused forward first: nothing of it may leak into the next
    outputs.push_back(m.layer_outputs(x));
  }
  REQUIRE(outputs[0].size() == outputs[1].size());
  for (size_t i = 0; i < outputs[0].size(); ++i) check_tensor(outputs[1][i], outputs[0][i], 0.f);
  CHECK(outputs[1][1].shape().h == 16);  // the first ReLU's output, full size
}
