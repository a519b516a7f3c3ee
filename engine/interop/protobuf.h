// A protocol-buffers wire encoder: just enough to write ONNX files
// (interop/onnx.h). Messages are built bottom-up: fill a ProtoWriter for the
// inner message, then add its bytes to the outer one as a length-delimited
// field. Only writing is needed, and only five wire forms (varint, 32-bit
// float, length-delimited bytes, nested message, packed floats), so a few
// dozen lines replace a protobuf library and its generated code, and the CLI
// and the wasm module share it without a JavaScript dependency.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace barnlab {

class ProtoWriter {
 public:
  void varint(int field, uint64_t v);            // wire type 0 (int32, int64, enum)
  void sint(int field, int64_t v) { varint(field, uint64_t(v)); }  // int64 as two's complement
  void f32(int field, float v);                  // wire type 5
  void bytes(int field, const std::string& s);   // wire type 2 (string, bytes)
  void bytes(int field, const void* data, size_t size);
  void message(int field, const ProtoWriter& m) { bytes(field, m.buf_); }

  const std::string& data() const { return buf_; }

 private:
  void raw_varint(uint64_t v);
  std::string buf_;
};

}  // namespace barnlab
