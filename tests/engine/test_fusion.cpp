// Run-time fusion (model/fusion.h) and the outputs left uninitialised
// (Tensor::uninitialized): a convolution or BatchNorm that computes the
// ReLU after it gives the same bits as the two layers run one by one, in
// every mode, at 1 and 2 threads, and the ReLU's cached mask is the same.
#include <algorithm>
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
  for (const Layer* l : m.layers())
    if (auto* relu = dynamic_cast<const ReLU*>(l))
      for (uint8_t b : relu->mask()) all.push_back(b);
  return all;
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

TEST_CASE("fusion: farm-small and farm-res steps equal unfused, bit for bit",
          "[fusion][model][speed]") {
  KernelsGuard guard;
  for (const char* arch : {"farm-small", "farm-res"}) {
    for (int threads : {1, 2}) {
      set_num_threads(threads);
      std::vector<std::vector<float>> figures;
      std::vector<Tensor> probabilities, input_grads;
      for (bool fusion : {false, true}) {
        set_runtime_fusion(fusion);
        Model m = Model::preset(arch, 3, 16, {"a", "b", "c"}, -1.f, 3);
        const Tensor x = randn(m.input_shape(3), 9);
        auto opt = make_optimizer(OptimizerConfig{});
        step_figures(m, x, {0, 1, 2});
        opt->step(m.params());
        figures.push_back(step_figures(m, x, {2, 1, 0}));
        probabilities.push_back(m.predict(x));
        input_grads.push_back(m.input_gradient(x, 1));
      }
      INFO(arch << " at " << threads << " threads");
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
