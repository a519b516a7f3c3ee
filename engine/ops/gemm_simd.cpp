// WebAssembly SIMD (f32x4) GEMM for one thread, used by gemm() in wasm builds
// where it beats Eigen (Eigen 3.4 has no wasm packet path, so with -msimd128
// it only gets what the autovectoriser finds).
//
// Two kernels:
//  - Packed (Goto/BLIS style): op(B) is packed per KC x NC block into strips
//    of NR = 8 columns, op(A) per MC x KC block into strips of MR = 4 rows;
//    the micro-kernel keeps a 4 x 8 tile of C in eight f32x4 registers and
//    does one splat-load of A plus two vector loads of B per k. The four
//    transpose combinations differ only in packing. With op(B) = B the full
//    strips can be read in place (DirectB), saving the copy.
//  - Dot: for C = A * B^T with both operands K-contiguous (the weight
//    gradient dW = dY * col^T, K = N*OH*OW large), a 4 x 2 block of dot
//    products vectorised along K, blocked over K for the cache.
// Edge tiles are computed in full on zero-padded panels and written through
// a small buffer. Compiled only when __wasm_simd128__ is defined.
#include "ops/gemm_kernel.h"

#ifdef __wasm_simd128__

#include <wasm_simd128.h>

#include <algorithm>
#include <cstddef>
#include <vector>

