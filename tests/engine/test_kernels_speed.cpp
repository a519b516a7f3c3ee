// The kernels of issue 12 (speed) against the ones they replaced, kept
// selectable as the reference (ops/profile.h): the per-image convolution,
// the compact 2x2 max-pool, the skipped input gradient of a first
// convolution, and the step profile's bookkeeping.
#include <memory>

#include "check.h"
#include "kernels_guard.h"
#include "random_tensor.h"
#include "layers/batch_norm.h"
#include "layers/conv2d.h"
#include "layers/max_pool2d.h"
#include "layers/relu.h"
#include "model/model.h"
#include "ops/parallel.h"
#include "ops/profile.h"
#include "optimizers/optimizer.h"
#include "train/step_bench.h"

using namespace barnlab;
using barnlab::test::check_tensor;
using barnlab::test::KernelsGuard;
using barnlab::test::LayerRun;
using barnlab::test::randn;

namespace {

LayerRun run_layer(Layer& layer, const Tensor& x, const Tensor& dy, bool reference) {
  profile::set_reference_kernels(reference);
  for (Param* p : layer.params()) p->grad.fill(0.f);
  LayerRun r;
  r.y = layer.forward(x, Mode::Train);
  r.dx = layer.backward(dy);
  for (Param* p : layer.params()) r.grads.push_back(p->grad);
  return r;
}

}  // namespace

TEST_CASE("conv: per-image kernels equal the batch GEMM, 1 and 2 threads", "[conv][speed]") {
  KernelsGuard guard;
  struct Case {
    int filters, kernel, stride, pad, c, h, w, n;
  };
  for (const Case& k : {Case{8, 3, 1, 1, 3, 12, 12, 5}, Case{6, 5, 2, 2, 4, 11, 9, 3},
                        Case{4, 1, 1, 0, 2, 6, 6, 1}}) {
    Conv2D conv(k.filters, k.kernel, k.stride, k.pad);
    const Shape out = conv.build({1, k.c, k.h, k.w});
    Rng rng(3);
    conv.init_params(Init{}, rng);
    conv.params()[1]->value = randn(conv.params()[1]->value.shape(), 9);
    const Tensor x = randn({k.n, k.c, k.h, k.w}, 11);
    const Tensor dy = randn({k.n, out.c, out.h, out.w}, 12);
    const LayerRun want = run_layer(conv, x, dy, true);
    for (int threads : {1, 2}) {
      set_num_threads(threads);
      const LayerRun got = run_layer(conv, x, dy, false);
      check_tensor(got.y, want.y, 1e-5f);
      check_tensor(got.dx, want.dx, 1e-5f);
      check_tensor(got.grads[0], want.grads[0], 1e-4f);
      check_tensor(got.grads[1], want.grads[1], 1e-4f);
    }
  }
}

TEST_CASE("conv: without the input gradient, the same parameter gradients", "[conv][speed]") {
  KernelsGuard guard;
  Conv2D conv(5, 3, 1, 1);
  conv.build({1, 3, 8, 8});
  Rng rng(5);
  conv.init_params(Init{}, rng);
  const Tensor x = randn({4, 3, 8, 8}, 1), dy = randn({4, 5, 8, 8}, 2);
  const LayerRun full = run_layer(conv, x, dy, false);
  conv.set_input_gradient(false);
  const LayerRun skipped = run_layer(conv, x, dy, false);
  conv.set_input_gradient(true);
  CHECK(skipped.dx.empty());
  check_tensor(skipped.grads[0], full.grads[0], 0.f);
  check_tensor(skipped.grads[1], full.grads[1], 0.f);
}

TEST_CASE("maxpool: the compact 2x2 path equals the general one, ties included",
          "[layers][speed]") {
  KernelsGuard guard;
  MaxPool2D pool(2, 2, 0);
  const Shape out = pool.build({1, 3, 10, 7});  // odd width: the last column is never a winner
  Tensor x = randn({2, 3, 10, 7}, 4);
  // Ties everywhere in the first plane: the first maximum in row-major order wins.
  for (int i = 0; i < 70; ++i) x[size_t(i)] = float(i % 3 == 0);
  const Tensor dy = randn({2, out.c, out.h, out.w}, 6);
  const LayerRun want = run_layer(pool, x, dy, true);
  const LayerRun got = run_layer(pool, x, dy, false);
  check_tensor(got.y, want.y, 0.f);
  check_tensor(got.dx, want.dx, 0.f);
}

