// libFuzzer target for the CLI's picture path: bytes -> decode_image ->
// resize_square, as load_image_folder's read_resized and predict do.
// The first input byte picks the output (side 1..64 from its low six bits,
// grey or RGB from bit 6); the rest is the file. decode_image and
// resize_square may only throw barnlab::Error; the result must have exactly
// channels x side x side bytes. Anything else (another exception, a sanitizer
// report, a crash) is a bug.
#include <cstdint>
#include <cstdlib>
#include <vector>

#include "core/error.h"
#include "data/dataset.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  const int side = 1 + (data[0] & 63);
  const int channels = (data[0] & 64) ? 3 : 1;
  try {
    const barnlab::Image img = barnlab::decode_image(data + 1, size - 1);
    if (img.width <= 0 || img.height <= 0 || img.channels < 1 || img.channels > 4 ||
        img.pixels.size() != size_t(img.width) * img.height * img.channels)
      std::abort();
    const std::vector<uint8_t> out = barnlab::resize_square(img, side, channels);
    if (out.size() != size_t(channels) * side * side) std::abort();
  } catch (const barnlab::Error&) {
    // rejected with a message: the expected outcome for most inputs
  }
  return 0;
}
