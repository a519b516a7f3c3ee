// libFuzzer target for the model file loader (docs/model-format.md).
//
// Each input is decoded twice:
//  1. as it is, which exercises the magic, version, length and checksum
//     checks;
//  2. with magic, version, total length and both CRC-32s patched to match,
//     so the fuzzer's mutations reach the field parser instead of stopping
//     at "checksum mismatch".
// decode_checkpoint may only throw barnlab::Error; any other exception, a
// sanitizer report or a crash is a bug. When decoding succeeds the file must
// re-encode to exactly the same bytes (the encoding is canonical), which
// also checks that encode accepts everything decode accepts.
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "core/error.h"
#include "model/checkpoint.h"

namespace {

void put32(uint8_t* p, uint32_t v) {
  for (int i = 0; i < 4; ++i) p[i] = uint8_t(v >> (8 * i));
}

void decode_and_reencode(const uint8_t* data, size_t size) {
  barnlab::Checkpoint ck;
  try {
    ck = barnlab::decode_checkpoint(data, size);
  } catch (const barnlab::Error&) {
    return;  // rejected with a message: the expected outcome for most inputs
  }
  const std::vector<uint8_t> again = barnlab::encode_checkpoint(ck);
  if (again.size() != size || std::memcmp(again.data(), data, size) != 0) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  decode_and_reencode(data, size);

  constexpr size_t kHeader = 24, kTrailer = 4;
  if (size < kHeader + kTrailer) return 0;
  std::vector<uint8_t> fixed(data, data + size);
  std::memcpy(fixed.data(), "BARNLAB\x1a", 8);
  put32(&fixed[8], barnlab::kModelFormatVersion);
  for (int i = 0; i < 8; ++i) fixed[12 + i] = uint8_t(uint64_t(size) >> (8 * i));
  put32(&fixed[20], barnlab::crc32(fixed.data(), 20));
  put32(&fixed[size - 4], barnlab::crc32(fixed.data(), size - 4));
  decode_and_reencode(fixed.data(), fixed.size());
  return 0;
}
