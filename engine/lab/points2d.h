// Two-class point sets in the plane for the MLP playground (page 2) and the
// batch-size page (page 7): xor, circles, spirals, two gaussians. All lie in
// [-1.5, 1.5]^2 before noise; noise adds a normal offset of std `noise` / 4
// to each coordinate (spirals, gaussians) or that much of the class's band
// (xor, circles), so noise 0 gives clean sets and 1 heavily mixed ones.
// Deterministic in seed.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/tensor.h"

namespace barnlab {

struct Points2D {
  std::vector<float> xy;    // n x 2
  std::vector<int> labels;  // 0 or 1, half each (n even) 
  size_t count() const { return labels.size(); }
  // Rows [begin, end) of the given order as an N x 2 x 1 x 1 tensor.
  Tensor batch(const std::vector<int>& order, size_t begin, size_t end,
               std::vector<int>* labels_out) const;
};

const std::vector<std::string>& point_set_names();  // xor, circles, spirals, gaussians
constexpr float kPointRange = 1.5f;                // sets are drawn in [-range, range]^2

// Throws Error for an unknown kind; requires n >= 2.
Points2D make_points(const std::string& kind, int n, float noise, uint64_t seed);

}  // namespace barnlab
