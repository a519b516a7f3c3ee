// The model file codec. Byte layout: docs/model-format.md (keep the two in
// step). Everything is written byte by byte in little-endian order, so the
// bytes are the same on every host and in WebAssembly.
//
// decode_checkpoint() treats its input as hostile: the header and a CRC-32
// are checked before any field is parsed, every length is checked against
// the bytes that remain before anything is allocated, and counts and string
// sizes have fixed limits. encode_checkpoint() checks the same invariants, so
// Barnlab never writes a file it would refuse to read.
#include "model/checkpoint.h"

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <set>

#include "core/error.h"

#ifndef _WIN32
#include <unistd.h>  // fsync
#endif

namespace barnlab {

namespace {

constexpr uint8_t kMagic[8] = {'B', 'A', 'R', 'N', 'L', 'A', 'B', 0x1a};
// magic (8) + version u32 + total length u64 + header CRC-32 u32
constexpr size_t kHeaderSize = 24;
constexpr size_t kHeaderCrcOffset = 20;
constexpr size_t kTrailerSize = 4;  // CRC-32 of everything before it
// Body of an empty version-1 checkpoint: 8 u32 lengths/counts of empty
// fields, channels and size (i32), 3 x u64/i64, 3 empty tensor lists
// (version 2 adds the two calibration floats).
constexpr size_t kMinBodySize = 4 + 4 + 4 + 4 + 4 + 4 + 4 + 4 + 8 + 8 + 8 + 4 + 4 + 4 + 4;
constexpr size_t kMinFileSize = kHeaderSize + kMinBodySize + kTrailerSize;

constexpr uint32_t kMaxTextBytes = 64u << 20;  // spec, history_json
constexpr uint32_t kMaxNameBytes = 4096;       // class, optimizer, hyper and tensor names
constexpr uint32_t kMaxClasses = 1u << 20;
constexpr uint32_t kMaxHyper = 1024;
constexpr uint32_t kMaxTensors = 1u << 20;  // per list
constexpr int kMaxChannels = 4096;
constexpr int kMaxSize = 1 << 16;
constexpr uint32_t kMaxOodFloats = 1u << 24;  // class means and a feature covariance

struct CrcTable {
  uint32_t v[256];
  constexpr CrcTable() : v() {
    for (uint32_t i = 0; i < 256; ++i) {
      uint32_t c = i;
      for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
      v[i] = c;
    }
  }
};
constexpr CrcTable kCrcTable;

uint32_t le32(const uint8_t* p) {
  return uint32_t(p[0]) | uint32_t(p[1]) << 8 | uint32_t(p[2]) << 16 | uint32_t(p[3]) << 24;
}
uint64_t le64(const uint8_t* p) { return uint64_t(le32(p)) | uint64_t(le32(p + 4)) << 32; }

std::string mib(uint32_t bytes) {
  return bytes % (1u << 20) == 0 ? std::to_string(bytes >> 20) + " MiB"
                                 : std::to_string(bytes) + " bytes";
}

std::string tensor_label(const char* list, size_t i, const std::string& name) {
  return std::string(list) + "[" + std::to_string(i) + "] '" + name + "'";
}

// "" when shape and element count agree (all dimensions positive, product
// equal to count, computed without overflow); otherwise what is wrong.
std::string shape_problem(const int32_t dims[4], uint64_t count) {
  uint64_t product = 1;
  for (int k = 0; k < 4; ++k) {
    if (dims[k] <= 0) return "has a dimension that is not positive (" + std::to_string(dims[k]) + ")";
    if (product > UINT64_MAX / uint64_t(dims[k])) return "has a shape whose size overflows";
    product *= uint64_t(dims[k]);
  }
  if (product != count)
    return "has shape " + std::to_string(dims[0]) + " x " + std::to_string(dims[1]) + " x " +
           std::to_string(dims[2]) + " x " + std::to_string(dims[3]) + " but " +
           std::to_string(count) + " values";
  return "";
}

// Invariants shared by encode and decode, apart from the per-tensor shape
// checks and the limits the reader enforces while parsing. "" when all hold.
std::string checkpoint_problem(const Checkpoint& ck) {
  if (ck.channels < 1 || ck.channels > kMaxChannels)
    return "channels is " + std::to_string(ck.channels) + ", not between 1 and " +
           std::to_string(kMaxChannels);
  if (ck.size < 1 || ck.size > kMaxSize)
    return "size is " + std::to_string(ck.size) + ", not between 1 and " +
           std::to_string(kMaxSize);
  if (ck.norm_mean.size() != ck.norm_std.size())
    return "norm_mean has " + std::to_string(ck.norm_mean.size()) + " values but norm_std " +
           std::to_string(ck.norm_std.size());
  if (!ck.norm_mean.empty() && ck.norm_mean.size() != size_t(ck.channels))
    return "norm_mean has " + std::to_string(ck.norm_mean.size()) + " values for " +
           std::to_string(ck.channels) + " channels";
  if (!(ck.temperature > 0.f) || !std::isfinite(ck.temperature))
    return "temperature is " + std::to_string(ck.temperature) + ", not a positive number";
  if (!(ck.threshold >= 0.f && ck.threshold <= 1.f))
    return "threshold is " + std::to_string(ck.threshold) + ", not between 0 and 1";
  if (ck.epoch < 0) return "epoch is negative (" + std::to_string(ck.epoch) + ")";
  if (ck.step < 0) return "step is negative (" + std::to_string(ck.step) + ")";
  std::set<std::string> seen;
  for (size_t i = 0; i < ck.hyper.size(); ++i) {
    const std::string& name = ck.hyper[i].first;
    if (name.empty()) return "hyper[" + std::to_string(i) + "] has an empty name";
    if (!seen.insert(name).second) return "hyper-parameter '" + name + "' appears twice";
  }
  const std::pair<const char*, const std::vector<NamedTensor>*> lists[] = {
      {"params", &ck.params}, {"buffers", &ck.buffers}, {"optimizer_state", &ck.optimizer_state}};
  for (const auto& [list, tensors] : lists) {
    seen.clear();
    for (size_t i = 0; i < tensors->size(); ++i) {
      const std::string& name = (*tensors)[i].name;
      if (name.empty()) return std::string(list) + "[" + std::to_string(i) + "] has an empty name";
      if (!seen.insert(name).second)
        return std::string(list) + " has the name '" + name + "' twice";
    }
  }
  return "";
}

// ---- writing ----

class Writer {
 public:
  std::vector<uint8_t> out;

