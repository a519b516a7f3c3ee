// Adam::update with PyTorch's bias correction (see adam.h).
#include "optimizers/adam.h"

#include <algorithm>
#include <cmath>

#include "core/eigen_view.h"
#include "ops/parallel.h"

namespace barnlab {

void Adam::update(Param& p, const Tensor& g) { update_shrunk(p, g, 1.f); }

void Adam::update_shrunk(Param& p, const Tensor& g, float shrink) {
  float* m = slot(p, "m").data();
  float* v = slot(p, "v").data();
  float* value = p.value.data();
  const float b1 = cfg_.beta1, b2 = cfg_.beta2;
  const double t = double(t_ + 1);
  const float step_size = float(double(cfg_.lr) / (1.0 - std::pow(double(b1), t)));
  const float bc2_sqrt = float(std::sqrt(1.0 - std::pow(double(b2), t)));
  // Pieces of 2048 floats (8 KB a stream) start 64-byte aligned, so Eigen
  // vectorises each exactly as it would the whole array; elementwise, so
  // they are split over the thread pool with the same result at any count
  // (a parameter of under 16 pieces stays on the calling thread).
  constexpr size_t kPiece = 2048;
  const size_t n = p.value.size();
  auto pieces = [&](size_t i0, size_t i1) {
    for (size_t i = i0; i < i1; i += kPiece) {
      const Eigen::Index len = Eigen::Index(std::min(kPiece, n - i));
      ArrayView mi(m + i, len), vi(v + i, len), pi(value + i, len);
      ConstArrayView grad(g.data() + i, len);
      if (shrink != 1.f) pi *= shrink;
      mi = b1 * mi + (1.f - b1) * grad;
      vi = b2 * vi + (1.f - b2) * grad.square();
      pi -= step_size * mi / (vi.sqrt() / bc2_sqrt + cfg_.eps);
    }
  };
  const int count = int((n + kPiece - 1) / kPiece);
  if (count < 16 || num_threads() < 2) {
    pieces(0, n);
    return;
  }
  parallel_for(count, [&](int p0, int p1) {
    pieces(size_t(p0) * kPiece, std::min(n, size_t(p1) * kPiece));
  });
}

}  // namespace barnlab
