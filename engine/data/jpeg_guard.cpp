// check_jpeg_huffman_tables (jpeg_guard.h). The walk errs on the side of
// looking: between segments and in entropy-coded data every byte is read,
// so each 0xFF 0xC4 that stb_image could take for a DHT marker is checked;
// segments with a length (APPn, COM, DQT, SOF, SOS, ...) are skipped by it,
// as stb_image skips or parses them.
#include "data/jpeg_guard.h"

#include <string>

#include "core/error.h"

namespace barnlab {
namespace {

size_t be16(const uint8_t* p) { return size_t(p[0]) << 8 | p[1]; }

// The DHT segment whose length field starts at `at`. Like stb_image, reads
// tables while the length says bytes remain, even past the segment's (and
// the file's) end.
// Returns whether the tables fill the segment exactly; if not, stb_image
// refuses the file after the tables it read.
bool check_dht(const uint8_t* b, size_t size, size_t at) {
  if (at + 2 > size) return false;
  long long left = (long long)be16(b + at) - 2;
  size_t p = at + 2;
  while (left > 0) {
    size_t codes = 0;  // stb_image reads zeros past the end of the file
    for (size_t i = 1; i <= 16; ++i) codes += p + i < size ? b[p + i] : 0;
    if (codes > 256)
      throw Error("not a readable image (JPEG/PNG expected): a Huffman table of the JPEG is "
                  "corrupt (" + std::to_string(codes) + " codes, at most 256): the file is damaged");
    p += 17 + codes;
    left -= (long long)(17 + codes);
  }
  return left == 0;
}

}  // namespace

void check_jpeg_huffman_tables(const uint8_t* b, size_t size) {
  // stb_image takes the file for a JPEG when it opens with 0xFF, any number
  // of 0xFF fill bytes, then the SOI marker 0xD8.
  if (size < 2 || b[0] != 0xff) return;  // not a JPEG
  size_t p = 1;
  while (p < size && b[p] == 0xff) ++p;
  if (p >= size || b[p] != 0xd8) return;  // not a JPEG
  ++p;
  while (p < size) {
    if (b[p] != 0xff) {
      ++p;
      continue;
    }
    while (p < size && b[p] == 0xff) ++p;  // fill bytes
    if (p >= size) return;
    const uint8_t m = b[p++];
    if (m == 0xd9) return;                                    // end of image
    if (m == 0x00 || m == 0x01 || (m >= 0xd0 && m <= 0xd8)) continue;  // no length
    if (m == 0xc4 && !check_dht(b, size, p)) return;
    if (p + 2 > size) return;
    const size_t len = be16(b + p);
    if (len < 2) return;  // stb_image refuses the file here
    // The SOS header is skipped; its entropy-coded data is read byte by byte.
    p += len;
  }
}

}  // namespace barnlab