  void u32(uint32_t v) {
    for (int i = 0; i < 4; ++i) out.push_back(uint8_t(v >> (8 * i)));
  }
  void u64(uint64_t v) {
    for (int i = 0; i < 8; ++i) out.push_back(uint8_t(v >> (8 * i)));
  }
  void i32(int32_t v) { u32(uint32_t(v)); }
  void i64(int64_t v) { u64(uint64_t(v)); }
  void f32(float f) {
    uint32_t bits;
    std::memcpy(&bits, &f, 4);
    u32(bits);
  }
  void floats(const float* p, size_t n) {
    for (size_t i = 0; i < n; ++i) f32(p[i]);
  }
  void count(size_t n, uint32_t limit, const std::string& what) {
    if (n > limit)
      throw Error("cannot save the model: " + what + " has " + std::to_string(n) +
                  " entries, over the limit of " + std::to_string(limit));
    u32(uint32_t(n));
  }
  void str(const std::string& s, uint32_t limit, const std::string& what) {
    if (s.size() > limit)
      throw Error("cannot save the model: " + what + " is " + std::to_string(s.size()) +
                  " bytes long, over the limit of " + mib(limit));
    u32(uint32_t(s.size()));
    out.insert(out.end(), s.begin(), s.end());
  }
  void tensors(const std::vector<NamedTensor>& list, const char* what) {
    count(list.size(), kMaxTensors, what);
    for (size_t i = 0; i < list.size(); ++i) {
      const NamedTensor& t = list[i];
      const Shape& s = t.value.shape();
      const int32_t dims[4] = {s.n, s.c, s.h, s.w};
      const std::string problem = shape_problem(dims, t.value.size());
      if (!problem.empty())
        throw Error("cannot save the model: " + tensor_label(what, i, t.name) + " " + problem);
      str(t.name, kMaxNameBytes, tensor_label(what, i, t.name) + " name");
      for (int32_t d : dims) i32(d);
      u64(t.value.size());
      floats(t.value.data(), t.value.size());
    }
  }
};

// ---- reading ----

[[noreturn]] void corrupt(const std::string& what) {
  throw Error(errc::kModelCorrupt, "model file is corrupt: " + what);
}

[[noreturn]] void truncated(size_t have, const std::string& need) {
  throw Error(errc::kModelTruncated, "model file is truncated (" + std::to_string(have) + " of " + need +
              " bytes): the download or copy was cut short; export it again");
}

class Reader {
 public:
  Reader(const uint8_t* data, size_t begin, size_t end) : p_(data), pos_(begin), end_(end) {}

