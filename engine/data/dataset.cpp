// The in-memory Dataset: appending, removing and counting images.
#include <algorithm>
#include <string>

#include "core/error.h"
#include "data/dataset.h"

namespace barnlab {

void Dataset::add(const uint8_t* chw, int label) {
  if (label < 0) throw Error("image label must not be negative, got " + std::to_string(label));
  pixels.insert(pixels.end(), chw, chw + image_bytes());
  labels.push_back(label);
}

void Dataset::remove(size_t i) {
  if (i >= count())
    throw Error("no image " + std::to_string(i) + " to remove: the dataset has " +
                std::to_string(count()));
  const auto first = pixels.begin() + std::ptrdiff_t(i * image_bytes());
  pixels.erase(first, first + std::ptrdiff_t(image_bytes()));
  labels.erase(labels.begin() + std::ptrdiff_t(i));
}

std::vector<int> Dataset::class_counts() const {
  int k = int(classes.size());
  for (int l : labels) k = std::max(k, l + 1);
  std::vector<int> counts(size_t(k), 0);
  for (int l : labels) ++counts[size_t(l)];
  return counts;
}

}  // namespace barnlab
