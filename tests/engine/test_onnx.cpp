// The protobuf encoder against the wire format's documented examples, and
// the ONNX export's contract. Whether the files are valid ONNX that compute
// Barnlab's probabilities is checked by the real parsers and runtime in
// tests/interop/onnx_presets.sh (python3-onnx's checker, ONNX Runtime).
#include <catch2/catch.hpp>

#include <string>

#include "core/error.h"
#include "interop/onnx.h"
#include "interop/protobuf.h"
#include "model/model.h"

using namespace barnlab;

namespace {
std::string hex(const std::string& bytes) {
  static const char* d = "0123456789abcdef";
  std::string out;
  for (unsigned char ch : bytes) {
    out += d[ch >> 4];
    out += d[ch & 15];
  }
  return out;
}
}  // namespace

TEST_CASE("protobuf wire encoding matches the documented examples", "[onnx]") {
  ProtoWriter a;
  a.varint(1, 150);  // protobuf's encoding guide: 08 96 01
  CHECK(hex(a.data()) == "089601");
  ProtoWriter b;
  b.bytes(2, std::string("testing"));  // 12 07 74 65 73 74 69 6e 67
  CHECK(hex(b.data()) == "120774657374696e67");
  ProtoWriter c;
  c.message(3, a);  // embedded message: 1a 03 08 96 01
  CHECK(hex(c.data()) == "1a03089601");
  ProtoWriter f;
  f.f32(2, 1.f);  // fixed32, little-endian: 15 00 00 80 3f
  CHECK(hex(f.data()) == "150000803f");
  ProtoWriter n;
  n.sint(1, -1);  // int64 -1: ten bytes of two's complement varint
  CHECK(hex(n.data()) == "08ffffffffffffffffff01");
}

TEST_CASE("ONNX export: opset 13 model with the classes, deterministic", "[onnx]") {
  Model m = Model::preset("farm-res", 3, 32, {"cow", "오리"}, -1.f, 3);
  const std::vector<uint8_t> a = export_onnx(m);
  const std::vector<uint8_t> b = export_onnx(m);
  REQUIRE(a == b);
  const std::string s(a.begin(), a.end());
  CHECK(s.rfind("\x08\x07", 0) == 0);  // field 1 (ir_version) = 7 comes first
  CHECK(s.find("probabilities") != std::string::npos);
  CHECK(s.find("[\"cow\",\"오리\"]") != std::string::npos);
  CHECK(s.find("GlobalAveragePool") != std::string::npos);
  const std::string opset("\x42\x04\x0a\x00\x10\x0d", 6);  // opset_import { domain: "" version: 13 }
  CHECK(s.find(opset) != std::string::npos);
}

TEST_CASE("ONNX export refuses an LRN whose window ONNX would place differently", "[onnx]") {
  Model m("input 1 8 8\nconv 4 3 pad=1\nlrn size=4\nflatten\naffine classes\nsoftmax_loss\n",
          {"a", "b"}, 1);
  CHECK_THROWS_WITH(export_onnx(m), Catch::Contains("even size 4") && Catch::Contains("odd"));
}