namespace barnlab {
namespace detail {
namespace {

#ifndef BARNLAB_GEMM_MR  // tuning knobs, overridable for experiments
#define BARNLAB_GEMM_MR 4
#define BARNLAB_GEMM_NV 2
#define BARNLAB_GEMM_KC 256
#define BARNLAB_GEMM_MC 64
#define BARNLAB_GEMM_NC 1024
#define BARNLAB_GEMM_KD 512
#endif
constexpr int MR = BARNLAB_GEMM_MR;  // rows of the register tile
constexpr int NV = BARNLAB_GEMM_NV;  // f32x4 vectors across the tile
constexpr int NR = 4 * NV;
constexpr int KC = BARNLAB_GEMM_KC;  // depth of a packed block
constexpr int MC = BARNLAB_GEMM_MC;  // rows of a packed A block (L2)
constexpr int NC = BARNLAB_GEMM_NC;  // columns of a packed B block
constexpr int KD = BARNLAB_GEMM_KD;  // depth of a Dot block

// C[mr x nr] (ldc) = alpha * acc + beta * C, beta == 0 not reading C.
template <int R, int V>
inline void store_tile(const v128_t (&acc)[R][V], float alpha, float beta, float* c, int ldc,
                       int mr, int nr) {
  const v128_t va = wasm_f32x4_splat(alpha);
  if (mr == R && nr == 4 * V) {
    const v128_t vb = wasm_f32x4_splat(beta);
    for (int i = 0; i < R; ++i)
      for (int v = 0; v < V; ++v) {
        float* cp = c + size_t(i) * ldc + 4 * v;
        v128_t r = wasm_f32x4_mul(acc[i][v], va);
        if (beta == 1.f)
          r = wasm_f32x4_add(r, wasm_v128_load(cp));
        else if (beta != 0.f)
          r = wasm_f32x4_add(r, wasm_f32x4_mul(wasm_v128_load(cp), vb));
        wasm_v128_store(cp, r);
      }
    return;
  }
  alignas(16) float t[R][4 * V];
  for (int i = 0; i < R; ++i)
    for (int v = 0; v < V; ++v) wasm_v128_store(&t[i][4 * v], acc[i][v]);
  for (int i = 0; i < mr; ++i)
    for (int j = 0; j < nr; ++j) {
      float& cij = c[size_t(i) * ldc + j];
      const float r = alpha * t[i][j];
      cij = beta == 0.f ? r : r + beta * cij;
    }
}

// pa: kc x R (packed A strip), pb: kc rows of 4*V floats, row stride sb.
template <int R, int V>
inline void micro_tile(int kc, const float* pa, const float* pb, int sb, float alpha, float beta,
                       float* c, int ldc, int mr, int nr) {
  v128_t acc[R][V];
  for (int i = 0; i < R; ++i)
    for (int v = 0; v < V; ++v) acc[i][v] = wasm_f32x4_splat(0.f);
  for (int p = 0; p < kc; ++p) {
    v128_t bv[V];
    for (int v = 0; v < V; ++v) bv[v] = wasm_v128_load(pb + 4 * v);
    for (int i = 0; i < R; ++i) {
      const v128_t av = wasm_v128_load32_splat(pa + i);
      for (int v = 0; v < V; ++v) acc[i][v] = wasm_f32x4_add(acc[i][v], wasm_f32x4_mul(av, bv[v]));
    }
    pa += R;
    pb += sb;
  }
  store_tile<R, V>(acc, alpha, beta, c, ldc, mr, nr);
}

// x0..x3 (rows) -> columns, in place.
inline void transpose4(v128_t& x0, v128_t& x1, v128_t& x2, v128_t& x3) {
  const v128_t t0 = wasm_i32x4_shuffle(x0, x1, 0, 4, 1, 5);
  const v128_t t1 = wasm_i32x4_shuffle(x2, x3, 0, 4, 1, 5);
  const v128_t t2 = wasm_i32x4_shuffle(x0, x1, 2, 6, 3, 7);
  const v128_t t3 = wasm_i32x4_shuffle(x2, x3, 2, 6, 3, 7);
  x0 = wasm_i32x4_shuffle(t0, t1, 0, 1, 4, 5);
  x1 = wasm_i32x4_shuffle(t0, t1, 2, 3, 6, 7);
  x2 = wasm_i32x4_shuffle(t2, t3, 0, 1, 4, 5);
  x3 = wasm_i32x4_shuffle(t2, t3, 2, 3, 6, 7);
}

// Packs `width` (<= W) lines of a panel into dst[p * W + w], p < kc, zero-padding
// lines width..W-1. Line w at position p is src[w * line + p * step]:
//  step == 1 -> lines are K-contiguous (transposed while packing);
//  line == 1 -> positions are rows of stride `step` (copied W at a time).
template <int W>
void pack_panel(const float* src, size_t line, size_t step, int width, int kc, float* dst) {
  static_assert(W % 4 == 0, "panel width must be a multiple of 4");
  if (line == 1) {
    for (int p = 0; p < kc; ++p) {
      const float* s = src + p * step;
      float* d = dst + p * W;
      if (width == W) {
        for (int w = 0; w < W; w += 4) wasm_v128_store(d + w, wasm_v128_load(s + w));
      } else {
        for (int w = 0; w < width; ++w) d[w] = s[w];
        for (int w = width; w < W; ++w) d[w] = 0.f;
      }
    }
    return;
  }
  if (step == 1) {
    // Missing lines of an edge panel read from a block of zeros.
    alignas(16) static const float zeros[KC] = {};
    const float* rows[W];
    for (int w = 0; w < W; ++w) rows[w] = w < width ? src + w * line : zeros;
    int p = 0;
    for (; p + 4 <= kc; p += 4)
      for (int w = 0; w < W; w += 4) {
        v128_t x0 = wasm_v128_load(rows[w + 0] + p);
        v128_t x1 = wasm_v128_load(rows[w + 1] + p);
        v128_t x2 = wasm_v128_load(rows[w + 2] + p);
        v128_t x3 = wasm_v128_load(rows[w + 3] + p);
        transpose4(x0, x1, x2, x3);
        wasm_v128_store(dst + (p + 0) * W + w, x0);
        wasm_v128_store(dst + (p + 1) * W + w, x1);
        wasm_v128_store(dst + (p + 2) * W + w, x2);
        wasm_v128_store(dst + (p + 3) * W + w, x3);
      }
    for (; p < kc; ++p)
      for (int w = 0; w < W; ++w) dst[p * W + w] = rows[w][p];
    return;
  }
  for (int p = 0; p < kc; ++p)
    for (int w = 0; w < W; ++w) dst[p * W + w] = w < width ? src[w * line + p * step] : 0.f;
}

std::vector<float>& buffer(int which) {
  thread_local std::vector<float> bufs[2];
  return bufs[which];
}

void scale(int m, int n, float beta, float* c, int ldc) {
  for (int i = 0; i < m; ++i)
    for (int j = 0; j < n; ++j) {
      float& cij = c[size_t(i) * ldc + j];
      cij = beta == 0.f ? 0.f : beta * cij;
    }
}

void gemm_packed(bool ta, bool tb, int m, int n, int k, float alpha, const float* a, int lda,
                 const float* b, int ldb, float beta, float* c, int ldc, bool direct_b) {
  direct_b = direct_b && !tb;
  // op(A)(i, p) = a[i * sa_row + p * sa_k]; op(B)(p, j) likewise.
  const size_t sa_row = ta ? 1 : size_t(lda), sa_k = ta ? size_t(lda) : 1;
  const size_t sb_col = tb ? size_t(ldb) : 1, sb_k = tb ? 1 : size_t(ldb);
  std::vector<float>& abuf = buffer(0);
  std::vector<float>& bbuf = buffer(1);
  abuf.resize(size_t((std::min(MC, m) + MR - 1) / MR) * MR * std::min(KC, k));
  bbuf.resize(size_t(direct_b ? 1 : (std::min(NC, n) + NR - 1) / NR) * NR * std::min(KC, k));
  for (int jc = 0; jc < n; jc += NC) {
    const int nc = std::min(NC, n - jc);
    const int strips = (nc + NR - 1) / NR;
    for (int pc = 0; pc < k; pc += KC) {
      const int kc = std::min(KC, k - pc);
      const float bet = pc == 0 ? beta : 1.f;
      const float* bblock = b + size_t(pc) * sb_k + size_t(jc) * sb_col;
      if (!direct_b) {
        for (int s = 0; s < strips; ++s)
          pack_panel<NR>(bblock + size_t(s) * NR * sb_col, sb_col, sb_k,
                         std::min(NR, nc - s * NR), kc, bbuf.data() + size_t(s) * kc * NR);
      } else if (nc % NR) {
        const int s = strips - 1;
        pack_panel<NR>(bblock + size_t(s) * NR, 1, sb_k, nc - s * NR, kc, bbuf.data());
      }
      for (int ic = 0; ic < m; ic += MC) {
        const int mc = std::min(MC, m - ic);
        const float* ablock = a + size_t(ic) * sa_row + size_t(pc) * sa_k;
        for (int i = 0; i < mc; i += MR)
          pack_panel<MR>(ablock + size_t(i) * sa_row, sa_row, sa_k, std::min(MR, mc - i), kc,
                         abuf.data() + size_t(i) * kc);
        for (int s = 0; s < strips; ++s) {
          const int nr = std::min(NR, nc - s * NR);
          const float* pb;
          int stride;
          if (!direct_b) {
            pb = bbuf.data() + size_t(s) * kc * NR;
            stride = NR;
          } else if (nr == NR) {
            pb = bblock + size_t(s) * NR;
            stride = ldb;
          } else {
            pb = bbuf.data();
            stride = NR;
          }
          float* cblock = c + size_t(ic) * ldc + jc + s * NR;
          for (int i = 0; i < mc; i += MR)
            micro_tile<MR, NV>(kc, abuf.data() + size_t(i) * kc, pb, stride, alpha, bet,
                               cblock + size_t(i) * ldc, ldc, std::min(MR, mc - i), nr);
        }
      }
    }
  }
}

// C[R x S] (ldc) = alpha * A[R x kc] B[S x kc]^T + beta * C; A, B K-contiguous.
template <int R, int S>
inline void dot_tile(int kc, const float* a, int lda, const float* b, int ldb, float alpha,
                     float beta, float* c, int ldc) {
  v128_t acc[R][S];
  for (int r = 0; r < R; ++r)
    for (int s = 0; s < S; ++s) acc[r][s] = wasm_f32x4_splat(0.f);
  int p = 0;
  for (; p + 4 <= kc; p += 4) {
    v128_t av[R], bv[S];
    for (int r = 0; r < R; ++r) av[r] = wasm_v128_load(a + size_t(r) * lda + p);
    for (int s = 0; s < S; ++s) bv[s] = wasm_v128_load(b + size_t(s) * ldb + p);
    for (int r = 0; r < R; ++r)
      for (int s = 0; s < S; ++s) acc[r][s] = wasm_f32x4_add(acc[r][s], wasm_f32x4_mul(av[r], bv[s]));
  }
  for (int r = 0; r < R; ++r)
    for (int s = 0; s < S; ++s) {
      const v128_t x = acc[r][s];
      float sum = (wasm_f32x4_extract_lane(x, 0) + wasm_f32x4_extract_lane(x, 1)) +
                  (wasm_f32x4_extract_lane(x, 2) + wasm_f32x4_extract_lane(x, 3));
      for (int q = p; q < kc; ++q) sum += a[size_t(r) * lda + q] * b[size_t(s) * ldb + q];
      float& cij = c[size_t(r) * ldc + s];
      cij = beta == 0.f ? alpha * sum : alpha * sum + beta * cij;
    }
}

template <int R>
void dot_rows(int n, int kc, const float* a, int lda, const float* b, int ldb, float alpha,
              float beta, float* c, int ldc) {
  int j = 0;
  for (; j + 2 <= n; j += 2)
    dot_tile<R, 2>(kc, a, lda, b + size_t(j) * ldb, ldb, alpha, beta, c + j, ldc);
  if (j < n) dot_tile<R, 1>(kc, a, lda, b + size_t(j) * ldb, ldb, alpha, beta, c + j, ldc);
}

void gemm_dot(int m, int n, int k, float alpha, const float* a, int lda, const float* b, int ldb,
              float beta, float* c, int ldc) {
  for (int pc = 0; pc < k; pc += KD) {
    const int kc = std::min(KD, k - pc);
    const float bet = pc == 0 ? beta : 1.f;
    int i = 0;
    for (; i + 4 <= m; i += 4)
      dot_rows<4>(n, kc, a + size_t(i) * lda + pc, lda, b + pc, ldb, alpha, bet,
                  c + size_t(i) * ldc, ldc);
    for (; i < m; ++i)
      dot_rows<1>(n, kc, a + size_t(i) * lda + pc, lda, b + pc, ldb, alpha, bet,
                  c + size_t(i) * ldc, ldc);
  }
}

}  // namespace

void gemm_simd(bool ta, bool tb, int m, int n, int k, float alpha, const float* a, int lda,
               const float* b, int ldb, float beta, float* c, int ldc, SimdPath path) {
  if (m <= 0 || n <= 0) return;
  if (k <= 0 || alpha == 0.f) {
    scale(m, n, beta, c, ldc);
    return;
  }
  // Measured in Node (tests/wasm/gemm_bench.cpp): packing beats reading B in
  // place on every farm-small shape; the dot kernel wins only for A * B^T
  // with a narrow N (conv1's dW, 16 x 27 x 131072), where packing and the
  // 8-wide edge tile cost more than they save.
  if (path == SimdPath::Auto)
    path = !ta && tb && n < 32 && k >= 256 ? SimdPath::Dot : SimdPath::Packed;
  if (path == SimdPath::Dot && !ta && tb)
    gemm_dot(m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
  else
    gemm_packed(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc,
                path == SimdPath::DirectB);
}

}  // namespace detail
}  // namespace barnlab

#endif  // __wasm_simd128__
