// The per-image convolution kernels (ops/conv.h). The batch is cut into one
// chunk per thread, a pure function of the batch size and the thread count,
// so results depend only on the thread count. Chunk 0 runs on the calling
// thread and accumulates straight into dw/db; every other chunk into its own
// share in the scratch, added afterwards in chunk order.
#include "ops/conv.h"

#include <algorithm>

#include "core/eigen_view.h"
#include "ops/gemm_kernel.h"
#include "ops/parallel.h"
#include "ops/pool_kernels.h"
#include "ops/profile.h"
#include "ops/relu_kernels.h"

namespace barnlab {
namespace {

int chunks_for(int n) { return std::max(1, std::min(n, num_threads())); }

int chunk_begin(int n, int chunks, int c) { return int(int64_t(n) * c / chunks); }

// Per chunk: one image's columns, its column gradient, dw/db shares, and
// one image's output plane (a fused pool's) or masked output gradient (a
// fused ReLU's) with room to align it (plane_of).
size_t per_chunk(const ConvGeometry& g, int f) {
  const size_t kp = size_t(g.rows()) * g.cols_per_image();
  return 2 * kp + size_t(f) * g.rows() + f + size_t(f) * g.cols_per_image() + 32;
}

// Chunk c's F x OH*OW plane, on a 64-byte boundary.
float* plane_of(float* scratch, const ConvGeometry& g, int f, int c) {
  const size_t kp = size_t(g.rows()) * g.cols_per_image();
  const size_t room = size_t(c) * per_chunk(g, f) + 2 * kp + size_t(f) * g.rows() + f;
  return scratch + (room + 15) / 16 * 16;
}

}  // namespace

size_t conv_scratch(int n, const ConvGeometry& g, int f) {
  return size_t(chunks_for(n)) * per_chunk(g, f);
}

void conv_forward(const float* x, int n, const ConvGeometry& g, int f, const float* w,
                  const float* bias, float* y, float* scratch, bool relu,
                  uint8_t* relu_mask, const FusedPool* pool) {
  const int K = g.rows(), P = g.cols_per_image();
  const size_t image = size_t(g.c) * g.h * g.w;
  const int chunks = chunks_for(n);
  const bool timed = profile::enabled();
  double gemm_seconds = 0;  // chunk 0's, the calling thread's
  parallel_for(chunks, [&](int c0, int c1) {
    for (int c = c0; c < c1; ++c) {
      float* col = scratch + size_t(c) * per_chunk(g, f);
      for (int b = chunk_begin(n, chunks, c); b < chunk_begin(n, chunks, c + 1); ++b) {
        im2col_image(x + size_t(b) * image, g, col, size_t(P));
        float* yb = pool ? plane_of(scratch, g, f, c) : y + size_t(b) * f * P;
        // The bias is the GEMM's starting C (Eigen reads C either way).
        for (int i = 0; i < f; ++i) std::fill(yb + size_t(i) * P, yb + size_t(i + 1) * P, bias[i]);
        const double t0 = timed && c == 0 ? profile::clock_seconds() : 0;
        detail::gemm_serial(false, false, f, P, K, 1.f, w, K, col, P, 1.f, yb, P);
        if (timed && c == 0) gemm_seconds += profile::clock_seconds() - t0;
        if (pool) {
          const size_t pp = size_t(pool->oh) * pool->ow, at = size_t(b) * f * pp;
          for (int i = 0; i < f; ++i)
            relu_pool2x2(yb + size_t(i) * P, g.ow, pool->oh, pool->ow, pool->out + at + i * pp,
                         pool->argmax + at + i * pp,
                         pool->positive ? pool->positive + at + i * pp : nullptr);
        } else if (relu) {
          relu_in_place(yb, relu_mask ? relu_mask + size_t(b) * f * P : nullptr, size_t(f) * P);
        }
      }
    }
  });
  if (timed)
    profile::record_gemm(false, false, f, P * chunk_begin(n, chunks, 1), K, gemm_seconds);
}

void conv_backward(const float* dy, const float* x, int n, const ConvGeometry& g, int f,
                   const float* w, float* dw, float* db, float* dx, float* scratch,
                   const uint8_t* relu_mask, const PooledGradient* pool) {
  const int K = g.rows(), P = g.cols_per_image();
  const size_t image = size_t(g.c) * g.h * g.w, kp = size_t(K) * P, fk = size_t(f) * K;
  const int chunks = chunks_for(n);
  const bool timed = profile::enabled();
  double dw_seconds = 0, dcol_seconds = 0;  // chunk 0's
  parallel_for(chunks, [&](int c0, int c1) {
    for (int c = c0; c < c1; ++c) {
      float* col = scratch + size_t(c) * per_chunk(g, f);
      float* dcol = col + kp;
      float* cdw = c == 0 ? dw : dcol + kp;
      float* cdb = c == 0 ? db : dcol + kp + fk;
      float* masked = plane_of(scratch, g, f, c);  // one image's masked or expanded gradient
      if (c != 0) std::fill(cdw, cdw + fk + f, 0.f);
      for (int b = chunk_begin(n, chunks, c); b < chunk_begin(n, chunks, c + 1); ++b) {
        const float* dyb = pool ? masked : dy + size_t(b) * f * P;
        // The bias gradient sums in sum_lanes' order whether the ReLU is
        // fused (then in the masking pass) or not, so both give the same bits.
        if (pool) {
          const size_t pp = size_t(pool->oh) * pool->ow, at = size_t(b) * f * pp;
          for (int i = 0; i < f; ++i) {
            float* plane = masked + size_t(i) * P;
            unpool2x2_relu(dy + at + i * pp, pool->argmax + at + i * pp,
                           pool->positive + at + i * pp, pool->oh, pool->ow, g.oh, g.ow, plane);
            cdb[i] += sum_lanes(plane, size_t(P));
          }
        } else if (relu_mask) {
          const uint8_t* mb = relu_mask + size_t(b) * f * P;
          for (int i = 0; i < f; ++i) {
            const size_t at = size_t(i) * P;
            cdb[i] += relu_mask_gradient_sum(dyb + at, mb + at, masked + at, size_t(P));
          }
          dyb = masked;
        } else {
          for (int i = 0; i < f; ++i) cdb[i] += sum_lanes(dyb + size_t(i) * P, size_t(P));
        }
        im2col_image(x + size_t(b) * image, g, col, size_t(P));
        double t0 = timed && c == 0 ? profile::clock_seconds() : 0;
        detail::gemm_serial(false, true, f, K, P, 1.f, dyb, P, col, P, 1.f, cdw, K);
        if (timed && c == 0) dw_seconds += profile::clock_seconds() - t0;
        if (!dx) continue;
        t0 = timed && c == 0 ? profile::clock_seconds() : 0;
        detail::gemm_serial(true, false, K, P, f, 1.f, w, K, dyb, P, 0.f, dcol, P);
        if (timed && c == 0) dcol_seconds += profile::clock_seconds() - t0;
        col2im_image_scratch(dcol, size_t(P), g, dx + size_t(b) * image);
      }
    }
  });
  for (int c = 1; c < chunks; ++c) {
    const float* share = scratch + size_t(c) * per_chunk(g, f) + 2 * kp;
    VectorView(dw, Eigen::Index(fk)) += ConstVectorView(share, Eigen::Index(fk));
    VectorView(db, f) += ConstVectorView(share + fk, f);
  }
  if (timed) {
    const int images0 = chunk_begin(n, chunks, 1);
    profile::record_gemm(false, true, f, K, P * images0, dw_seconds);
    if (dx) profile::record_gemm(true, false, K, P * images0, f, dcol_seconds);
  }
}

}  // namespace barnlab