TEST_CASE("batchnorm: the per-plane kernels equal the reference loops, train and frozen",
          "[layers][bn][speed]") {
  KernelsGuard guard;
  for (const Shape in : {Shape{5, 4, 7, 9}, Shape{6, 3, 1, 1}}) {
    for (Mode mode : {Mode::Train, Mode::Frozen}) {
      // Per-channel offsets and scales, so that mean and variance matter.
      Tensor x = randn(in, 21);
      const size_t hw = size_t(in.h) * in.w;
      for (size_t i = 0; i < x.size(); ++i) x[i] = x[i] * float(1 + (i / hw) % in.c) + 3.f;
      const Tensor dy = randn(in, 22);
      auto make = [&] {
        auto bn = std::make_unique<BatchNorm>();
        bn->build({1, in.c, in.h, in.w});
        bn->params()[0]->value = randn({1, in.c, 1, 1}, 23);
        bn->params()[1]->value = randn({1, in.c, 1, 1}, 24);
        return bn;
      };
      auto want_bn = make();
      profile::set_reference_kernels(true);
      const Tensor want_y = want_bn->forward(x, mode), want_dx = want_bn->backward(dy);
      for (int threads : {1, 2}) {
        set_num_threads(threads);
        auto got_bn = make();
        profile::set_reference_kernels(false);
        const Tensor y = got_bn->forward(x, mode), dx = got_bn->backward(dy);
        check_tensor(y, want_y, 1e-5f);
        check_tensor(dx, want_dx, 1e-5f);
        for (size_t p = 0; p < 2; ++p)
          check_tensor(got_bn->params()[p]->grad, want_bn->params()[p]->grad, 1e-4f);
        const std::vector<Buffer> want_buf = want_bn->buffers(), got_buf = got_bn->buffers();
        for (size_t b = 0; b < want_buf.size(); ++b)
          check_tensor(*got_buf[b].value, *want_buf[b].value, 1e-6f);
      }
    }
  }
}

TEST_CASE("batchnorm: given its input and gradient, the same bits as keeping xhat, ReLU fused or not",
          "[layers][bn][speed]") {
  KernelsGuard guard;
  profile::set_reference_kernels(false);
  // 72-value planes (whole groups of eight) and 35-value ones (a tail).
  for (const Shape in : {Shape{5, 4, 8, 9}, Shape{4, 3, 5, 7}}) {
    for (bool fused : {false, true}) {
      for (int threads : {1, 2}) {
        set_num_threads(threads);
        Tensor x = randn(in, 31);
        const size_t hw = size_t(in.h) * in.w;
        for (size_t i = 0; i < x.size(); ++i) x[i] = x[i] * float(1 + (i / hw) % in.c) - 2.f;
        const Tensor dy = randn(in, 32);
        struct Run {
          Tensor y, dx, dgamma, dbeta, running_mean;
        };
        auto run = [&](bool owning) {
          BatchNorm bn;
          bn.build({1, in.c, in.h, in.w});
          bn.params()[0]->value = randn({1, in.c, 1, 1}, 33);
          bn.params()[1]->value = randn({1, in.c, 1, 1}, 34);
          ReLU relu;
          relu.build(in);
          if (fused) bn.fuse_relu_once(&relu);
          Run r;
          r.y = owning ? bn.forward_owning(Tensor(x), Mode::Train) : bn.forward(x, Mode::Train);
          r.dx = owning ? bn.backward_owning(Tensor(dy)) : bn.backward(dy);
          r.dgamma = bn.params()[0]->grad;
          r.dbeta = bn.params()[1]->grad;
          r.running_mean = *bn.buffers()[0].value;
          return r;
        };
        const Run want = run(false), got = run(true);
        check_tensor(got.y, want.y, 0.f);
        check_tensor(got.dx, want.dx, 0.f);
        check_tensor(got.dgamma, want.dgamma, 0.f);
        check_tensor(got.dbeta, want.dbeta, 0.f);
        check_tensor(got.running_mean, want.running_mean, 0.f);
      }
    }
  }
}

TEST_CASE("relu: split over two threads, the same output and gradient", "[layers][speed]") {
  KernelsGuard guard;
  // 300,001 values: more than two 64K pieces, and a ragged last piece.
  const Tensor x = randn({1, 1, 1, 300001}, 31), dy = randn({1, 1, 1, 300001}, 32);
  std::vector<Tensor> out;
  for (int threads : {1, 2}) {
    set_num_threads(threads);
    ReLU relu;
    relu.build({1, 1, 1, 300001});
    out.push_back(relu.forward(x, Mode::Train));
    out.push_back(relu.backward(dy));
  }
  for (size_t i = 0; i < x.size(); ++i) {
    if (out[0][i] != (x[i] > 0.f ? x[i] : 0.f) || out[1][i] != (x[i] > 0.f ? dy[i] : 0.f)) {
      FAIL("relu differs from max(x, 0) at " << i);
    }
  }
  check_tensor(out[2], out[0], 0.f);
  check_tensor(out[3], out[1], 0.f);
}

