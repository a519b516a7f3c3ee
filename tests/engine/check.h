// Test helpers: tensor comparison that prints the first differing values and
// the largest difference (as llm.c's check_tensor does).
#pragma once

#include <cmath>
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "core/tensor.h"

namespace barnlab::test {

inline std::string compare(const float* got, const float* want, size_t n, float tol,
                           bool* ok) {
  std::ostringstream out;
  float worst = 0.f;
  size_t worst_i = 0, shown = 0, bad = 0;
  for (size_t i = 0; i < n; ++i) {
    const float d = std::fabs(got[i] - want[i]);
    const float scale = std::max(1.f, std::fabs(want[i]));
    if (!(d <= tol * scale)) {
      ++bad;
      if (shown++ < 5) out << "  [" << i << "] got " << got[i] << " want " << want[i] << "\n";
    }
    if (!(d <= worst)) {
      worst = d;
      worst_i = i;
    }
  }
  *ok = bad == 0;
  out << bad << " of " << n << " differ; largest difference " << worst << " at [" << worst_i
      << "]";
  return out.str();
}

template <class A, class B>
void check_values(const A& got, const B& want, float tol = 1e-5f) {
  REQUIRE(got.size() == want.size());
  bool ok = false;
  const std::string report = compare(got.data(), want.data(), got.size(), tol, &ok);
  INFO(report);
  CHECK(ok);
}

template <class A>
void check_values(const A& got, std::initializer_list<float> want, float tol = 1e-5f) {
  check_values(got, std::vector<float>(want), tol);
}

inline void check_tensor(const Tensor& got, const Tensor& want, float tol = 1e-5f) {
  INFO("shapes " << got.shape().str() << " vs " << want.shape().str());
  REQUIRE(got.shape() == want.shape());
  check_values(got.values(), want.values(), tol);
}

}  // namespace barnlab::test
