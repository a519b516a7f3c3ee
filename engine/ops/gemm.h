// Row-major single-precision matrix products, the engine's hot path:
// C = alpha * op(A) * op(B) + beta * C with op(X) = X or X^T.
// A is M x K after op, B is K x N after op, C is M x N; lda/ldb/ldc are row
// strides of the matrices as stored. The work is split over the thread pool
// along N (or M when N is small). Natively this is Eigen's GEMM; in
// WebAssembly a register-blocked wasm-SIMD kernel may be used where it wins.
#pragma once

namespace barnlab {

void gemm(bool trans_a, bool trans_b, int m, int n, int k, float alpha, const float* a, int lda,
          const float* b, int ldb, float beta, float* c, int ldc);

}  // namespace barnlab