TEST_CASE("model: a training step with the first conv's input gradient skipped",
          "[model][speed]") {
  KernelsGuard guard;
  // Same losses and weights after three Adam steps with both kernels; and
  // input_gradient() still returns dL/dx of the first convolution after it.
  std::vector<std::vector<float>> weights;
  for (bool reference : {true, false}) {
    profile::set_reference_kernels(reference);
    Model m = Model::preset("farm-small", 3, 16, {"a", "b", "c"}, -1.f, 3);
    auto opt = make_optimizer(OptimizerConfig{});
    const Tensor x = randn(m.input_shape(4), 8);
    for (int step = 0; step < 3; ++step) {
      m.forward_backward(x, std::vector<int>{0, 1, 2, 1}, uint64_t(step));
      opt->step(m.params());
    }
    std::vector<float> all;
    for (const Param* p : static_cast<const Model&>(m).params())
      all.insert(all.end(), p->value.values().begin(), p->value.values().end());
    weights.push_back(all);
    const Tensor g = m.input_gradient(x, 0);
    CHECK(g.shape() == x.shape());
  }
  REQUIRE(weights[0].size() == weights[1].size());
  double worst = 0;
  for (size_t i = 0; i < weights[0].size(); ++i)
    worst = std::max(worst, double(std::abs(weights[0][i] - weights[1][i])));
  CHECK(worst < 1e-5);
}

TEST_CASE("step profile: every layer's passes, the GEMMs inside them", "[model][speed]") {
  KernelsGuard guard;
  BenchWorkload w = bench_workload("farm-small");
  w.batch = 2;
  const StepBench b = run_step_bench(w, 2, 0, true);
  REQUIRE(b.ms.size() == 2);
  int conv_fwd = 0, conv_bwd = 0, update = 0;
  for (const auto& r : b.rows) {
    const bool conv = r.label.find("conv") != std::string::npos;
    if (conv && r.phase == "fwd") conv_fwd += int(r.gemms.size());
    if (conv && r.phase == "bwd") conv_bwd += int(r.gemms.size());
    update += r.phase == "update";
    CHECK(r.gemm_seconds() <= r.seconds * 1.001 + 1e-6);
  }
  CHECK(conv_fwd == 3);
  CHECK(conv_bwd == 5);  // weight gradients for 3, input gradients for 2 (not the first)
  CHECK(update == 1);
  CHECK(b.gemm_ms > 0);
  CHECK(b.gemm_ms <= b.min_ms * 1.001);
  // farm-small's GEMMs at 64 px, batch 2: forward 2 x 23,463,168 FLOP
  // (farm-small.md's 23.4 M: convs 3,538,944 + 2 x 9,437,184, affines
  // 1,048,576 + 1,280), the weight gradients as much, the input gradients as
  // much less conv1's.
  CHECK(b.gemm_gflop == Approx(2 * (3 * 23463168.0 - 3538944.0) * 1e-9).epsilon(1e-6));
  CHECK_THROWS_WITH(bench_workload("huge"), Catch::Contains("farm-small, fast, balanced, accurate"));
}

TEST_CASE("adam and adamw: split over two threads, the same bits", "[optimizers][speed]") {
  KernelsGuard guard;
  for (const char* name : {"adam", "adamw"}) {
    std::vector<Tensor> values;
    for (int threads : {1, 2}) {
      set_num_threads(threads);
      Param p;
      p.name = "w";
      p.value = randn({1, 1, 1, 70001}, 41);  // 35 pieces of 2048, a ragged last one
      OptimizerConfig cfg;
      cfg.name = name;
      cfg.weight_decay = 0.01f;
      auto opt = make_optimizer(cfg);
      for (int step = 0; step < 3; ++step) {
        p.grad = randn(p.value.shape(), 42 + uint64_t(step));
        opt->step({&p});
      }
      values.push_back(p.value);
    }
    INFO(name);
    check_tensor(values[1], values[0], 0.f);
    CHECK(values[0].values() != randn({1, 1, 1, 70001}, 41).values());  // it moved
  }
}
