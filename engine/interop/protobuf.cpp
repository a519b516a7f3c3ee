#include "interop/protobuf.h"

#include <cstring>

namespace barnlab {

void ProtoWriter::raw_varint(uint64_t v) {
  while (v >= 0x80) {
    buf_.push_back(char(uint8_t(v) | 0x80));
    v >>= 7;
  }
  buf_.push_back(char(uint8_t(v)));
}

void ProtoWriter::varint(int field, uint64_t v) {
  raw_varint(uint64_t(field) << 3 | 0);
  raw_varint(v);
}

void ProtoWriter::f32(int field, float v) {
  raw_varint(uint64_t(field) << 3 | 5);
  uint32_t bits = 0;
  std::memcpy(&bits, &v, 4);
  for (int i = 0; i < 4; ++i) buf_.push_back(char(uint8_t(bits >> (8 * i))));  // little-endian
}

void ProtoWriter::bytes(int field, const void* data, size_t size) {
  raw_varint(uint64_t(field) << 3 | 2);
  raw_varint(size);
  buf_.append(static_cast<const char*>(data), size);
}

void ProtoWriter::bytes(int field, const std::string& s) { bytes(field, s.data(), s.size()); }

}  // namespace barnlab
