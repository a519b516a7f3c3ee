// Internal to engine/ops: the single-thread GEMM back ends behind gemm()
// (ops/gemm.h), exposed so tests/wasm/gemm_check.cpp and gemm_bench.cpp can
// call each one directly. Same contract as gemm(): row-major
// C[m x n] = alpha * op(A)[m x k] * op(B)[k x n] + beta * C; beta == 0 never
// reads C.
#pragma once

namespace barnlab {
namespace detail {

// gemm() on the calling thread only, with the back end gemm() would pick
// (for callers that split work over the thread pool themselves).
void gemm_serial(bool ta, bool tb, int m, int n, int k, float alpha, const float* a, int lda,
                 const float* b, int ldb, float beta, float* c, int ldc);

// Eigen's GEMM on one thread (gemm.cpp).
void gemm_eigen(bool ta, bool tb, int m, int n, int k, float alpha, const float* a, int lda,
                const float* b, int ldb, float beta, float* c, int ldc);

#ifdef __wasm_simd128__
// Hand-written wasm-SIMD kernels (gemm_simd.cpp).
enum class SimdPath {
  Auto,     // the path gemm_simd picks for the shape
  Packed,   // A and B packed into panels, 4x8 register-blocked outer products
  DirectB,  // as Packed, but op(B) = B read in place (only !tb; else Packed)
  Dot,      // 4x2 blocked dot products along K (only ta == false && tb == true)
};
void gemm_simd(bool ta, bool tb, int m, int n, int k, float alpha, const float* a, int lda,
               const float* b, int ldb, float beta, float* c, int ldc,
               SimdPath path = SimdPath::Auto);
#endif

}  // namespace detail
}  // namespace barnlab
