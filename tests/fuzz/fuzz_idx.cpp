// libFuzzer target for the IDX loader (load_idx_bytes, which load_idx calls
// after reading the files). The input is split into the images file and the
// labels file at the offset its first two bytes give (little-endian, modulo
// the rest's length). load_idx_bytes may only throw barnlab::Error; a
// dataset it returns must be consistent: count() labels, count() images of
// size x size bytes, every label below the number of classes.
#include <cstdint>
#include <cstdlib>
#include <vector>

#include "core/error.h"
#include "data/dataset.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  const size_t rest = size - 2;
  const size_t cut = rest == 0 ? 0 : (size_t(data[0]) | size_t(data[1]) << 8) % (rest + 1);
  const std::vector<uint8_t> images(data + 2, data + 2 + cut);
  const std::vector<uint8_t> labels(data + 2 + cut, data + size);
  try {
    const barnlab::Dataset ds = barnlab::load_idx_bytes(images, labels, "images", "labels");
    if (ds.channels != 1 || ds.size < 1 || ds.pixels.size() != ds.count() * ds.image_bytes())
      std::abort();
    for (int l : ds.labels)
      if (l < 0 || size_t(l) >= ds.classes.size()) std::abort();
  } catch (const barnlab::Error&) {
    // rejected with a message: the expected outcome for most inputs
  }
  return 0;
}
