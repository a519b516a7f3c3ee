// IDX files (the MNIST family's format): a big-endian header of magic
// 0x000008NN (unsigned bytes, NN dimensions) and NN 32-bit sizes, then the
// data. Every length is checked against the file before it is used.
// Gzip'ed files are read through zlib natively; WebAssembly builds have no
// zlib and ask for plain files.
#include <algorithm>
#include <cstdint>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#ifndef __EMSCRIPTEN__
#include <zlib.h>
#endif

#include "core/error.h"
#include "data/dataset.h"

namespace barnlab {

const char* const kFashionMnistDir = "/usr/share/datasets/fashion-mnist";

namespace {

constexpr size_t kMaxFileBytes = size_t(1) << 31;

bool ends_with(const std::string& s, const std::string& tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

bool file_exists(const std::string& path) { return std::ifstream(path, std::ios::binary).good(); }

std::vector<uint8_t> read_gzip(const std::string& path) {
#ifdef __EMSCRIPTEN__
  throw Error("'" + path + "' is gzip-compressed, which this build cannot read: gunzip it first");
#else
  gzFile f = gzopen(path.c_str(), "rb");
  if (!f) throw Error("cannot open '" + path + "'");
  gzbuffer(f, 1 << 16);
  std::vector<uint8_t> out;
  std::vector<uint8_t> chunk(1 << 20);
  for (;;) {
    const int n = gzread(f, chunk.data(), unsigned(chunk.size()));
    if (n < 0) {
      int code = 0;
      const std::string msg = gzerror(f, &code);
      gzclose(f);
      throw Error("'" + path + "' is not a readable gzip file: " + msg);
    }
    if (n == 0) break;
    out.insert(out.end(), chunk.begin(), chunk.begin() + n);
    if (out.size() > kMaxFileBytes) {
      gzclose(f);
      throw Error("'" + path + "' decompresses to more than 2 GB: not an IDX file of this engine");
    }
  }
  gzclose(f);
  return out;
#endif
}

std::vector<uint8_t> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error("cannot open '" + path + "'");
  unsigned char head[2] = {0, 0};
  in.read(reinterpret_cast<char*>(head), 2);
  if ((in.gcount() == 2 && head[0] == 0x1f && head[1] == 0x8b) || ends_with(path, ".gz"))
    return read_gzip(path);
  in.clear();
  in.seekg(0);
  std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) throw Error("cannot read '" + path + "'");
  return bytes;
}

uint32_t be32(const uint8_t* p) {
  return uint32_t(p[0]) << 24 | uint32_t(p[1]) << 16 | uint32_t(p[2]) << 8 | uint32_t(p[3]);
}

// Checks the header of an IDX file of unsigned bytes with `dims`
// dimensions and returns the sizes; the data follows at 4 + 4 * dims.
std::vector<uint32_t> parse_header(const std::vector<uint8_t>& b, int dims, const std::string& path) {
  const std::string what = "'" + path + "' is not an IDX file with " + std::to_string(dims) +
                           " dimension" + (dims == 1 ? "" : "s") + " (idx" +
                           std::to_string(dims) + "-ubyte): ";
  const size_t header = 4 + 4 * size_t(dims);
  if (b.size() < header)
    throw Error(what + "it has only " + std::to_string(b.size()) + " bytes");
  if (b[0] != 0 || b[1] != 0) throw Error(what + "the magic number is wrong");
  if (b[2] != 0x08) throw Error(what + "its values are not unsigned bytes");
  if (b[3] != dims) throw Error(what + "it has " + std::to_string(b[3]) + " dimensions");
  std::vector<uint32_t> sizes;
  uint64_t total = 1;
  for (int d = 0; d < dims; ++d) {
    sizes.push_back(be32(b.data() + 4 + 4 * d));
    total *= sizes.back();
    if (total > kMaxFileBytes) throw Error(what + "its sizes are implausibly large");
  }
  if (b.size() != header + total)
    throw Error(what + "the header promises " + std::to_string(header + total) +
                " bytes but the file has " + std::to_string(b.size()) +
                (b.size() < header + total ? " (truncated?)" : ""));
  return sizes;
}

const char* const kFashionClasses[10] = {"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                                         "Sandal",      "Shirt",   "Sneaker",  "Bag",   "Ankle boot"};

}  // namespace

Dataset load_idx_bytes(const std::vector<uint8_t>& images, const std::vector<uint8_t>& labels,
                       const std::string& images_name, const std::string& labels_name) {
  const auto is = parse_header(images, 3, images_name);
  const auto ls = parse_header(labels, 1, labels_name);
  if (is[1] != is[2])
    throw Error("'" + images_name + "' holds " + std::to_string(is[1]) + " x " +
                std::to_string(is[2]) + " images: only square images are supported");
  if (is[1] == 0 || is[1] > 4096)
    throw Error("'" + images_name + "' holds images of side " + std::to_string(is[1]) +
                ": expected 1 to 4096");
  if (is[0] != ls[0])
    throw Error("'" + images_name + "' has " + std::to_string(is[0]) + " images but '" +
                labels_name + "' " + std::to_string(ls[0]) + " labels");
  Dataset ds;
  ds.channels = 1;
  ds.size = int(is[1]);
  ds.pixels.assign(images.begin() + 16, images.end());
  ds.labels.assign(labels.begin() + 8, labels.end());
  int k = 0;
  for (int l : ds.labels) k = std::max(k, l + 1);
  for (int c = 0; c < k; ++c)
    ds.classes.push_back(k == 10 ? kFashionClasses[c] : std::to_string(c));
  return ds;
}

Dataset load_idx(const std::string& images_path, const std::string& labels_path) {
  return load_idx_bytes(read_file(images_path), read_file(labels_path), images_path, labels_path);
}

Dataset load_fashion_mnist(const std::string& dir, bool train) {
  const std::string prefix = dir + "/" + (train ? "train" : "t10k");
  auto find = [&](const std::string& stem) {
    for (const char* ext : {"", ".gz"})
      if (file_exists(prefix + stem + ext)) return prefix + stem + ext;
    throw Error("Fashion-MNIST not found: '" + prefix + stem +
                "' (or .gz) is missing. Install Debian's dataset-fashion-mnist package (" +
                kFashionMnistDir + ") or give the folder holding the four IDX files");
  };
  Dataset ds = load_idx(find("-images-idx3-ubyte"), find("-labels-idx1-ubyte"));
  if (ds.classes.size() != 10)
    throw Error("the Fashion-MNIST labels in '" + dir + "' have " +
                std::to_string(ds.classes.size()) + " classes, expected 10");
  return ds;
}

}  // namespace barnlab
