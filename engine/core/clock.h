// Wall-clock seconds from a steady clock, for timing epochs and steps.
#pragma once

#include <chrono>

namespace barnlab {

inline double now_seconds() {
  using namespace std::chrono;
  return duration<double>(steady_clock::now().time_since_epoch()).count();
}

}  // namespace barnlab
