// A small deterministic random generator (xoshiro256** seeded by splitmix64)
// with its own uniform and normal draws, so that the same seed gives the same
// numbers natively and in WebAssembly (std:: distributions differ between
// libstdc++ and libc++). Training derives a fresh generator per purpose and
// step from (seed, stream, counter) with derive(), so nothing but the seed
// and the step count needs saving for a run to resume exactly.
#pragma once

#include <cstdint>

namespace barnlab {

class Rng {
 public:
  explicit Rng(uint64_t seed = 0x5eed);

  // A generator for an independent stream, e.g. derive(seed, kShuffle, epoch).
  static Rng derive(uint64_t seed, uint64_t stream, uint64_t counter = 0);

  uint64_t next_u64();
  uint32_t next_u32() { return uint32_t(next_u64() >> 32); }
  // Uniform in [0, 1).
  float uniform();
  // Uniform in [lo, hi).
  float uniform(float lo, float hi) { return lo + (hi - lo) * uniform(); }
  // Uniform integer in [0, n), n > 0.
  uint32_t below(uint32_t n);
  // Standard normal (Box-Muller, pairs cached).
  float normal();

 private:
  uint64_t s_[4];
  bool has_spare_ = false;
  float spare_ = 0.f;
};

// Stream identifiers for Rng::derive.
enum RngStream : uint64_t {
  kStreamInit = 1,
  kStreamShuffle = 2,
  kStreamDropout = 3,
  kStreamAugment = 4,
  kStreamSplit = 5,
  kStreamMixup = 6,
};

}  // namespace barnlab
