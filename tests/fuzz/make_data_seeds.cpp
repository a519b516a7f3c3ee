// Writes the seed corpora of fuzz_image and fuzz_idx, all made here by code
// (no photos copied in): small PNGs (grey, grey+alpha, RGB, RGBA, every row
// filter, stored deflate blocks), baseline JPEGs (grey and 3-component,
// Huffman-coded DC and AC coefficients), a 24-bit BMP, a GIF, and IDX
// image/label pairs. Each image seed starts with the byte fuzz_image reads
// as the output side and channel count.
// Usage: make_data_seeds <image seed dir> <idx seed dir>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "core/error.h"
#include "model/checkpoint.h"

using namespace barnlab;
using Bytes = std::vector<uint8_t>;

namespace {

void be16(Bytes& b, uint32_t v) {
  b.push_back(uint8_t(v >> 8));
  b.push_back(uint8_t(v));
}
void be32(Bytes& b, uint32_t v) {
  be16(b, v >> 16);
  be16(b, v & 0xffff);
}
void le16(Bytes& b, uint32_t v) {
  b.push_back(uint8_t(v));
  b.push_back(uint8_t(v >> 8));
}
void le32(Bytes& b, uint32_t v) {
  le16(b, v & 0xffff);
  le16(b, v >> 16);
}

uint8_t pattern(int x, int y, int c) { return uint8_t(37 * x + 91 * y + 60 * c + x * y); }

// ---- PNG: chunks with CRC-32, one zlib stream of stored deflate blocks.
void png_chunk(Bytes& png, const char* type, const Bytes& data) {
  be32(png, uint32_t(data.size()));
  Bytes body(type, type + 4);
  body.insert(body.end(), data.begin(), data.end());
  png.insert(png.end(), body.begin(), body.end());
  be32(png, crc32(body.data(), body.size()));
}

Bytes png(int w, int h, int color_type, int channels) {
  Bytes raw;
  for (int y = 0; y < h; ++y) {
    raw.push_back(uint8_t(y % 5));  // filter type 0..4, each legal on any data
    for (int x = 0; x < w; ++x)
      for (int c = 0; c < channels; ++c) raw.push_back(pattern(x, y, c));
  }
  Bytes z = {0x78, 0x01};
  uint32_t a = 1, b = 0;  // Adler-32
  for (uint8_t v : raw) {
    a = (a + v) % 65521;
    b = (b + a) % 65521;
  }
  for (size_t off = 0; off < raw.size() || off == 0; off += 65535) {
    const size_t n = std::min<size_t>(65535, raw.size() - off);
    z.push_back(off + n == raw.size() ? 1 : 0);
    le16(z, uint32_t(n));
    le16(z, uint32_t(~n & 0xffff));
    z.insert(z.end(), raw.begin() + off, raw.begin() + off + n);
    if (off + n == raw.size()) break;
  }
  be32(z, b << 16 | a);
  Bytes out = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  Bytes ihdr;
  be32(ihdr, uint32_t(w));
  be32(ihdr, uint32_t(h));
  ihdr.insert(ihdr.end(), {8, uint8_t(color_type), 0, 0, 0});
  png_chunk(out, "IHDR", ihdr);
  png_chunk(out, "IDAT", z);
  png_chunk(out, "IEND", {});
  return out;
}

// ---- Baseline JPEG: quantization all 1, the standard DC table, an AC table
// of two codes (EOB, and run 0 size 1), 8x8 blocks, 1x1 sampling.
struct BitWriter {
  Bytes out;
  uint32_t acc = 0;
  int n = 0;
  void put(uint32_t code, int len) {
    for (int i = len - 1; i >= 0; --i) {
      acc = acc << 1 | ((code >> i) & 1);
      if (++n == 8) {
        out.push_back(uint8_t(acc));
        if (acc == 0xff) out.push_back(0);  // byte stuffing
        acc = 0;
        n = 0;
      }
    }
  }
  void flush() {
    while (n != 0) put(1, 1);
  }
};

struct Huffman {
  uint8_t bits[16];
  std::vector<uint8_t> vals;
  uint32_t code[256] = {};
  int len[256] = {};
  void build() {
    uint32_t c = 0;
    size_t k = 0;
    for (int l = 1; l <= 16; ++l, c <<= 1)
      for (int i = 0; i < bits[l - 1]; ++i, ++k, ++c) {
        code[vals[k]] = c;
        len[vals[k]] = l;
      }
  }
};

void jpeg_segment(Bytes& j, uint8_t marker, const Bytes& body) {
  j.push_back(0xff);
  j.push_back(marker);
  be16(j, uint32_t(body.size() + 2));
  j.insert(j.end(), body.begin(), body.end());
}

Bytes jpeg(int w, int h, int comps) {
  Huffman dc{{0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0}, {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}};
  Huffman ac{{0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}, {0x00, 0x01}};
  dc.build();
  ac.build();
  Bytes j = {0xff, 0xd8};
  Bytes dqt = {0x00};
  dqt.insert(dqt.end(), 64, 1);
  jpeg_segment(j, 0xdb, dqt);
  Bytes sof = {8};
  be16(sof, uint32_t(h));
  be16(sof, uint32_t(w));
  sof.push_back(uint8_t(comps));
  for (int c = 0; c < comps; ++c) sof.insert(sof.end(), {uint8_t(c + 1), 0x11, 0});
  jpeg_segment(j, 0xc0, sof);
  for (const auto* t : {&dc, &ac}) {
    Bytes dht = {uint8_t(t == &dc ? 0x00 : 0x10)};
    dht.insert(dht.end(), t->bits, t->bits + 16);
    dht.insert(dht.end(), t->vals.begin(), t->vals.end());
    jpeg_segment(j, 0xc4, dht);
  }
  Bytes sos = {uint8_t(comps)};
  for (int c = 0; c < comps; ++c) sos.insert(sos.end(), {uint8_t(c + 1), 0x00});
  sos.insert(sos.end(), {0, 63, 0});
  jpeg_segment(j, 0xda, sos);

  BitWriter bw;
  std::vector<int> pred(size_t(comps), 0);
  const int blocks = ((w + 7) / 8) * ((h + 7) / 8);
  for (int b = 0; b < blocks; ++b)
    for (int c = 0; c < comps; ++c) {
      const int value = ((b * 7 + c * 3) % 9 - 4) * 90;  // DC in -360..360
      const int d = value - pred[size_t(c)];
      pred[size_t(c)] = value;
      int cat = 0;
      while ((1 << cat) <= (d < 0 ? -d : d)) ++cat;
      bw.put(dc.code[cat], dc.len[cat]);
      if (cat > 0) bw.put(uint32_t(d >= 0 ? d : d + (1 << cat) - 1), cat);
      for (int k = 0; k < (b + c) % 4; ++k) {  // a few AC coefficients of +-1
        bw.put(ac.code[0x01], ac.len[0x01]);
        bw.put(uint32_t((b + k) & 1), 1);
      }
      bw.put(ac.code[0x00], ac.len[0x00]);  // EOB
    }
  bw.flush();
  j.insert(j.end(), bw.out.begin(), bw.out.end());
  j.insert(j.end(), {0xff, 0xd9});
  return j;
}

// ---- BMP, 24-bit, bottom-up rows padded to 4 bytes.
Bytes bmp(int w, int h) {
  const uint32_t row = uint32_t((3 * w + 3) / 4 * 4);
  Bytes b = {'B', 'M'};
  le32(b, 54 + row * uint32_t(h));
  le32(b, 0);
  le32(b, 54);
  le32(b, 40);
  le32(b, uint32_t(w));
  le32(b, uint32_t(h));
  le16(b, 1);
  le16(b, 24);
  for (int i = 0; i < 6; ++i) le32(b, i == 1 ? row * uint32_t(h) : 0);
  for (int y = h - 1; y >= 0; --y) {
    for (int x = 0; x < w; ++x)
      for (int c = 2; c >= 0; --c) b.push_back(pattern(x, y, c));
    b.insert(b.end(), row - 3 * uint32_t(w), 0);
  }
  return b;
}

// ---- GIF, 4 colours, LZW kept at 3-bit codes by a clear code every two
// literals.
Bytes gif(int w, int h) {
  Bytes g = {'G', 'I', 'F', '8', '9', 'a'};
  le16(g, uint32_t(w));
  le16(g, uint32_t(h));
  g.insert(g.end(), {0x81, 0, 0});  // global table of 4 colours
  g.insert(g.end(), {0, 0, 0, 255, 0, 0, 0, 255, 0, 255, 255, 255});
  g.push_back(0x2c);
  le16(g, 0);
  le16(g, 0);
  le16(g, uint32_t(w));
  le16(g, uint32_t(h));
  g.push_back(0);
  g.push_back(2);  // LZW minimum code size
  Bytes lzw;
  uint32_t acc = 0;
  int n = 0;
  auto put = [&](uint32_t code) {
    acc |= code << n;
    for (n += 3; n >= 8; n -= 8, acc >>= 8) lzw.push_back(uint8_t(acc));
  };
  for (int i = 0; i < w * h; ++i) {
    if (i % 2 == 0) put(4);  // clear
    put(uint32_t((i / w + i % w) % 4));
  }
  put(5);  // end of information
  if (n > 0) lzw.push_back(uint8_t(acc));
  for (size_t off = 0; off < lzw.size(); off += 255) {
    const size_t len = std::min<size_t>(255, lzw.size() - off);
    g.push_back(uint8_t(len));
    g.insert(g.end(), lzw.begin() + off, lzw.begin() + off + len);
  }
  g.push_back(0);
  g.push_back(0x3b);
  return g;
}

// ---- IDX: images (idx3-ubyte) and labels (idx1-ubyte) of `count` pictures.
Bytes idx_pair(uint32_t count, uint32_t side, int classes) {
  Bytes images = {0, 0, 8, 3}, labels = {0, 0, 8, 1};
  be32(images, count);
  be32(images, side);
  be32(images, side);
  for (uint32_t i = 0; i < count * side * side; ++i) images.push_back(uint8_t(i * 7));
  be32(labels, count);
  for (uint32_t i = 0; i < count; ++i) labels.push_back(uint8_t(int(i) % classes));
  // fuzz_idx's layout: a little-endian split offset, then both files.
  Bytes out;
  le16(out, uint32_t(images.size()));
  out.insert(out.end(), images.begin(), images.end());
  out.insert(out.end(), labels.begin(), labels.end());
  return out;
}

void write_seed(const std::string& path, uint8_t first, const Bytes& body) {
  Bytes b;
  if (first != 0xff) b.push_back(first);
  b.insert(b.end(), body.begin(), body.end());
  write_file(path, b);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: %s <image seed dir> <idx seed dir>\n", argv[0]);
    return 2;
  }
  const std::string img = argv[1], idx = argv[2];
  const uint8_t grey8 = 7, rgb16 = 64 | 15, rgb5 = 64 | 4;
  try {
    write_seed(img + "/grey.png", grey8, png(5, 3, 0, 1));
    write_seed(img + "/grey_alpha.png", rgb5, png(3, 4, 4, 2));
    write_seed(img + "/rgb.png", rgb16, png(7, 6, 2, 3));
    write_seed(img + "/rgba.png", grey8, png(4, 9, 6, 4));
    write_seed(img + "/grey.jpg", rgb5, jpeg(16, 8, 1));
    write_seed(img + "/colour.jpg", rgb16, jpeg(13, 11, 3));
    write_seed(img + "/rgb.bmp", grey8, bmp(5, 3));
    write_seed(img + "/four.gif", rgb16, gif(6, 5));
    write_seed(idx + "/one.idx", 0xff, idx_pair(1, 1, 1));
    write_seed(idx + "/ten.idx", 0xff, idx_pair(10, 4, 10));
    write_seed(idx + "/three.idx", 0xff, idx_pair(6, 3, 3));
  } catch (const Error& e) {
    std::fprintf(stderr, "make_data_seeds: %s\n", e.what());
    return 1;
  }
  return 0;
}
