// The input normalization a model carries: per-channel mean and std of
// pixels scaled to [0,1], so a network input is (pixel / 255 - mean) / std.
// Its own header so model/ needs nothing else of data/ (data/dataset.h
// computes it and applies it).
#pragma once

#include <vector>

namespace barnlab {

struct Normalization {
  std::vector<float> mean, std;  // one per channel
};

}  // namespace barnlab
