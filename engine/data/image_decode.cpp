// Picture decoding with stb_image, always from memory so the same code runs
// in WebAssembly without a filesystem. This is the one translation unit that
// compiles stb_image, restricted to the formats the app accepts.
#include <fstream>
#include <iterator>
#include <string>

#include "core/error.h"
#include "data/dataset.h"
#include "data/jpeg_guard.h"

#define STB_IMAGE_IMPLEMENTATION
#define STBI_ONLY_JPEG
#define STBI_ONLY_PNG
#define STBI_ONLY_BMP
#define STBI_ONLY_GIF
#define STBI_NO_STDIO
#define STBI_NO_LINEAR
#define STBI_NO_HDR
#define STBI_FAILURE_USERMSG
#define STBI_MAX_DIMENSIONS (1 << 20)
#if defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-function"
#pragma GCC diagnostic ignored "-Wsign-compare"
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
#pragma GCC diagnostic ignored "-Wimplicit-fallthrough"
#pragma GCC diagnostic ignored "-Wunused-but-set-variable"
#endif
#include <stb_image.h>
#if defined(__GNUC__)
#pragma GCC diagnostic pop
#endif

namespace barnlab {
namespace {

const char* const kNotReadable = "not a readable image (JPEG/PNG expected): ";

std::string stb_reason() {
  const char* r = stbi_failure_reason();
  return r ? r : "unknown error";
}

}  // namespace

Image decode_image(const uint8_t* bytes, size_t size) {
  if (bytes == nullptr || size == 0) throw Error(std::string(kNotReadable) + "the file is empty");
  if (size > size_t(INT32_MAX)) throw Error(std::string(kNotReadable) + "the file is over 2 GB");
  check_jpeg_huffman_tables(bytes, size);
  const int len = int(size);
  int w = 0, h = 0, n = 0;
  if (!stbi_info_from_memory(bytes, len, &w, &h, &n))
    throw Error(std::string(kNotReadable) + stb_reason());
  if (w <= 0 || h <= 0) throw Error(std::string(kNotReadable) + "the picture has no pixels");
  if ((long long)w * h > kMaxImagePixels)
    throw Error(std::string(kNotReadable) + "the picture is " + std::to_string(w) + " x " +
                std::to_string(h) + " pixels, more than " +
                std::to_string(kMaxImagePixels / 1000000) + " megapixels: scale it down first");

  stbi_uc* data = stbi_load_from_memory(bytes, len, &w, &h, &n, 0);
  if (data == nullptr) throw Error(std::string(kNotReadable) + stb_reason());
  Image img;
  img.width = w;
  img.height = h;
  const size_t pixels = size_t(w) * size_t(h);
  if (n == 2) {  // grey + alpha: keep the grey
    img.channels = 1;
    img.pixels.resize(pixels);
    for (size_t i = 0; i < pixels; ++i) img.pixels[i] = data[2 * i];
  } else {
    img.channels = n;
    img.pixels.assign(data, data + pixels * size_t(n));
  }
  stbi_image_free(data);
  return img;
}

Image load_image_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error("cannot open '" + path + "'");
  const std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)),
                                   std::istreambuf_iterator<char>());
  if (in.bad()) throw Error("cannot read '" + path + "'");
  try {
    return decode_image(bytes.data(), bytes.size());
  } catch (const Error& e) {
    throw Error("'" + path + "' is " + e.what());
  }
}

}  // namespace barnlab
