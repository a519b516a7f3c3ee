#include "ops/gemm.h"

#include <algorithm>

#include "core/eigen_view.h"
#include "ops/gemm_kernel.h"
#include "ops/parallel.h"
#include "ops/profile.h"

namespace barnlab {
namespace detail {

using Stride = Eigen::OuterStride<>;
using View = Eigen::Map<const RowMatrix, 0, Stride>;
using OutView = Eigen::Map<RowMatrix, 0, Stride>;

void gemm_eigen(bool ta, bool tb, int m, int n, int k, float alpha, const float* a, int lda,
                const float* b, int ldb, float beta, float* c, int ldc) {
  OutView C(c, m, n, Stride(ldc));
  if (beta == 0.f)
    C.setZero();
  else if (beta != 1.f)
    C *= beta;
  // op(A): stored as m x k (lda) or k x m (lda).
  if (!ta && !tb)
    C.noalias() += alpha * View(a, m, k, Stride(lda)) * View(b, k, n, Stride(ldb));
  else if (ta && !tb)
    C.noalias() += alpha * View(a, k, m, Stride(lda)).transpose() * View(b, k, n, Stride(ldb));
  else if (!ta && tb)
    C.noalias() += alpha * View(a, m, k, Stride(lda)) * View(b, n, k, Stride(ldb)).transpose();
  else
    C.noalias() += alpha * View(a, k, m, Stride(lda)).transpose() *
                   View(b, n, k, Stride(ldb)).transpose();
}

}  // namespace detail

namespace {

// One thread's share of gemm(): C (m x n) = alpha * op(A) op(B) + beta * C.
void gemm_block(bool ta, bool tb, int m, int n, int k, float alpha, const float* a, int lda,
                const float* b, int ldb, float beta, float* c, int ldc) {
#if defined(__wasm_simd128__) && !defined(BARNLAB_GEMM_EIGEN_ONLY)
  // (BARNLAB_GEMM_EIGEN_ONLY: Eigen everywhere, for A/B measurements.)
  // The wasm-SIMD kernel beats Eigen (which has no wasm packet path) on all
  // of farm-small's products; Eigen keeps the matrix-vector-like shapes that
  // fill less than one 4 x 8 register tile (batch-1 predictions, N = 5
  // outputs), where it measured faster.
  if (m >= 4 && n >= 8)
    detail::gemm_simd(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
  else
    detail::gemm_eigen(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
#else
  detail::gemm_eigen(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
#endif
}

}  // namespace

namespace detail {

void gemm_serial(bool ta, bool tb, int m, int n, int k, float alpha, const float* a, int lda,
                 const float* b, int ldb, float beta, float* c, int ldc) {
  if (m <= 0 || n <= 0) return;
  gemm_block(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}

}  // namespace detail

namespace {

void gemm_split(bool ta, bool tb, int m, int n, int k, float alpha, const float* a, int lda,
                const float* b, int ldb, float beta, float* c, int ldc) {
  const int threads = num_threads();
  const double flops = 2.0 * m * n * k;
  if (threads <= 1 || flops < 2e5) {
    gemm_block(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
    return;
  }
  // Split the dimension that gives every thread a share: columns in blocks
  // of at least 16, else rows in blocks of at least 8 (conv1's weight
  // gradient is 16 x 27 with K = 131072: only its rows split).
  const bool split_columns = n / 16 >= threads || (m / 8 < threads && n >= m);
  if (split_columns) {
    // Split columns: op(B) columns j0..j1 and C columns j0..j1.
    const int parts = std::min(threads, std::max(1, n / 16));
    parallel_for(parts, [&](int p0, int p1) {
      for (int p = p0; p < p1; ++p) {
        const int j0 = int(int64_t(n) * p / parts), j1 = int(int64_t(n) * (p + 1) / parts);
        const float* bj = tb ? b + size_t(j0) * ldb : b + j0;
        gemm_block(ta, tb, m, j1 - j0, k, alpha, a, lda, bj, ldb, beta, c + j0, ldc);
      }
    });
  } else {
    const int parts = std::min(threads, std::max(1, m / 8));
    parallel_for(parts, [&](int p0, int p1) {
      for (int p = p0; p < p1; ++p) {
        const int i0 = int(int64_t(m) * p / parts), i1 = int(int64_t(m) * (p + 1) / parts);
        const float* ai = ta ? a + i0 : a + size_t(i0) * lda;
        gemm_block(ta, tb, i1 - i0, n, k, alpha, ai, lda, b, ldb, beta, c + size_t(i0) * ldc,
                   ldc);
      }
    });
  }
}

}  // namespace

void gemm(bool ta, bool tb, int m, int n, int k, float alpha, const float* a, int lda,
          const float* b, int ldb, float beta, float* c, int ldc) {
  if (m <= 0 || n <= 0) return;
  if (!profile::enabled()) {
    gemm_split(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
    return;
  }
  const double t0 = profile::clock_seconds();
  gemm_split(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
  profile::record_gemm(ta, tb, m, n, k, profile::clock_seconds() - t0);
}

}  // namespace barnlab