  size_t remaining() const { return end_ - pos_; }

  void need(size_t n, const std::string& what) const {
    if (remaining() < n) corrupt(what + " runs past the end of the file");
  }
  uint32_t u32(const char* what) {
    need(4, what);
    const uint32_t v = le32(p_ + pos_);
    pos_ += 4;
    return v;
  }
  uint64_t u64(const char* what) {
    need(8, what);
    const uint64_t v = le64(p_ + pos_);
    pos_ += 8;
    return v;
  }
  int32_t i32(const char* what) { return int32_t(u32(what)); }
  int64_t i64(const char* what) { return int64_t(u64(what)); }
  // The caller has checked that n floats remain.
  void floats(float* dst, size_t n) {
    for (size_t i = 0; i < n; ++i, pos_ += 4) {
      const uint32_t bits = le32(p_ + pos_);
      std::memcpy(dst + i, &bits, 4);
    }
  }
  // A count of items each at least min_item_bytes long: checked against the
  // limit and the remaining bytes, so reserving it is safe.
  uint32_t count(const std::string& what, uint32_t limit, size_t min_item_bytes) {
    const uint32_t n = u32((what + " count").c_str());
    if (n > limit)
      corrupt(what + " count " + std::to_string(n) + " is over the limit of " +
              std::to_string(limit));
    if (uint64_t(n) * min_item_bytes > remaining())
      corrupt(what + " count " + std::to_string(n) + " does not fit in the rest of the file");
    return n;
  }
  std::string str(const std::string& what, uint32_t limit) {
    const uint32_t n = u32((what + " length").c_str());
    if (n > limit)
      corrupt(what + " length " + std::to_string(n) + " is over the limit of " + mib(limit));
    need(n, what);
    std::string s(reinterpret_cast<const char*>(p_ + pos_), n);
    pos_ += n;
    return s;
  }
  std::vector<float> float_list(const char* what) {
    const uint32_t n = count(what, uint32_t(kMaxChannels), 4);
    std::vector<float> v(n);
    floats(v.data(), n);
    return v;
  }
  std::vector<NamedTensor> tensors(const char* what) {
    // name length + 4 dims + element count + at least one value
    const uint32_t n = count(what, kMaxTensors, 4 + 16 + 8 + 4);
    std::vector<NamedTensor> list;
    list.reserve(n);
    for (uint32_t i = 0; i < n; ++i) {
      const std::string label = std::string(what) + "[" + std::to_string(i) + "]";
      NamedTensor t;
      t.name = str(label + " name", kMaxNameBytes);
      int32_t dims[4];
      for (int32_t& d : dims) d = i32((label + " shape").c_str());
      const uint64_t n_values = u64((label + " value count").c_str());
      const std::string problem = shape_problem(dims, n_values);
      if (!problem.empty()) corrupt(tensor_label(what, i, t.name) + " " + problem);
      if (n_values > remaining() / 4)
        corrupt(tensor_label(what, i, t.name) + " values run past the end of the file");
      // Shape::size() == n_values here, and n_values fits in the input.
      t.value = Tensor(Shape{dims[0], dims[1], dims[2], dims[3]});
      floats(t.value.data(), t.value.size());
      list.push_back(std::move(t));
    }
    return list;
  }

