// Correctness check of the wasm-SIMD GEMM kernels (engine/ops/gemm_simd.cpp)
// and of gemm()'s dispatch against a naive double-precision reference, on
// random shapes: 1x1, odd sizes, K = 27, all four transpose combinations,
// alpha/beta variants (beta == 0 must ignore NaN in C), strided leading
// dimensions; built with -pthread, also gemm() split over two threads.
// Exits non-zero on the first mismatch, printing the first differing values
// and the largest difference. Build and run (NODE_PATH=/usr/share/nodejs):
//   em++ -std=c++17 -O2 -msimd128 -Iengine -I/usr/include/eigen3 \
//     tests/wasm/gemm_check.cpp engine/ops/{gemm,gemm_simd,parallel}.cpp \
//     -sALLOW_MEMORY_GROWTH=1 -sSINGLE_FILE=1 -o gemm_check.js && node gemm_check.js
//   (threads: add -pthread -sPTHREAD_POOL_SIZE=2 -sINITIAL_MEMORY=256MB and
//   drop ALLOW_MEMORY_GROWTH)
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <random>
#include <vector>

#include "ops/gemm.h"
#include "ops/gemm_kernel.h"
#include "ops/parallel.h"

using barnlab::detail::SimdPath;

namespace {

std::mt19937 rng(1234);

int pick(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); }

struct Case {
  bool ta, tb;
  int m, n, k;
  float alpha, beta;
  int pad_a, pad_b, pad_c;  // extra row stride
};

const char* path_name(int p) {
  static const char* names[] = {"auto", "packed", "directB", "dot", "gemm()"};
  return names[p];
}

// Runs one case with one path (0..3 SimdPath, 4 = barnlab::gemm); true if OK.
bool run(const Case& t, int path) {
  const int ar = t.ta ? t.k : t.m, ac = t.ta ? t.m : t.k;
  const int br = t.tb ? t.n : t.k, bc = t.tb ? t.k : t.n;
  const int lda = ac + t.pad_a, ldb = bc + t.pad_b, ldc = t.n + t.pad_c;
  std::uniform_real_distribution<float> u(-1.f, 1.f);
  std::vector<float> a(size_t(ar) * lda + 1), b(size_t(br) * ldb + 1), c(size_t(t.m) * ldc + 1);
  for (auto& x : a) x = u(rng);
  for (auto& x : b) x = u(rng);
  for (auto& x : c) x = t.beta == 0.f ? std::numeric_limits<float>::quiet_NaN() : u(rng);
  // Padding of C must stay untouched.
  for (int i = 0; i < t.m; ++i)
    for (int j = t.n; j < ldc; ++j) c[size_t(i) * ldc + j] = 12345.f;
  std::vector<double> ref(size_t(t.m) * t.n);
  double scale = 0;
  for (int i = 0; i < t.m; ++i)
    for (int j = 0; j < t.n; ++j) {
      double s = 0, sa = 0;
      for (int p = 0; p < t.k; ++p) {
        const double x = t.ta ? a[size_t(p) * lda + i] : a[size_t(i) * lda + p];
        const double y = t.tb ? b[size_t(j) * ldb + p] : b[size_t(p) * ldb + j];
        s += x * y;
        sa += std::fabs(x * y);
      }
      const double c0 = t.beta == 0.f ? 0.0 : double(c[size_t(i) * ldc + j]);
      ref[size_t(i) * t.n + j] = t.alpha * s + t.beta * c0;
      scale = std::max(scale, std::fabs(t.alpha) * sa + std::fabs(t.beta * c0));
    }
  if (path == 4)
    barnlab::gemm(t.ta, t.tb, t.m, t.n, t.k, t.alpha, a.data(), lda, b.data(), ldb, t.beta,
                  c.data(), ldc);
  else
    barnlab::detail::gemm_simd(t.ta, t.tb, t.m, t.n, t.k, t.alpha, a.data(), lda, b.data(), ldb,
                               t.beta, c.data(), ldc, SimdPath(path));
  const double tol = 1e-5 * (scale + 1) * std::sqrt(double(t.k) + 1);
  double worst = 0;
  int bad = 0, wi = 0, wj = 0;
  for (int i = 0; i < t.m; ++i) {
    for (int j = 0; j < t.n; ++j) {
      const double got = c[size_t(i) * ldc + j], want = ref[size_t(i) * t.n + j];
      const double d = std::isfinite(got) ? std::fabs(got - want) : INFINITY;
      if (d > worst) worst = d, wi = i, wj = j;
      if (d > tol && bad++ < 5)
        std::printf("  C[%d][%d] = %.7g, want %.7g\n", i, j, got, want);
    }
    for (int j = t.n; j < ldc; ++j)
      if (c[size_t(i) * ldc + j] != 12345.f && bad++ < 5)
        std::printf("  padding C[%d][%d] overwritten\n", i, j);
  }
  if (bad) {
    std::printf("MISMATCH path=%s ta=%d tb=%d m=%d n=%d k=%d alpha=%g beta=%g lda=%d ldb=%d "
                "ldc=%d: %d bad, largest difference %.3g at [%d][%d] (tolerance %.3g)\n",
                path_name(path), t.ta, t.tb, t.m, t.n, t.k, t.alpha, t.beta, lda, ldb, ldc, bad,
                worst, wi, wj, tol);
    return false;
  }
  return true;
}

}  // namespace

int main() {
  std::vector<Case> cases;
  const float alphas[] = {1.f, -0.5f, 2.f}, betas[] = {0.f, 1.f, 0.3f};
  const int fixed[][3] = {{1, 1, 1},   {1, 1, 27},   {16, 27, 27}, {16, 300, 27}, {27, 16, 300},
                          {3, 5, 7},   {4, 8, 1},    {5, 9, 2},    {64, 64, 64},  {65, 67, 257},
                          {1, 100, 9}, {100, 1, 9},  {7, 1025, 3}, {33, 17, 600}, {8, 8, 1100},
                          {130, 20, 31}, {32, 144, 520}, {2, 3, 0}};
  for (auto& f : fixed)
    for (int t = 0; t < 4; ++t)
      for (float al : alphas)
        for (float be : betas)
          cases.push_back({bool(t & 1), bool(t & 2), f[0], f[1], f[2], al, be, 0, 0, 0});
  for (int r = 0; r < 300; ++r) {
    const int big = pick(0, 3) == 0;
    cases.push_back({bool(pick(0, 1)), bool(pick(0, 1)), pick(1, big ? 150 : 20),
                     pick(1, big ? 1100 : 40), pick(0, big ? 700 : 40), alphas[pick(0, 2)],
                     betas[pick(0, 2)], pick(0, 1) * pick(0, 9), pick(0, 1) * pick(0, 9),
                     pick(0, 1) * pick(0, 9)});
  }
  int runs = 0;
  for (const Case& t : cases)
    for (int path = 0; path <= 4; ++path) {
      if (!run(t, path)) return 1;
      ++runs;
    }
  // With threads (a -pthread build): gemm() splits over N or M, each part
  // with its own thread-local packing buffers.
  barnlab::set_num_threads(2);
  if (barnlab::num_threads() > 1)
    for (const Case& t : cases) {
      if (!run(t, 4)) return 1;
      ++runs;
    }
  std::printf("gemm_check: %d runs over %zu shapes OK (%d threads)\n", runs, cases.size(),
              barnlab::num_threads());
  return 0;
}
