// stratified_split: a per-class shuffle (one derived generator per class,
// so adding a class leaves the others' splits alone) and a per-class cut.
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "core/error.h"
#include "data/dataset.h"

namespace barnlab {

Split stratified_split(const std::vector<int>& labels, int num_classes, float val_share,
                       uint64_t seed) {
  if (num_classes < 1) throw Error("a split needs at least one class");
  if (!(val_share >= 0.f && val_share <= 1.f))
    throw Error("validation share must be between 0 and 1, not " + std::to_string(val_share));
  std::vector<std::vector<int>> members(static_cast<size_t>(num_classes));
  for (size_t i = 0; i < labels.size(); ++i) {
    const int l = labels[i];
    if (l < 0 || l >= num_classes)
      throw Error("image " + std::to_string(i) + " has label " + std::to_string(l) +
                  ", outside the " + std::to_string(num_classes) + " classes");
    members[size_t(l)].push_back(int(i));
  }
  Split split;
  for (int c = 0; c < num_classes; ++c) {
    std::vector<int>& m = members[size_t(c)];
    Rng rng = Rng::derive(seed, kStreamSplit, uint64_t(c));
    for (size_t i = m.size(); i > 1; --i) std::swap(m[i - 1], m[rng.below(uint32_t(i))]);
    const size_t n = m.size();
    size_t val = size_t(std::floor(double(val_share) * double(n) + 0.5));
    if (val_share > 0.f && n >= 2) val = std::max<size_t>(val, 1);
    if (n >= 1) val = std::min(val, n - 1);
    split.val.insert(split.val.end(), m.begin(), m.begin() + std::ptrdiff_t(val));
    split.train.insert(split.train.end(), m.begin() + std::ptrdiff_t(val), m.end());
  }
  std::sort(split.train.begin(), split.train.end());
  std::sort(split.val.begin(), split.val.end());
  return split;
}

}  // namespace barnlab
