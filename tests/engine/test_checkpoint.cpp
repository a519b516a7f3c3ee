// The model file format (engine/model/checkpoint.h, docs/model-format.md):
// bit-exact round trips, the documented byte layout rebuilt independently,
// and the loader's behaviour on hostile input: every truncation, every
// flipped byte, other magic numbers and versions, and files whose checksums
// are right but whose fields are impossible.
#include <cmath>
#include <cstdio>
#include <cstring>
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "core/error.h"
#include "model/checkpoint.h"

#ifndef BARNLAB_TEST_TMP
#define BARNLAB_TEST_TMP "/tmp"
#endif

namespace barnlab {
namespace {

// The message of the Error decode throws; "" when it does not throw.
std::string decode_error(const std::vector<uint8_t>& bytes) {
  try {
    decode_checkpoint(bytes.data(), bytes.size());
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

bool contains(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}

template <class A, class B>
bool same_bits(const A& a, const B& b) {
  return a.size() == b.size() && (a.empty() || std::memcmp(a.data(), b.data(), 4 * a.size()) == 0);
}

bool same_float_bits(const float a, const float b) { return std::memcmp(&a, &b, 4) == 0; }

void check_same_tensors(const std::vector<NamedTensor>& got, const std::vector<NamedTensor>& want) {
  REQUIRE(got.size() == want.size());
  for (size_t i = 0; i < got.size(); ++i) {
    INFO("tensor " << i << " '" << want[i].name << "'");
    CHECK(got[i].name == want[i].name);
    CHECK(got[i].value.shape() == want[i].value.shape());
    CHECK(same_bits(got[i].value.values(), want[i].value.values()));
  }
}

void check_same(const Checkpoint& got, const Checkpoint& want) {
  CHECK(got.spec == want.spec);
  CHECK(got.classes == want.classes);
  CHECK(got.channels == want.channels);
  CHECK(got.size == want.size);
  CHECK(same_bits(got.norm_mean, want.norm_mean));
  CHECK(same_bits(got.norm_std, want.norm_std));
  CHECK(got.optimizer == want.optimizer);
  REQUIRE(got.hyper.size() == want.hyper.size());
  for (size_t i = 0; i < got.hyper.size(); ++i) {
    CHECK(got.hyper[i].first == want.hyper[i].first);
    CHECK(same_float_bits(got.hyper[i].second, want.hyper[i].second));
  }
  CHECK(got.seed == want.seed);
  CHECK(got.epoch == want.epoch);
  CHECK(got.step == want.step);
  CHECK(got.temperature == want.temperature);
  CHECK(got.threshold == want.threshold);
  CHECK(got.history_json == want.history_json);
  check_same_tensors(got.params, want.params);
  check_same_tensors(got.buffers, want.buffers);
  check_same_tensors(got.optimizer_state, want.optimizer_state);
}

Tensor ramp(Shape s, float start) {
  Tensor t(s);
  for (size_t i = 0; i < t.size(); ++i) t[i] = start + 0.37f * float(i) - 1.f / float(i + 3);
  return t;
}

Checkpoint full_checkpoint() {
  Checkpoint ck;
  ck.spec = "input 3x8x8\nconv 4 3x3 pad 1\nrelu\nbatchnorm\naffine 2\nsoftmax\n";
  ck.classes = {"cat", "dog", "ch\xc3\xa8vre", ""};
  ck.channels = 3;
  ck.size = 8;
  ck.norm_mean = {0.485f, 0.456f, 0.406f};
  ck.norm_std = {0.229f, 0.224f, 0.225f};
  ck.optimizer = "adam";
  ck.hyper = {{"lr", 1e-3f}, {"beta1", 0.9f}, {"beta2", 0.999f}, {"eps", 1e-8f}};
  ck.seed = 0xFEDCBA9876543210ull;
  ck.epoch = 12;
  ck.temperature = 1.75f;
  ck.threshold = 0.55f;
  ck.step = (int64_t(1) << 40) + 5;
  ck.history_json = R"([{"epoch":1,"loss":0.69,"acc":0.5},{"epoch":2,"loss":0.4}])";
  Tensor w = ramp({4, 3, 3, 3}, -2.f);
  // Values a careless codec would change: NaN with a payload, -0, infinities,
  // denormals, the largest float.
  const uint32_t nan_bits = 0x7FC12345u;
  std::memcpy(&w[0], &nan_bits, 4);
  w[1] = -0.f;
  w[2] = std::numeric_limits<float>::infinity();
  w[3] = -std::numeric_limits<float>::infinity();
  w[4] = std::numeric_limits<float>::denorm_min();
  w[5] = std::numeric_limits<float>::max();
  ck.params = {{"0.Conv2D.W", w},
               {"0.Conv2D.b", ramp({1, 4, 1, 1}, 0.5f)},
               {"2.BatchNorm.gamma", ramp({1, 4, 1, 1}, 1.f)},
               {"2.BatchNorm.beta", ramp({1, 4, 1, 1}, 0.f)},
               {"3.Affine.W", ramp({256, 2, 1, 1}, 0.01f)},
               {"3.Affine.b", ramp({1, 2, 1, 1}, 0.f)}};
  ck.buffers = {{"2.BatchNorm.running_mean", ramp({1, 4, 1, 1}, 0.1f)},
                {"2.BatchNorm.running_var", ramp({1, 4, 1, 1}, 1.1f)}};
  for (const NamedTensor& p : ck.params) {
    ck.optimizer_state.push_back({p.name + "/m", ramp(p.value.shape(), 0.001f)});
    ck.optimizer_state.push_back({p.name + "/v", ramp(p.value.shape(), 0.002f)});
  }
  return ck;
}

// An independent little-endian writer following docs/model-format.md, to
// check the encoder's bytes and to build files whose checksums are right but
// whose fields are not.
struct Bytes {
  std::vector<uint8_t> b;
  Bytes& u32(uint32_t v) {
    for (int i = 0; i < 4; ++i) b.push_back(uint8_t(v >> (8 * i)));
    return *this;
  }
  Bytes& u64(uint64_t v) {
    for (int i = 0; i < 8; ++i) b.push_back(uint8_t(v >> (8 * i)));
    return *this;
  }
  Bytes& i32(int32_t v) { return u32(uint32_t(v)); }
  Bytes& f32(float f) {
    uint32_t bits;
    std::memcpy(&bits, &f, 4);
    return u32(bits);
  }
  Bytes& str(const std::string& s) {
    u32(uint32_t(s.size()));
    b.insert(b.end(), s.begin(), s.end());
    return *this;
  }
  Bytes& tensor(const std::string& name, int n, int c, int h, int w, uint64_t count, float first) {
    str(name).i32(n).i32(c).i32(h).i32(w).u64(count);
    for (uint64_t i = 0; i < count; ++i) f32(first + float(i));
    return *this;
  }
  // Header + this body + trailing CRC, with correct checksums.
  std::vector<uint8_t> file(uint32_t version = 1) const {
    Bytes h;
    for (char c : std::string("BARNLAB\x1a")) h.b.push_back(uint8_t(c));
    h.u32(version).u64(24 + b.size() + 4);
    h.u32(crc32(h.b.data(), h.b.size()));
    h.b.insert(h.b.end(), b.begin(), b.end());
    h.u32(crc32(h.b.data(), h.b.size()));
    return h.b;
  }
};

// Body fields up to and including history_json of a small checkpoint.
Bytes small_prefix(int channels = 1, int64_t epoch = 2) {
  Bytes b;
  b.str("input 1x2x2\naffine 2\nsoftmax\n");
  b.u32(2).str("no").str("yes");
  b.i32(channels).i32(2);
  b.u32(1).f32(0.5f).u32(1).f32(0.25f);
  b.str("sgd").u32(1).str("lr").f32(0.01f);
  b.u64(7).u64(uint64_t(epoch)).u64(30);
  b.str("[]");
  return b;
}

Checkpoint small_checkpoint() {
  Checkpoint ck;
  ck.spec = "input 1x2x2\naffine 2\nsoftmax\n";
  ck.classes = {"no", "yes"};
  ck.channels = 1;
  ck.size = 2;
  ck.norm_mean = {0.5f};
  ck.norm_std = {0.25f};
  ck.optimizer = "sgd";
  ck.hyper = {{"lr", 0.01f}};
  ck.seed = 7;
  ck.epoch = 2;
  ck.step = 30;
  ck.history_json = "[]";
  ck.params = {{"0.Affine.W", Tensor({4, 2, 1, 1}, {1, 2, 3, 4, 5, 6, 7, 8})},
               {"0.Affine.b", Tensor({1, 2, 1, 1}, {-2, -1})}};
  ck.temperature = 1.5f;
  ck.threshold = 0.4f;
  return ck;
}

std::vector<uint8_t> small_file_by_hand() {
  Bytes b = small_prefix();
  b.u32(2).tensor("0.Affine.W", 4, 2, 1, 1, 8, 1.f).tensor("0.Affine.b", 1, 2, 1, 1, 2, -2.f);
  b.u32(0).u32(0);  // no buffers, no optimizer state
  b.f32(1.5f).f32(0.4f);  // temperature, threshold (version 2)
  return b.file(2);
}

}  // namespace

TEST_CASE("crc32 is the IEEE CRC-32", "[checkpoint]") {
  const std::string check = "123456789";
  const auto* p = reinterpret_cast<const uint8_t*>(check.data());
  CHECK(crc32(p, check.size()) == 0xCBF43926u);
  CHECK(crc32(p, 0) == 0u);
  CHECK(crc32(p + 4, 5, crc32(p, 4)) == 0xCBF43926u);
}

TEST_CASE("a checkpoint with every field survives a round trip bit-exactly", "[checkpoint]") {
  const Checkpoint ck = full_checkpoint();
  const std::vector<uint8_t> bytes = encode_checkpoint(ck);
  const Checkpoint back = decode_checkpoint(bytes.data(), bytes.size());
  check_same(back, ck);
  // The encoding is canonical: the same checkpoint gives the same bytes.
  CHECK(encode_checkpoint(back) == bytes);
}

TEST_CASE("a checkpoint without optimizer state or normalization round-trips", "[checkpoint]") {
  Checkpoint ck;
  ck.spec = "input 1x4x4\naffine 3\nsoftmax\n";
  ck.classes = {"a", "b", "c"};
  ck.channels = 1;
  ck.size = 4;
  ck.params = {{"0.Affine.W", ramp({16, 3, 1, 1}, 0.f)}, {"0.Affine.b", ramp({1, 3, 1, 1}, 0.f)}};
  const std::vector<uint8_t> bytes = encode_checkpoint(ck);
  const Checkpoint back = decode_checkpoint(bytes.data(), bytes.size());
  check_same(back, ck);
  CHECK(back.optimizer.empty());
  CHECK(back.hyper.empty());
  CHECK(back.optimizer_state.empty());
  CHECK(back.buffers.empty());
  CHECK(back.norm_mean.empty());

  // The smallest file: a default checkpoint, every list empty.
  const std::vector<uint8_t> empty = encode_checkpoint(Checkpoint());
  CHECK(empty.size() == 108);
  check_same(decode_checkpoint(empty.data(), empty.size()), Checkpoint());
}

TEST_CASE("the encoder writes the bytes docs/model-format.md describes", "[checkpoint]") {
  const Checkpoint ck = small_checkpoint();
  const std::vector<uint8_t> want = small_file_by_hand();
  const std::vector<uint8_t> got = encode_checkpoint(ck);
  REQUIRE(got.size() == want.size());
  for (size_t i = 0; i < got.size(); ++i) {
    INFO("first difference at byte " << i);
    REQUIRE(int(got[i]) == int(want[i]));
  }
  // Spot checks that do not rely on the helper: magic, little-endian version
  // and total length, trailing CRC over everything before it.
  CHECK(std::memcmp(got.data(), "BARNLAB\x1a", 8) == 0);
  CHECK((got[8] == 2 && got[9] == 0 && got[10] == 0 && got[11] == 0));
  CHECK(uint64_t(got[12]) + 256 * uint64_t(got[13]) == got.size());
  const uint32_t crc = crc32(got.data(), got.size() - 4);
  CHECK(got[got.size() - 4] == uint8_t(crc));
  CHECK(got[got.size() - 1] == uint8_t(crc >> 24));
}

TEST_CASE("every truncation of a model file is reported as truncated", "[checkpoint]") {
  const std::vector<uint8_t> bytes = encode_checkpoint(small_checkpoint());
  for (size_t n = 0; n < bytes.size(); ++n) {
    const std::vector<uint8_t> prefix(bytes.begin(), bytes.begin() + n);
    const std::string msg = decode_error(prefix);
    INFO("prefix of " << n << " of " << bytes.size() << " bytes: " << msg);
    REQUIRE(contains(msg, "model file is truncated (" + std::to_string(n) + " of "));
    REQUIRE(contains(msg, "the download or copy was cut short; export it again"));
    if (n >= 24) REQUIRE(contains(msg, "(" + std::to_string(n) + " of " +
                                           std::to_string(bytes.size()) + " bytes)"));
  }
}

TEST_CASE("every flipped byte gives an Error naming the damage", "[checkpoint]") {
  const std::vector<uint8_t> bytes = encode_checkpoint(small_checkpoint());
  for (size_t i = 0; i < bytes.size(); ++i) {
    for (uint8_t mask : {uint8_t(0x01), uint8_t(0x80), uint8_t(0xFF)}) {
      std::vector<uint8_t> bad = bytes;
      bad[i] ^= mask;
      const std::string msg = decode_error(bad);
      INFO("byte " << i << " ^ " << int(mask) << ": " << msg);
      if (i < 8)
        REQUIRE(contains(msg, "not a Barnlab model file"));
      else if (i < 12 && bad[8] >= kOldestModelFormatVersion && bad[8] <= kModelFormatVersion &&
               bad[9] == 0 && bad[10] == 0 && bad[11] == 0)  // another readable version (2 -> 3)
        REQUIRE(contains(msg, "model file is corrupt (header checksum mismatch)"));
      else if (i < 12)
        REQUIRE(contains(msg, "model file format version"));
      else if (i < 24)  // length and header CRC: corrupt, never "truncated"
        REQUIRE(contains(msg, "model file is corrupt (header checksum mismatch)"));
      else
        REQUIRE(contains(msg, "model file is corrupt (checksum mismatch)"));
    }
  }
}

TEST_CASE("a file that is not a Barnlab model says what to choose", "[checkpoint]") {
  const std::string want =
      "not a Barnlab model file (it does not start with the Barnlab signature): choose a "
      ".barnlab model file saved by Barnlab";
  const std::vector<uint8_t> png = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13};
  CHECK(decode_error(png) == want);
  std::vector<uint8_t> other = encode_checkpoint(small_checkpoint());
  other[0] = 'b';
  CHECK(decode_error(other) == want);
  CHECK(decode_error({'{', '}'}) == want);
  CHECK(decode_error({'B', 'A', 'R', 'N', 'X'}) == want);
  // A prefix of the magic is a truncated model file, not a foreign one.
  CHECK(contains(decode_error({'B', 'A', 'R'}), "model file is truncated (3 of at least 24"));
  CHECK(contains(decode_error({}), "model file is truncated (0 of at least 24"));
  CHECK_THROWS_AS(decode_checkpoint(nullptr, 0), Error);
}

TEST_CASE("another format version says how to get a readable file", "[checkpoint]") {
  Bytes body = small_prefix();
  body.u32(0).u32(0).u32(0);
  CHECK(decode_error(body.file(4)) ==
        "model file format version 4; this Barnlab reads versions 1 to 3: re-export it with a "
        "matching Barnlab or retrain");
  CHECK(contains(decode_error(body.file(0)), "model file format version 0;"));
  // Only magic and version are read before the version check, so a future
  // format may change everything after them.
  std::vector<uint8_t> v5 = {'B', 'A', 'R', 'N', 'L', 'A', 'B', 0x1a, 5, 0, 0, 0};
  CHECK(contains(decode_error(v5), "model file format version 5;"));
  CHECK(decode_error(body.file(1)).empty());
}

TEST_CASE("version 1 files still load, with no calibration; version 2 keeps it", "[checkpoint]") {
  Bytes body = small_prefix();
  body.u32(0).u32(0).u32(0);
  const std::vector<uint8_t> v1 = body.file(1);
  const Checkpoint old = decode_checkpoint(v1.data(), v1.size());
  CHECK(old.temperature == 1.f);
  CHECK(old.threshold == 0.f);
  // The same body as version 2 lacks the calibration: corrupt, not misread.
  CHECK(contains(decode_error(body.file(2)), "temperature runs past the end of the file"));
  Bytes v2 = small_prefix();
  v2.u32(0).u32(0).u32(0).f32(2.f).f32(0.6f);
  const std::vector<uint8_t> bytes = v2.file(2);
  const Checkpoint ck = decode_checkpoint(bytes.data(), bytes.size());
  CHECK(ck.temperature == 2.f);
  CHECK(ck.threshold == 0.6f);
  Bytes bad = small_prefix();
  bad.u32(0).u32(0).u32(0).f32(-1.f).f32(0.6f);
  CHECK(contains(decode_error(bad.file(2)), "temperature is -1"));
}

TEST_CASE("version 3 carries the out-of-distribution statistics; without them the file stays version 2",
          "[checkpoint]") {
  Checkpoint ck = small_checkpoint();
  const std::vector<uint8_t> plain = encode_checkpoint(ck);
  CHECK(plain[8] == 2);
  ck.ood = {0.f, 1.f, 2.f, 3.5f, 0.25f, -0.5f, 4.f, 2.f, 0.f, 0.f, 2.f};
  const std::vector<uint8_t> bytes = encode_checkpoint(ck);
  CHECK(bytes[8] == 3);
  CHECK(bytes.size() == plain.size() + 4 + 4 * ck.ood.size());
  const Checkpoint back = decode_checkpoint(bytes.data(), bytes.size());
  CHECK(back.ood == ck.ood);
  CHECK(encode_checkpoint(back) == bytes);
  // A version-3 body must carry them: with none it is corrupt, not misread.
  Bytes v3 = small_prefix();
  v3.u32(0).u32(0).u32(0).f32(1.f).f32(0.f).u32(0);
  CHECK(contains(decode_error(v3.file(3)), "no out-of-distribution statistics"));
  Bytes short3 = small_prefix();
  short3.u32(0).u32(0).u32(0).f32(1.f).f32(0.f).u32(2).f32(1.f);
  CHECK(contains(decode_error(short3.file(3)), "ood"));
}

TEST_CASE("impossible fields are reported even when the checksums match", "[checkpoint]") {
  auto with_params = [](const std::function<void(Bytes&)>& params) {
    Bytes b = small_prefix();
    params(b);
    b.u32(0).u32(0);  // buffers, optimizer_state
    return decode_error(b.file());
  };
  SECTION("the hand-built small file is valid") {
    CHECK(with_params([](Bytes& b) { b.u32(1).tensor("w", 1, 2, 1, 1, 2, 0.f); }).empty());
  }
  SECTION("a dimension that is zero or negative") {
    CHECK(with_params([](Bytes& b) { b.u32(1).tensor("w", 1, 0, 1, 1, 0, 0.f); }) ==
          "model file is corrupt: params[0] 'w' has a dimension that is not positive (0)");
    CHECK(contains(with_params([](Bytes& b) { b.u32(1).tensor("w", -1, -2, 1, 1, 2, 0.f); }),
                   "params[0] 'w' has a dimension that is not positive (-1)"));
  }
  SECTION("a shape whose product is not the value count") {
    CHECK(with_params([](Bytes& b) { b.u32(1).tensor("w", 2, 2, 1, 1, 3, 0.f); }) ==
          "model file is corrupt: params[0] 'w' has shape 2 x 2 x 1 x 1 but 3 values");
  }
  SECTION("a shape whose product overflows 64 bits") {
    // 65536^4 = 2^64 wraps to 0 in unchecked arithmetic.
    CHECK(contains(with_params([](Bytes& b) {
                     b.u32(1).tensor("w", 65536, 65536, 65536, 65536, 0, 0.f);
                   }),
                   "params[0] 'w' has a shape whose size overflows"));
  }
  SECTION("a value count larger than the file") {
    CHECK(contains(with_params([](Bytes& b) {
                     b.u32(1).str("w").i32(1 << 30).i32(4).i32(1).i32(1).u64(uint64_t(1) << 32);
                   }),
                   "params[0] 'w' values run past the end of the file"));
  }
  SECTION("a tensor count larger than the file can hold") {
    CHECK(contains(with_params([](Bytes& b) { b.u32(1000); }),
                   "model file is corrupt: params count 1000 does not fit in the rest of the file"));
    CHECK(contains(with_params([](Bytes& b) { b.u32(0xFFFFFFFFu); }),
                   "params count 4294967295 is over the limit"));
  }
  SECTION("a string length over the limit or past the end") {
    CHECK(contains(with_params([](Bytes& b) { b.u32(1).u32(0xFFFFFFFFu).str(std::string(40, 0)); }),
                   "params[0] name length 4294967295 is over the limit of 4096 bytes"));
    CHECK(contains(with_params([](Bytes& b) { b.u32(1).u32(4000).str(std::string(40, 0)); }),
                   "params[0] name runs past the end of the file"));
  }
  SECTION("the same tensor name twice") {
    CHECK(with_params([](Bytes& b) {
            b.u32(2).tensor("w", 1, 1, 1, 1, 1, 0.f).tensor("w", 1, 1, 1, 1, 1, 0.f);
          }) == "model file is corrupt: params has the name 'w' twice");
  }
  SECTION("bytes left over after the last field") {
    Bytes b = small_prefix();
    b.u32(0).u32(0).u32(0).u32(7);
    CHECK(decode_error(b.file()) ==
          "model file is corrupt: 4 unexpected bytes after optimizer_state");
  }
  SECTION("a field cut short inside a file of the right length") {
    Bytes b;
    b.str(std::string(80, 's')).u32(1).u32(100).str("cat");  // class 0: 100 bytes announced
    CHECK(decode_error(b.file()) ==
          "model file is corrupt: classes[0] runs past the end of the file");
    Bytes c;
    c.u32(80).str(std::string(72, 's'));
    CHECK(decode_error(c.file()) == "model file is corrupt: spec runs past the end of the file");
    Bytes d = small_prefix();
    d.u32(0).u32(0);  // optimizer_state count missing
    CHECK(decode_error(d.file()) ==
          "model file is corrupt: optimizer_state count runs past the end of the file");
  }
  SECTION("inconsistent header fields") {
    Bytes b = small_prefix(0);
    b.u32(0).u32(0).u32(0);
    CHECK(decode_error(b.file()) ==
          "model file is corrupt: channels is 0, not between 1 and 4096");
    Bytes c = small_prefix(3);  // one normalization value for three channels
    c.u32(0).u32(0).u32(0);
    CHECK(decode_error(c.file()) ==
          "model file is corrupt: norm_mean has 1 values for 3 channels");
    Bytes d = small_prefix(1, -1);
    d.u32(0).u32(0).u32(0);
    CHECK(decode_error(d.file()) == "model file is corrupt: epoch is negative (-1)");
  }
  SECTION("a total length that is not the file's") {
    std::vector<uint8_t> bytes = encode_checkpoint(small_checkpoint());
    bytes.push_back(0);
    CHECK(contains(decode_error(bytes), "model file is corrupt: 1 unexpected bytes after its end"));
    // A header that claims less than the smallest file, with a valid header CRC.
    Bytes h;
    for (char ch : std::string("BARNLAB\x1a")) h.b.push_back(uint8_t(ch));
    h.u32(1).u64(30);
    h.u32(crc32(h.b.data(), h.b.size()));
    h.b.resize(30);
    CHECK(contains(decode_error(h.b), "total length 30 is less than the smallest model file"));
  }
}

TEST_CASE("the encoder refuses a checkpoint it could not read back", "[checkpoint]") {
  auto encode_error = [](const Checkpoint& ck) -> std::string {
    try {
      encode_checkpoint(ck);
    } catch (const Error& e) {
      return e.what();
    }
    return "";
  };
  Checkpoint ck = small_checkpoint();
  ck.params.push_back({"empty", Tensor()});  // shape 1 x 1 x 1 x 1, no values
  CHECK(encode_error(ck) == "cannot save the model: params[2] 'empty' has shape 1 x 1 x 1 x 1 but 0 values");
  ck = small_checkpoint();
  ck.buffers = {{"m", Tensor({1, 1, 1, 1})}, {"m", Tensor({1, 1, 1, 1})}};
  CHECK(encode_error(ck) == "cannot save the model: buffers has the name 'm' twice");
  ck = small_checkpoint();
  ck.norm_std.clear();
  CHECK(encode_error(ck) == "cannot save the model: norm_mean has 1 values but norm_std 0");
  ck = small_checkpoint();
  ck.classes[0] = std::string(5000, 'x');
  CHECK(contains(encode_error(ck), "classes[0] is 5000 bytes long, over the limit"));
}

TEST_CASE("model files are written atomically and read back", "[checkpoint]") {
  const std::string dir = std::string(BARNLAB_TEST_TMP) + "/checkpoint_test";
  ::mkdir(dir.c_str(), 0755);
  const std::string path = dir + "/model.barnlab";
  std::remove(path.c_str());
  std::remove((path + ".tmp").c_str());
  ::rmdir((path + ".tmp").c_str());

  const std::vector<uint8_t> bytes = encode_checkpoint(full_checkpoint());
  write_file(path, bytes);
  CHECK(read_file(path) == bytes);
  std::FILE* leftover = std::fopen((path + ".tmp").c_str(), "rb");
  CHECK(leftover == nullptr);
  if (leftover) std::fclose(leftover);
  check_same(decode_checkpoint(read_file(path).data(), bytes.size()), full_checkpoint());

  SECTION("overwriting replaces the whole file") {
    const std::vector<uint8_t> small = encode_checkpoint(small_checkpoint());
    write_file(path, small);
    CHECK(read_file(path) == small);
  }
  SECTION("a folder that does not exist is an Error naming the path") {
    const std::string missing = dir + "/no-such-folder/model.barnlab";
    try {
      write_file(missing, bytes);
      FAIL("write_file did not throw");
    } catch (const Error& e) {
      INFO(e.what());
      CHECK(contains(e.what(), "cannot save the model file '" + missing + "'"));
      CHECK(contains(e.what(), "check that the folder exists and is writable"));
    }
  }
  SECTION("a failed write leaves the existing file untouched") {
    // The temporary file cannot be created where a folder of its name is.
    REQUIRE(::mkdir((path + ".tmp").c_str(), 0755) == 0);
    CHECK_THROWS_AS(write_file(path, encode_checkpoint(small_checkpoint())), Error);
    ::rmdir((path + ".tmp").c_str());
    CHECK(read_file(path) == bytes);
  }
  SECTION("reading a missing or unreadable file is an Error naming the path") {
    const std::string missing = dir + "/missing.barnlab";
    try {
      read_file(missing);
      FAIL("read_file did not throw");
    } catch (const Error& e) {
      CHECK(std::string(e.what()) ==
            "cannot open the model file '" + missing + "': No such file or directory");
    }
    try {
      read_file(dir);  // a folder
      FAIL("read_file did not throw");
    } catch (const Error& e) {
      CHECK(contains(e.what(), "model file '" + dir + "'"));
    }
  }
  std::remove(path.c_str());
}

}  // namespace barnlab
