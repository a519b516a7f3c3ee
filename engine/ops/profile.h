// Opt-in timing of a training step, for `barnlab bench --profile` and the
// browser bench: wall time per labelled scope (one layer's forward or
// backward, the loss, the optimizer) and, inside each scope, the time and
// shape of every gemm() call, so a step's total can be set against the sum
// of its matrix products. Off by default; when off a Scope costs one load
// and gemm() one branch. Scopes are opened on the thread that drives the
// step (gemm() is called from that thread; its own workers are not timed
// apart).
#pragma once

#include <string>
#include <vector>

namespace barnlab {
namespace profile {

void set_enabled(bool on);
bool enabled();

// The layers' kernels as they were before the per-image convolution, the
// compact max-pool and the in-place activations (issue 12), kept so that
// `barnlab bench --reference` sets old against new in one run and tests can
// compare the two. Off by default.
void set_reference_kernels(bool on);
bool reference_kernels();

// Charges the wall time from construction to destruction, and every gemm()
// run meanwhile, to (label, phase). Does nothing when profiling is off.
class Scope {
 public:
  Scope(const char* phase, const std::string& label);
  ~Scope();
  Scope(const Scope&) = delete;
  Scope& operator=(const Scope&) = delete;

 private:
  int row_ = -1;
  int outer_ = -1;
  double start_ = 0;
};

// The profile's clock, in seconds: natively the calling thread's CPU time,
// so that on a shared, loaded machine the time the thread sat preempted is
// not charged to whatever it was doing (the figures are then the work of
// that thread; at more than one thread other threads' shares are not in
// them); in WebAssembly, wall time (no thread clock there).
double clock_seconds();

// Called by gemm() with its shape and duration (on clock_seconds()).
void record_gemm(bool ta, bool tb, int m, int n, int k, double seconds);

struct GemmStat {
  bool ta = false, tb = false;
  int m = 0, n = 0, k = 0;
  double seconds = 0;
  double gflops() const { return seconds > 0 ? 2e-9 * m * n * double(k) / seconds : 0; }
};

struct Row {
  std::string phase;  // "fwd", "bwd", "loss", "update"
  std::string label;  // e.g. "0.conv conv 16 3x3 s1 p1"
  double seconds = 0;
  std::vector<GemmStat> gemms;  // in call order
  double gemm_seconds() const;
};

// Rows in the order their scopes first opened since the last reset().
std::vector<Row> rows();
void reset();

}  // namespace profile
}  // namespace barnlab
