// The training-step benchmark behind `barnlab bench` and the browser bench:
// one workload (farm-small as ../shared/bench/farm-small.md defines it, or
// the network, image size, batch and optimizer a training preset gives a
// farmer's 2,700 photos in 5 classes) timed over random inputs, and, when
// asked, the step profile of ops/profile.h: per layer, forward and
// backward, the time in GEMM and outside it and each GEMM's GFLOP/s. Figures
// only; nothing here judges them.
#pragma once

#include <string>
#include <vector>

#include "ops/profile.h"
#include "optimizers/optimizer.h"

namespace barnlab {

struct BenchWorkload {
  std::string name;  // farm-small | fast | balanced | accurate
  std::string spec;  // model spec text
  int batch = 32;
  OptimizerConfig optimizer;
};

std::vector<std::string> bench_workload_names();
// Throws Error naming the known workloads for an unknown one.
BenchWorkload bench_workload(const std::string& name);

struct StepBench {
  std::vector<double> ms;  // wall time per measured step, in order
  double median_ms = 0, min_ms = 0;
  // The same on the profile's clock (profile::clock_seconds(): natively the
  // driving thread's CPU time, which a loaded machine does not inflate).
  double median_cpu_ms = 0, min_cpu_ms = 0;
  // With profiling: each row's minimum over the measured steps, and each
  // of its GEMMs' minimum; gemm_ms is the sum of those GEMM minimums over
  // all rows (the step's own matrix products).
  std::vector<profile::Row> rows;
  double gemm_ms = 0;
  double gemm_gflop = 0;  // the arithmetic of one step's GEMMs (2 per multiply-add)
  // With profiling: the median over the measured steps of each step's
  // profile-clock time minus the sum of that same step's rows, the time
  // outside any layer. (The step's minimum minus the sum of the rows'
  // minimums is not that: a sum of minimums is below the minimum of sums.)
  double outside_rows_ms = 0;
};

StepBench run_step_bench(const BenchWorkload& w, int steps, int warmup, bool with_profile);
// The machine's own parallel ceiling: the throughput of a trivially
// parallel arithmetic loop (independent multiply-adds in registers, no
// memory traffic) on `threads` threads of the pool, in G operations/s; the
// best of several repetitions. Leaves the thread count at `threads`.
double arithmetic_throughput(int threads);

// The profile as a table, one line per row, then the step against its GEMMs.
std::string format_profile(const StepBench& b);

}  // namespace barnlab