 private:
  const uint8_t* p_;
  size_t pos_, end_;
};

}  // namespace

uint32_t crc32(const uint8_t* data, size_t size, uint32_t crc) {
  crc = ~crc;
  for (size_t i = 0; i < size; ++i) crc = kCrcTable.v[(crc ^ data[i]) & 0xFF] ^ (crc >> 8);
  return ~crc;
}

std::vector<uint8_t> encode_checkpoint(const Checkpoint& ck) {
  const std::string problem = checkpoint_problem(ck);
  if (!problem.empty()) throw Error("cannot save the model: " + problem);

  size_t estimate = kMinFileSize + ck.spec.size() + ck.history_json.size();
  for (const auto* list : {&ck.params, &ck.buffers, &ck.optimizer_state})
    for (const NamedTensor& t : *list) estimate += 64 + t.name.size() + 4 * t.value.size();
  Writer w;
  w.out.reserve(estimate);

  w.out.insert(w.out.end(), std::begin(kMagic), std::end(kMagic));
  w.u32(ck.ood.empty() ? 2u : kModelFormatVersion);
  w.u64(0);  // total length, patched below
  w.u32(0);  // header CRC, patched below

  w.str(ck.spec, kMaxTextBytes, "spec");
  w.count(ck.classes.size(), kMaxClasses, "classes");
  for (size_t i = 0; i < ck.classes.size(); ++i)
    w.str(ck.classes[i], kMaxNameBytes, "classes[" + std::to_string(i) + "]");
  w.i32(ck.channels);
  w.i32(ck.size);
  w.count(ck.norm_mean.size(), kMaxChannels, "norm_mean");
  w.floats(ck.norm_mean.data(), ck.norm_mean.size());
  w.count(ck.norm_std.size(), kMaxChannels, "norm_std");
  w.floats(ck.norm_std.data(), ck.norm_std.size());
  w.str(ck.optimizer, kMaxNameBytes, "optimizer");
  w.count(ck.hyper.size(), kMaxHyper, "hyper");
  for (size_t i = 0; i < ck.hyper.size(); ++i) {
    w.str(ck.hyper[i].first, kMaxNameBytes, "hyper[" + std::to_string(i) + "] name");
    w.f32(ck.hyper[i].second);
  }
  w.u64(ck.seed);
  w.i64(ck.epoch);
  w.i64(ck.step);
  w.str(ck.history_json, kMaxTextBytes, "history_json");
  w.tensors(ck.params, "params");
  w.tensors(ck.buffers, "buffers");
  w.tensors(ck.optimizer_state, "optimizer_state");
  w.f32(ck.temperature);
  w.f32(ck.threshold);
  if (!ck.ood.empty()) {
    w.count(ck.ood.size(), kMaxOodFloats, "ood");
    w.floats(ck.ood.data(), ck.ood.size());
  }

  std::vector<uint8_t>& out = w.out;
  const uint64_t total = out.size() + kTrailerSize;
  for (int i = 0; i < 8; ++i) out[12 + i] = uint8_t(total >> (8 * i));
  const uint32_t header_crc = crc32(out.data(), kHeaderCrcOffset);
  for (int i = 0; i < 4; ++i) out[kHeaderCrcOffset + i] = uint8_t(header_crc >> (8 * i));
  w.u32(crc32(out.data(), out.size()));
  return out;
}

Checkpoint decode_checkpoint(const uint8_t* data, size_t size) {
  const std::string kAtLeastHeader = "at least " + std::to_string(kHeaderSize);
  if (size > 0 && data == nullptr) throw Error("model file is missing (no bytes given)");

  // Magic and version first: they keep their place in every format version.
  const size_t have = size < sizeof kMagic ? size : sizeof kMagic;
  if (have > 0 && std::memcmp(data, kMagic, have) != 0)
    throw Error(errc::kNotModelFile,
        "not a Barnlab model file (it does not start with the Barnlab signature): choose a "
        ".barnlab model file saved by Barnlab");
  if (size < 12) truncated(size, kAtLeastHeader);
  const uint32_t version = le32(data + 8);
  if (version < kOldestModelFormatVersion || version > kModelFormatVersion)
    throw Error(errc::kModelVersion, "model file format version " + std::to_string(version) +
                "; this Barnlab reads versions " + std::to_string(kOldestModelFormatVersion) +
                " to " + std::to_string(kModelFormatVersion) +
                ": re-export it with a matching Barnlab or retrain");
  if (size < kHeaderSize) truncated(size, kAtLeastHeader);
  // The header has its own checksum so that a damaged length field reads as
  // "corrupt", not as "truncated".
  if (crc32(data, kHeaderCrcOffset) != le32(data + kHeaderCrcOffset))
    throw Error(errc::kModelCorrupt,
        "model file is corrupt (header checksum mismatch): it was damaged after it was saved; "
        "export it again");
  const uint64_t total = le64(data + 12);
  if (total < kMinFileSize)
    corrupt("total length " + std::to_string(total) + " is less than the smallest model file (" +
            std::to_string(kMinFileSize) + " bytes)");
  if (total > size) truncated(size, std::to_string(total));
  if (total < size)
    corrupt(std::to_string(size - total) + " unexpected bytes after its end (" +
            std::to_string(total) + " bytes)");
  const size_t body_end = size - kTrailerSize;
  if (crc32(data, body_end) != le32(data + body_end))
    throw Error(errc::kModelCorrupt,
        "model file is corrupt (checksum mismatch): it was damaged after it was saved; export "
        "it again");

  Reader r(data, kHeaderSize, body_end);
  Checkpoint ck;
  ck.spec = r.str("spec", kMaxTextBytes);
  const uint32_t n_classes = r.count("classes", kMaxClasses, 4);
  ck.classes.reserve(n_classes);
  for (uint32_t i = 0; i < n_classes; ++i)
    ck.classes.push_back(r.str("classes[" + std::to_string(i) + "]", kMaxNameBytes));
  ck.channels = r.i32("channels");
  ck.size = r.i32("size");
  ck.norm_mean = r.float_list("norm_mean");
  ck.norm_std = r.float_list("norm_std");
  ck.optimizer = r.str("optimizer", kMaxNameBytes);
  const uint32_t n_hyper = r.count("hyper", kMaxHyper, 4 + 4);
  ck.hyper.reserve(n_hyper);
  for (uint32_t i = 0; i < n_hyper; ++i) {
    const std::string label = "hyper[" + std::to_string(i) + "]";
    std::string name = r.str(label + " name", kMaxNameBytes);
    const uint32_t bits = r.u32((label + " value").c_str());
    float v;
    std::memcpy(&v, &bits, 4);
    ck.hyper.emplace_back(std::move(name), v);
  }
  ck.seed = r.u64("seed");
  ck.epoch = r.i64("epoch");
  ck.step = r.i64("step");
  ck.history_json = r.str("history_json", kMaxTextBytes);
  ck.params = r.tensors("params");
  ck.buffers = r.tensors("buffers");
  ck.optimizer_state = r.tensors("optimizer_state");
  if (version >= 2) {
    const uint32_t t = r.u32("temperature"), h = r.u32("threshold");
    std::memcpy(&ck.temperature, &t, 4);
    std::memcpy(&ck.threshold, &h, 4);
  }
  if (version >= 3) {
    const uint32_t n = r.count("ood", kMaxOodFloats, 4);
    if (n == 0) corrupt("a version-3 file with no out-of-distribution statistics");
    ck.ood.resize(n);
    r.floats(ck.ood.data(), n);
  }
  if (r.remaining() != 0)
    corrupt(std::to_string(r.remaining()) + " unexpected bytes after " +
            (version >= 3 ? "ood" : version >= 2 ? "threshold" : "optimizer_state"));

  const std::string problem = checkpoint_problem(ck);
  if (!problem.empty()) corrupt(problem);
  return ck;
}

void write_file(const std::string& path, const std::vector<uint8_t>& bytes) {
  const std::string tmp = path + ".tmp";
  auto fail = [&](const char* doing, int err) {
    std::remove(tmp.c_str());
    throw Error("cannot save the model file '" + path + "' (" + doing + ": " +
                std::strerror(err) + "): check that the folder exists and is writable");
  };
  std::FILE* f = std::fopen(tmp.c_str(), "wb");
  if (!f) {
    const int err = errno;  // nothing was created, nothing to remove
    throw Error("cannot save the model file '" + path + "' (creating " + tmp + ": " +
                std::strerror(err) + "): check that the folder exists and is writable");
  }
  bool ok = bytes.empty() || std::fwrite(bytes.data(), 1, bytes.size(), f) == bytes.size();
  ok = std::fflush(f) == 0 && ok;
#ifndef _WIN32
  // The data must be on disk before the rename makes it the model file.
  ok = (ok && ::fsync(fileno(f)) == 0);
#endif
  int err = ok ? 0 : errno;
  if (std::fclose(f) != 0 && ok) {
    ok = false;
    err = errno;
  }
  if (!ok) fail("writing", err);
  // POSIX rename replaces the old file atomically: readers see the old or the
  // new file, never a partial one.
  if (std::rename(tmp.c_str(), path.c_str()) != 0) fail("renaming the temporary file", errno);
}

std::vector<uint8_t> read_file(const std::string& path) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) {
    const int err = errno;
    throw Error("cannot open the model file '" + path + "': " + std::strerror(err));
  }
  // Read in chunks (not on the stack: Emscripten's default stack is 64 KiB).
  std::vector<uint8_t> bytes;
  for (;;) {
    const size_t old = bytes.size(), chunk = size_t(1) << 16;
    bytes.resize(old + chunk);
    const size_t n = std::fread(bytes.data() + old, 1, chunk, f);
    bytes.resize(old + n);
    if (n < chunk) break;
  }
  const bool failed = std::ferror(f) != 0;
  const int err = errno;
  std::fclose(f);
  if (failed) throw Error("cannot read the model file '" + path + "': " + std::strerror(err));
  return bytes;
}

}  // namespace barnlab
