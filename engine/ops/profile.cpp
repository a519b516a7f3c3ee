// The step profiler's bookkeeping (ops/profile.h): a flat list of rows, the
// index of the innermost open scope, and gemm records appended to it.
#include "ops/profile.h"

#include <atomic>
#include <ctime>

#include "core/clock.h"

namespace barnlab {
namespace profile {
namespace {

std::atomic<bool> g_enabled{false};
std::atomic<bool> g_reference{false};
std::vector<Row> g_rows;
int g_current = -1;

int row_index(const char* phase, const std::string& label) {
  for (size_t i = 0; i < g_rows.size(); ++i)
    if (g_rows[i].label == label && g_rows[i].phase == phase) return int(i);
  g_rows.push_back(Row{phase, label, 0, {}});
  return int(g_rows.size()) - 1;
}

}  // namespace

double clock_seconds() {
#if defined(__EMSCRIPTEN__) || !defined(CLOCK_THREAD_CPUTIME_ID)
  return now_seconds();
#else
  timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return double(ts.tv_sec) + 1e-9 * double(ts.tv_nsec);
#endif
}

void set_enabled(bool on) { g_enabled.store(on); }
void set_reference_kernels(bool on) { g_reference.store(on); }
bool reference_kernels() { return g_reference.load(std::memory_order_relaxed); }
bool enabled() { return g_enabled.load(std::memory_order_relaxed); }

Scope::Scope(const char* phase, const std::string& label) {
  if (!enabled()) return;
  row_ = row_index(phase, label);
  outer_ = g_current;
  g_current = row_;
  start_ = clock_seconds();
}

Scope::~Scope() {
  if (row_ < 0) return;
  g_rows[size_t(row_)].seconds += clock_seconds() - start_;
  g_current = outer_;
}

void record_gemm(bool ta, bool tb, int m, int n, int k, double seconds) {
  if (g_current < 0) return;
  auto& gemms = g_rows[size_t(g_current)].gemms;
  GemmStat s;
  s.ta = ta, s.tb = tb, s.m = m, s.n = n, s.k = k, s.seconds = seconds;
  gemms.push_back(s);
}

double Row::gemm_seconds() const {
  double s = 0;
  for (const auto& g : gemms) s += g.seconds;
  return s;
}

std::vector<Row> rows() { return g_rows; }
void reset() {
  g_rows.clear();
  g_current = -1;
}

}  // namespace profile
}  // namespace barnlab
