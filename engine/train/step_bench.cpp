// Runs and formats the training-step benchmark (train/step_bench.h).
#include "train/step_bench.h"

#include <algorithm>
#include <cstdio>

#include "core/clock.h"
#include "core/error.h"
#include "core/rng.h"
#include "ops/parallel.h"
#include "model/model.h"
#include "model/spec.h"
#include "train/presets.h"

namespace barnlab {
std::vector<std::string> bench_workload_names() {
  std::vector<std::string> names = {"farm-small"};
  for (const auto& p : training_preset_names()) names.push_back(p);
  return names;
}

BenchWorkload bench_workload(const std::string& name) {
  BenchWorkload w;
  w.name = name;
  if (name == "farm-small") {
    // Exactly the document's network: He normal for every conv and affine
    // layer (the preset starts its last layer small), Adam 1e-3, batch 32.
    w.spec = edit_spec(Model::preset_spec("farm-small", 3, 64), "affine classes init=std:0.01",
                       "affine classes");
    w.optimizer.name = "adam";
    w.optimizer.lr = 1e-3f;
  } else {
    bool known = false;
    for (const auto& p : training_preset_names()) known = known || p == name;
    if (!known) {
      std::string names;
      for (const auto& n : bench_workload_names()) names += (names.empty() ? "" : ", ") + n;
      throw Error("unknown benchmark '" + name + "': choose one of " + names);
    }
    // What the preset trains for 2,700 photos in 5 classes (the farm set).
    const TrainingPreset p = training_preset(name, 2700, 5);
    w.spec = Model::preset_spec(p.arch, 3, p.size, p.dropout);
    w.batch = p.train.batch;
    w.optimizer = p.train.optimizer;
  }
  return w;
}

StepBench run_step_bench(const BenchWorkload& w, int steps, int warmup, bool with_profile) {
  Model model(w.spec, {"a", "b", "c", "d", "e"}, 7);
  auto opt = make_optimizer(w.optimizer);
  Tensor x(model.input_shape(w.batch));
  Rng rng(42);
  for (size_t i = 0; i < x.size(); ++i) x[i] = rng.normal();
  std::vector<int> labels(size_t(w.batch));
  for (auto& l : labels) l = int(rng.below(5));
  const std::string update_label = "optimizer " + opt->name();
  StepBench b;
  std::vector<double> cpu, outside;
  // A first, profiled step counts the step's GEMM arithmetic.
  profile::set_enabled(true);
  for (int i = -1; i < warmup + steps; ++i) {
    profile::reset();
    const double t0 = now_seconds(), c0 = profile::clock_seconds();
    model.forward_backward(x, labels, uint64_t(i));
    {
      const profile::Scope timed("update", update_label);
      opt->step(model.params());
    }
    const double ms = (now_seconds() - t0) * 1e3;
    const double cpu_ms = (profile::clock_seconds() - c0) * 1e3;
    if (i < 0) {
      for (const auto& r : profile::rows())
        for (const auto& g : r.gemms) b.gemm_gflop += 2e-9 * g.m * g.n * double(g.k);
      profile::set_enabled(with_profile);
    }
    if (i < warmup) continue;
    b.ms.push_back(ms);
    cpu.push_back(cpu_ms);
    if (!with_profile) continue;
    const std::vector<profile::Row> rows = profile::rows();
    double step_rows_ms = 0;
    for (const auto& r : rows) step_rows_ms += r.seconds * 1e3;
    outside.push_back(cpu_ms - step_rows_ms);
    if (b.rows.empty()) {
      b.rows = rows;
      continue;
    }
    // The same layers in the same order every step: keep each figure's minimum.
    for (size_t r = 0; r < rows.size() && r < b.rows.size(); ++r) {
      b.rows[r].seconds = std::min(b.rows[r].seconds, rows[r].seconds);
      for (size_t g = 0; g < rows[r].gemms.size() && g < b.rows[r].gemms.size(); ++g)
        b.rows[r].gemms[g].seconds = std::min(b.rows[r].gemms[g].seconds, rows[r].gemms[g].seconds);
    }
  }
  profile::set_enabled(false);
  profile::reset();
  std::vector<double> sorted = b.ms;
  std::sort(sorted.begin(), sorted.end());
  b.median_ms = sorted[sorted.size() / 2];
  b.min_ms = sorted.front();
  std::sort(cpu.begin(), cpu.end());
  b.median_cpu_ms = cpu[cpu.size() / 2];
  b.min_cpu_ms = cpu.front();
  for (const auto& r : b.rows) b.gemm_ms += r.gemm_seconds() * 1e3;
  if (!outside.empty()) {
    std::sort(outside.begin(), outside.end());
    b.outside_rows_ms = outside[outside.size() / 2];
  }
  return b;
}

double arithmetic_throughput(int threads) {
  set_num_threads(threads);
  const int parts = num_threads();
  const long iterations = 20000000;
  std::vector<float> sink(size_t(parts), 0.f);
  double best = 0;
  for (int rep = 0; rep < 5; ++rep) {
    const double t0 = now_seconds();
    parallel_for(parts, [&](int p0, int p1) {
      for (int p = p0; p < p1; ++p) {
        // Eight independent chains keep the multiply-add units busy.
        float a[8] = {1, 2, 3, 4, 5, 6, 7, 8};
        for (long i = 0; i < iterations; ++i)
          for (float& v : a) v = v * 0.999999f + 1e-6f;
        float s = 0;
        for (float v : a) s += v;
        sink[size_t(p)] = s;
      }
    });
    const double seconds = now_seconds() - t0;
    best = std::max(best, 8.0 * 2.0 * double(iterations) * parts / seconds * 1e-9);
  }
  volatile float keep = sink[0];
  (void)keep;
  return best;
}

std::string format_profile(const StepBench& b) {
  std::string out;
  char line[256];
  std::snprintf(line, sizeof line,
                "profile: the minimum of each figure over the steps, on the profile clock (%s)\n",
#ifdef __EMSCRIPTEN__
                "wall time"
#else
                "the driving thread's CPU time"
#endif
  );
  out += line;
  std::snprintf(line, sizeof line, "%-6s %-34s %8s %8s %8s  %s\n", "phase", "layer", "ms",
                "gemm ms", "other ms", "GEMMs: op(A) m x n x k GFLOP/s");
  out += line;
  double rows_ms = 0, other_ms = 0;
  for (const auto& r : b.rows) {
    const double ms = r.seconds * 1e3, gms = r.gemm_seconds() * 1e3;
    rows_ms += ms;
    other_ms += std::max(0.0, ms - gms);
    std::string gemms;
    for (const auto& g : r.gemms) {
      char s[96];
      std::snprintf(s, sizeof s, "%s%s %dx%dx%d %.1f", gemms.empty() ? "" : ", ",
                    g.ta ? (g.tb ? "TT" : "TN") : (g.tb ? "NT" : "NN"), g.m, g.n, g.k, g.gflops());
      gemms += s;
    }
    std::snprintf(line, sizeof line, "%-6s %-34s %8.2f %8.2f %8.2f  ", r.phase.c_str(),
                  r.label.substr(0, 34).c_str(), ms, gms, std::max(0.0, ms - gms));
    out += line + gemms + "\n";
  }
  std::snprintf(line, sizeof line,
                "step %.2f ms (minimum on the profile clock; wall %.2f; rows sum %.2f), its GEMMs"
                " %.2f ms, outside GEMMs %.2f ms; step / GEMMs = %.2f\n",
                b.min_cpu_ms, b.min_ms, rows_ms, b.gemm_ms, other_ms,
                b.gemm_ms > 0 ? b.min_cpu_ms / b.gemm_ms : 0.0);
  out += line;
  std::snprintf(line, sizeof line,
                "outside any row: %.2f ms (the median of each step's time minus its own rows)\n",
                b.outside_rows_ms);
  out += line;
  return out;
}

}  // namespace barnlab
