// GEMM throughput of farm-small's products (docs: /work/shared/bench/
// farm-small.md; batch-in-columns layout of engine/ops/im2col.h), one thread,
// Eigen vs the wasm-SIMD kernels of engine/ops/gemm_simd.cpp and vs gemm()'s
// dispatch. Prints GFLOP/s of the fastest of the timed repetitions (robust
// on a shared, loaded machine). Build and run (NODE_PATH=/usr/share/nodejs):
//   em++ -std=c++17 -O3 -msimd128 -Iengine -I/usr/include/eigen3 \
//     -DEIGEN_DONT_PARALLELIZE -DEIGEN_NO_DEBUG tests/wasm/gemm_bench.cpp \
//     engine/ops/{gemm,gemm_simd,parallel}.cpp -sALLOW_MEMORY_GROWTH=1 \
//     -sSINGLE_FILE=1 -o gemm_bench.js && node gemm_bench.js
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <random>
#include <vector>

#include "ops/gemm.h"
#include "ops/gemm_kernel.h"

using barnlab::detail::SimdPath;

namespace {

struct Shape {
  const char* name;
  bool ta, tb;
  int m, n, k;
};

double now() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

// Best GFLOP/s of fn over repetitions lasting about 0.4 s (after a warm-up).
template <class F>
double gflops(const Shape& s, F fn) {
  fn();
  std::vector<double> t;
  const double start = now();
  while (t.size() < 3 || (now() - start < 0.4 && t.size() < 200)) {
    const double t0 = now();
    fn();
    t.push_back(now() - t0);
  }
  return 2.0 * s.m * s.n * s.k / *std::min_element(t.begin(), t.end()) * 1e-9;
}

}  // namespace

int main() {
  const int N = 32;
  const Shape shapes[] = {
      {"conv1 fwd  W*col", false, false, 16, N * 4096, 27},
      {"conv1 dW   dY*col^T", false, true, 16, 27, N * 4096},
      {"conv1 dcol W^T*dY", true, false, 27, N * 4096, 16},
      {"conv2 fwd  W*col", false, false, 32, N * 1024, 144},
      {"conv2 dW   dY*col^T", false, true, 32, 144, N * 1024},
      {"conv2 dcol W^T*dY", true, false, 144, N * 1024, 32},
      {"conv3 fwd  W*col", false, false, 64, N * 256, 288},
      {"conv3 dW   dY*col^T", false, true, 64, 288, N * 256},
      {"conv3 dcol W^T*dY", true, false, 288, N * 256, 64},
      {"fc1 fwd    X*W", false, false, 32, 128, 4096},
      {"fc1 dX     dY*W^T", false, true, 32, 4096, 128},
      {"fc1 dW     X^T*dY", true, false, 4096, 128, 32},
      {"fc2 fwd    X*W", false, false, 32, 5, 128},
      {"fc2 dX     dY*W^T", false, true, 32, 128, 5},
      {"fc2 dW     X^T*dY", true, false, 128, 5, 32},
      {"fc1 predict 1 image", false, false, 1, 128, 4096},
  };
  std::mt19937 rng(1);
  std::uniform_real_distribution<float> u(-1.f, 1.f);
  std::printf("%-20s %5s %6s %6s %6s | %7s %7s %7s %7s %7s %7s\n", "GFLOP/s (1 thread)", "op",
              "m", "n", "k", "eigen", "packed", "directB", "dot", "auto", "gemm()");
  double t_eigen = 0, t_best = 0, t_gemm = 0;
  for (const Shape& s : shapes) {
    const int ar = s.ta ? s.k : s.m, ac = s.ta ? s.m : s.k;
    const int br = s.tb ? s.n : s.k, bc = s.tb ? s.k : s.n;
    std::vector<float> a(size_t(ar) * ac), b(size_t(br) * bc), c(size_t(s.m) * s.n);
    for (auto& x : a) x = u(rng);
    for (auto& x : b) x = u(rng);
    auto run = [&](int path) {
      return gflops(s, [&] {
        if (path < 0)
          barnlab::detail::gemm_eigen(s.ta, s.tb, s.m, s.n, s.k, 1.f, a.data(), ac, b.data(),
                                      bc, 0.f, c.data(), s.n);
        else if (path == 4)
          barnlab::gemm(s.ta, s.tb, s.m, s.n, s.k, 1.f, a.data(), ac, b.data(), bc, 0.f,
                        c.data(), s.n);
        else
          barnlab::detail::gemm_simd(s.ta, s.tb, s.m, s.n, s.k, 1.f, a.data(), ac, b.data(), bc,
                                     0.f, c.data(), s.n, SimdPath(path));
      });
    };
    const double e = run(-1), p = run(1), d = s.tb ? 0 : run(2), dot = !s.ta && s.tb ? run(3) : 0;
    const double au = run(0), g = run(4);
    const char* op = s.ta ? (s.tb ? "TT" : "TN") : (s.tb ? "NT" : "NN");
    auto cell = [](double v) {
      static char buf[8][16];
      static int i = 0;
      char* out = buf[i++ % 8];
      if (v > 0)
        std::snprintf(out, 16, "%7.1f", v);
      else
        std::snprintf(out, 16, "%7s", "-");
      return out;
    };
    std::printf("%-20s %5s %6d %6d %6d | %s %s %s %s %s %s\n", s.name, op, s.m, s.n, s.k, cell(e),
                cell(p), cell(d), cell(dot), cell(au), cell(g));
    const double f = 2.0 * s.m * s.n * s.k * 1e-9;
    t_eigen += f / e;
    t_best += f / std::max({e, p, d, dot});
    t_gemm += f / g;
  }
  std::printf("sum of the products: eigen %.1f ms, gemm() %.1f ms, best-of-all %.1f ms\n",
              t_eigen * 1e3, t_gemm * 1e3, t_best * 1e3);
  return 0;
}
