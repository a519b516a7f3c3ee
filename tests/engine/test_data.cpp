// Tests of engine/data: decoding, resizing, the folder and IDX loaders, the
// split, normalization and batches with augmentation. Real data comes from
// ../shared/data (farm-animals-6) and Debian's dataset-fashion-mnist.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <numeric>
#include <set>
#include <string>
#include <vector>

#include <unistd.h>
#include <zlib.h>

#include "check.h"
#include "core/error.h"
#include "data/dataset.h"
#include "ops/parallel.h"

#ifndef BARNLAB_SHARED_DATA
#define BARNLAB_SHARED_DATA "../shared/data"
#endif

using namespace barnlab;
namespace fs = std::filesystem;

namespace {

const std::string kFarm = std::string(BARNLAB_SHARED_DATA) + "/farm-animals-6";

std::vector<uint8_t> read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void write_bytes(const fs::path& path, const std::vector<uint8_t>& bytes) {
  std::ofstream out(path, std::ios::binary);
  out.write(reinterpret_cast<const char*>(bytes.data()), std::streamsize(bytes.size()));
}

void put32(std::vector<uint8_t>& b, uint32_t v) {  // little-endian
  for (int i = 0; i < 4; ++i) b.push_back(uint8_t(v >> (8 * i)));
}

void put32be(std::vector<uint8_t>& b, uint32_t v) {
  for (int i = 3; i >= 0; --i) b.push_back(uint8_t(v >> (8 * i)));
}

// A 24-bit bottom-up BMP; rgb(x, y) gives the colour of pixel (x, y).
template <class F>
std::vector<uint8_t> make_bmp(int w, int h, F rgb) {
  const int row = (3 * w + 3) / 4 * 4;
  std::vector<uint8_t> b = {'B', 'M'};
  put32(b, uint32_t(54 + row * h));
  put32(b, 0);
  put32(b, 54);
  put32(b, 40);
  put32(b, uint32_t(w));
  put32(b, uint32_t(h));
  b.push_back(1), b.push_back(0), b.push_back(24), b.push_back(0);
  for (int i = 0; i < 6; ++i) put32(b, 0);
  for (int y = h - 1; y >= 0; --y) {
    for (int x = 0; x < w; ++x) {
      const auto c = rgb(x, y);
      b.push_back(c[2]), b.push_back(c[1]), b.push_back(c[0]);
    }
    for (int p = 3 * w; p < row; ++p) b.push_back(0);
  }
  return b;
}

std::vector<uint8_t> solid_bmp(uint8_t r, uint8_t g, uint8_t b) {
  return make_bmp(5, 4, [&](int, int) { return std::array<uint8_t, 3>{r, g, b}; });
}

Image grey(int w, int h, std::vector<uint8_t> px) {
  Image img;
  img.width = w, img.height = h, img.channels = 1, img.pixels = std::move(px);
  return img;
}

// A fresh empty directory under the build's temp dir, private to this
// process so that parallel test runs do not collide.
fs::path temp_dir(const std::string& name) {
#ifdef BARNLAB_TEST_TMP
  fs::path root = BARNLAB_TEST_TMP;
#else
  fs::path root = fs::temp_directory_path();
#endif
  fs::path dir = root / ("barnlab_data_" + name + "_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

std::string first_farm_jpeg() {
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(kFarm + "/chicken")) names.push_back(e.path().string());
  std::sort(names.begin(), names.end());
  return names.front();
}

// A small synthetic dataset, C x S x S, pixel values from a formula.
Dataset synthetic(int n, int channels, int size) {
  Dataset ds;
  ds.channels = channels, ds.size = size, ds.classes = {"a", "b"};
  std::vector<uint8_t> img(ds.image_bytes());
  for (int i = 0; i < n; ++i) {
    for (size_t j = 0; j < img.size(); ++j) img[j] = uint8_t((j * 37 + i * 101) % 256);
    ds.add(img.data(), i % 2);
  }
  return ds;
}

struct Threads {  // restores the thread count
  int saved = num_threads();
  ~Threads() { set_num_threads(saved); }
};

}  // namespace

TEST_CASE("decode_image reads a real JPEG and refuses garbage", "[data]") {
  if (!fs::exists(kFarm)) {
    WARN("farm-animals-6 not found at " << kFarm << ": skipped");
    return;
  }
  const std::string path = first_farm_jpeg();
  const auto bytes = read_bytes(path);
  const Image img = decode_image(bytes.data(), bytes.size());
  CHECK(img.channels == 3);
  CHECK(std::max(img.width, img.height) >= 99);
  CHECK(std::max(img.width, img.height) <= 100);
  REQUIRE(img.pixels.size() == size_t(img.width) * img.height * 3);
  const auto [lo, hi] = std::minmax_element(img.pixels.begin(), img.pixels.end());
  CHECK(int(*hi) - int(*lo) > 50);  // a photo, not a flat field
  CHECK(load_image_file(path).pixels == img.pixels);

  std::vector<uint8_t> cut(bytes.begin(), bytes.begin() + 100);
  CHECK_THROWS_WITH(decode_image(cut.data(), cut.size()),
                    Catch::StartsWith("not a readable image (JPEG/PNG expected): "));
}

TEST_CASE("decode_image errors", "[data]") {
  const std::vector<uint8_t> junk = {'h', 'e', 'l', 'l', 'o', ' ', 'w', 'o', 'r', 'l', 'd', '!'};
  CHECK_THROWS_WITH(decode_image(junk.data(), junk.size()),
                    Catch::StartsWith("not a readable image (JPEG/PNG expected): "));
  CHECK_THROWS_AS(decode_image(nullptr, 0), Error);
  CHECK_THROWS_WITH(load_image_file("/no/such/dir/x.jpg"), Catch::Contains("/no/such/dir/x.jpg"));

  // A BMP header claiming 20000 x 20000 pixels is refused before decoding.
  auto huge = make_bmp(1, 1, [](int, int) { return std::array<uint8_t, 3>{1, 2, 3}; });
  huge[18] = 0x20, huge[19] = 0x4e, huge[22] = 0x20, huge[23] = 0x4e;
  CHECK_THROWS_WITH(decode_image(huge.data(), huge.size()), Catch::Contains("megapixels"));

  const auto bmp = make_bmp(3, 2, [](int x, int y) {
    return std::array<uint8_t, 3>{uint8_t(10 * x), uint8_t(100 + y), 7};
  });
  const Image img = decode_image(bmp.data(), bmp.size());
  REQUIRE(img.width == 3);
  REQUIRE(img.height == 2);
  REQUIRE(img.channels == 3);
  const std::vector<uint8_t> want = {0, 100, 7, 10, 100, 7, 20, 100, 7,
                                     0, 101, 7, 10, 101, 7, 20, 101, 7};
  CHECK(img.pixels == want);
}

TEST_CASE("decode_image refuses a JPEG Huffman table of more than 256 codes", "[data]") {
  // stb_image 2.27 would write past its tables here (found by fuzz_image;
  // tests/fuzz/regressions/image/ holds the fuzzer's input).
  std::vector<uint8_t> jpeg = {0xff, 0xd8, 0xff, 0xc4, 0x00, 0x13, 0x00};
  jpeg.insert(jpeg.end(), 16, 0x20);  // 16 x 32 = 512 codes declared
  jpeg.insert(jpeg.end(), {0xff, 0xd9});
  CHECK_THROWS_WITH(decode_image(jpeg.data(), jpeg.size()),
                    Catch::StartsWith("not a readable image (JPEG/PNG expected): ") &&
                        Catch::Contains("Huffman table") && Catch::Contains("512 codes"));
  jpeg[8] = 0;  // 480 codes: still refused, by the check's count
  CHECK_THROWS_WITH(decode_image(jpeg.data(), jpeg.size()), Catch::Contains("480 codes"));
  // Cut inside the table: stb_image reads zeros past the end, still 255 x 3.
  const std::vector<uint8_t> cut = {0xff, 0xd8, 0xff, 0xc4, 0x00, 0x13, 0x00, 0xff, 0xff, 0xff};
  CHECK_THROWS_WITH(decode_image(cut.data(), cut.size()), Catch::Contains("765 codes"));
  // 0xFF fill bytes before the SOI marker: stb_image still reads the file as
  // a JPEG, so the check must too (found by fuzz_image in CI).
  std::vector<uint8_t> filled = {0xff, 0xff, 0xff};
  filled.insert(filled.end(), jpeg.begin() + 1, jpeg.end());
  CHECK_THROWS_WITH(decode_image(filled.data(), filled.size()), Catch::Contains("480 codes"));
}

TEST_CASE("resize_square: box averages when shrinking", "[data]") {
  // 4 x 4 to 2: means of 2 x 2 blocks.
  const Image a = grey(4, 4, {0, 10, 20, 30,  //
                              40, 50, 60, 70,  //
                              1, 1, 100, 200,  //
                              3, 3, 100, 201});
  CHECK(resize_square(a, 2, 1) == std::vector<uint8_t>{25, 45, 2, 150});

  // 3 x 3 to 2: output 0 covers source [0, 1.5): weights 2/3 and 1/3.
  const Image b = grey(3, 3, {0, 30, 90, 0, 30, 90, 60, 60, 60});
  auto box = [](std::vector<double> w0, std::vector<double> w1, const std::vector<double>& p) {
    double s = 0;
    for (int y = 0; y < 3; ++y)
      for (int x = 0; x < 3; ++x) s += w0[y] * w1[x] * p[y * 3 + x];
    return uint8_t(std::floor(s / 9 + 0.5));
  };
  const std::vector<double> p(b.pixels.begin(), b.pixels.end());
  const std::vector<double> first = {2, 1, 0}, second = {0, 1, 2};
  CHECK(resize_square(b, 2, 1) == std::vector<uint8_t>{box(first, first, p), box(first, second, p),
                                                        box(second, first, p),
                                                        box(second, second, p)});

  // A one-pixel checkerboard averages to mid-grey (127.5 rounds up).
  std::vector<uint8_t> cb(64);
  for (int i = 0; i < 64; ++i) cb[i] = ((i / 8 + i % 8) % 2) ? 255 : 0;
  CHECK(resize_square(grey(8, 8, cb), 4, 1) == std::vector<uint8_t>(16, 128));
  // Same size is a copy.
  CHECK(resize_square(grey(8, 8, cb), 8, 1) == cb);
}

TEST_CASE("resize_square: bilinear when enlarging", "[data]") {
  // Horizontal ramp 0..255 in 2 columns to 4: samples at -0.25 (clamped),
  // 0.25, 0.75 and 1.25 (clamped).
  const Image a = grey(2, 2, {0, 255, 0, 255});
  const std::vector<uint8_t> row = {0, 64, 191, 255};
  std::vector<uint8_t> want;
  for (int y = 0; y < 4; ++y) want.insert(want.end(), row.begin(), row.end());
  CHECK(resize_square(a, 4, 1) == want);
  // A flat picture stays flat.
  CHECK(resize_square(grey(3, 3, std::vector<uint8_t>(9, 77)), 7, 1) ==
        std::vector<uint8_t>(49, 77));
}

TEST_CASE("resize_square: centre crop and channel conversion", "[data]") {
  // 6 x 2 to 2 keeps columns 2 and 3; 2 x 6 keeps rows 2 and 3.
  const Image wide = grey(6, 2, {0, 10, 20, 30, 40, 50, 1, 11, 21, 31, 41, 51});
  CHECK(resize_square(wide, 2, 1) == std::vector<uint8_t>{20, 30, 21, 31});
  const Image tall = grey(2, 6, {0, 1, 10, 11, 20, 21, 30, 31, 40, 41, 50, 51});
  CHECK(resize_square(tall, 2, 1) == std::vector<uint8_t>{20, 21, 30, 31});
  // 12 x 4 to 2: the middle 4 x 4 square, box-averaged.
  std::vector<uint8_t> px(48);
  for (int y = 0; y < 4; ++y)
    for (int x = 0; x < 12; ++x) px[y * 12 + x] = uint8_t(x * 10);
  CHECK(resize_square(grey(12, 4, px), 2, 1) == std::vector<uint8_t>{45, 65, 45, 65});

  // Grey to RGB replicates.
  CHECK(resize_square(grey(1, 1, {42}), 1, 3) == std::vector<uint8_t>{42, 42, 42});
  // RGB to grey by luminance; RGBA drops alpha.
  Image rgb;
  rgb.width = 2, rgb.height = 1, rgb.channels = 3;
  rgb.pixels = {100, 150, 200, 255, 0, 0};
  CHECK(resize_square(rgb, 1, 1) == std::vector<uint8_t>{141});  // the left square
  rgb.width = 1;
  rgb.pixels = {255, 0, 0};
  CHECK(resize_square(rgb, 1, 1) == std::vector<uint8_t>{76});
  CHECK(resize_square(rgb, 2, 3) == std::vector<uint8_t>{255, 255, 255, 255, 0, 0, 0, 0,
                                                          0, 0, 0, 0});
  Image rgba;
  rgba.width = 1, rgba.height = 1, rgba.channels = 4, rgba.pixels = {10, 20, 30, 0};
  CHECK(resize_square(rgba, 1, 3) == std::vector<uint8_t>{10, 20, 30});
  CHECK_THROWS_AS(resize_square(rgba, 0, 3), Error);
  CHECK_THROWS_AS(resize_square(rgba, 4, 2), Error);
}

TEST_CASE("load_image_folder on a hand-made folder", "[data]") {
  const fs::path dir = temp_dir("folder");
  fs::create_directories(dir / "apple");
  fs::create_directories(dir / "banana");
  write_bytes(dir / "apple" / "b.BMP", solid_bmp(0, 200, 0));
  write_bytes(dir / "apple" / "a.bmp", solid_bmp(200, 100, 50));
  write_bytes(dir / "apple" / "notes.txt", {'h', 'i'});
  write_bytes(dir / "apple" / "._a.bmp", {0, 5, 22, 7});
  write_bytes(dir / "banana" / "y.bmp", solid_bmp(9, 8, 7));
  write_bytes(dir / "banana" / "broken.jpg", {0xff, 0xd8, 0xff, 0xe0, 1, 2, 3});
  write_bytes(dir / "README.md", {'x'});

  LoadReport report;
  const Dataset ds = load_image_folder(dir.string(), 2, &report);
  CHECK(ds.classes == std::vector<std::string>{"apple", "banana"});
  CHECK(ds.labels == std::vector<int>{0, 0, 1});
  CHECK(ds.channels == 3);
  CHECK(ds.size == 2);
  auto planes = [](uint8_t r, uint8_t g, uint8_t b) {
    std::vector<uint8_t> v;
    for (uint8_t c : {r, g, b}) v.insert(v.end(), 4, c);
    return v;
  };
  CHECK(std::vector<uint8_t>(ds.image(0), ds.image(0) + 12) == planes(200, 100, 50));
  CHECK(std::vector<uint8_t>(ds.image(1), ds.image(1) + 12) == planes(0, 200, 0));
  CHECK(std::vector<uint8_t>(ds.image(2), ds.image(2) + 12) == planes(9, 8, 7));
  REQUIRE(report.warnings.size() == 1);
  CHECK_THAT(report.warnings[0], Catch::StartsWith("skipped ") && Catch::Contains("broken.jpg") &&
                                     Catch::Contains("not a readable image"));

  const Dataset one = load_image_folder(dir.string(), 2, nullptr, 1);
  CHECK(one.labels == std::vector<int>{0, 1});
  CHECK(std::vector<uint8_t>(one.image(0), one.image(0) + 12) == planes(200, 100, 50));

  // Errors: missing dir, one class, a class without readable images.
  CHECK_THROWS_WITH(load_image_folder((dir / "nope").string(), 2),
                    Catch::Contains("does not exist") && Catch::Contains("one sub-folder per class"));
  const fs::path single = temp_dir("single");
  fs::create_directories(single / "only");
  write_bytes(single / "only" / "a.bmp", solid_bmp(1, 2, 3));
  CHECK_THROWS_WITH(load_image_folder(single.string(), 2), Catch::Contains("1 class folder"));
  fs::create_directories(dir / "cherry");
  write_bytes(dir / "cherry" / "bad.png", {1, 2, 3});
  CHECK_THROWS_WITH(load_image_folder(dir.string(), 2),
                    Catch::Contains("class folder '" + (dir / "cherry").string() +
                                    "' has no readable images"));
  fs::remove_all(dir);
  fs::remove_all(single);
}

TEST_CASE("load_image_folder: farm-animals-6 subset, same with 1 and 2 threads", "[data]") {
  if (!fs::exists(kFarm)) {
    WARN("farm-animals-6 not found at " << kFarm << ": skipped");
    return;
  }
  const fs::path dir = temp_dir("farm2");
  fs::create_directory_symlink(fs::absolute(kFarm + "/cow"), dir / "cow");
  fs::create_directory_symlink(fs::absolute(kFarm + "/pig"), dir / "pig");
  Threads keep;
  set_num_threads(1);
  LoadReport report;
  const Dataset a = load_image_folder(dir.string(), 32, &report, 10);
  set_num_threads(2);
  const Dataset b = load_image_folder(dir.string(), 32, nullptr, 10);
  CHECK(report.warnings.empty());
  CHECK(a.classes == std::vector<std::string>{"cow", "pig"});
  CHECK(a.count() == 20);
  CHECK(a.class_counts() == std::vector<int>{10, 10});
  CHECK(a.pixels.size() == 20u * 3 * 32 * 32);
  CHECK(a.pixels == b.pixels);
  CHECK(a.labels == b.labels);
  fs::remove_all(dir);
}

TEST_CASE("Dataset add, remove, class_counts", "[data]") {
  Dataset ds = synthetic(5, 1, 2);
  CHECK(ds.class_counts() == std::vector<int>{3, 2});
  const std::vector<uint8_t> third(ds.image(3), ds.image(3) + 4);
  ds.remove(2);
  CHECK(ds.count() == 4);
  CHECK(std::vector<uint8_t>(ds.image(2), ds.image(2) + 4) == third);
  CHECK(ds.labels == std::vector<int>{0, 1, 1, 0});
  CHECK_THROWS_AS(ds.remove(4), Error);
}

TEST_CASE("IDX round trip, gzip, and broken files", "[data]") {
  const fs::path dir = temp_dir("idx");
  std::vector<uint8_t> images, labels;
  put32be(images, 0x803), put32be(images, 3), put32be(images, 2), put32be(images, 2);
  for (int i = 0; i < 12; ++i) images.push_back(uint8_t(i * 20));
  put32be(labels, 0x801), put32be(labels, 3);
  labels.insert(labels.end(), {2, 0, 1});
  write_bytes(dir / "img", images);
  write_bytes(dir / "lab", labels);

  const Dataset ds = load_idx((dir / "img").string(), (dir / "lab").string());
  CHECK(ds.channels == 1);
  CHECK(ds.size == 2);
  CHECK(ds.labels == std::vector<int>{2, 0, 1});
  CHECK(ds.classes == std::vector<std::string>{"0", "1", "2"});
  CHECK(std::vector<uint8_t>(ds.image(1), ds.image(1) + 4) ==
        std::vector<uint8_t>{80, 100, 120, 140});

  gzFile gz = gzopen((dir / "img.gz").string().c_str(), "wb");
  REQUIRE(gz);
  gzwrite(gz, images.data(), unsigned(images.size()));
  gzclose(gz);
  CHECK(load_idx((dir / "img.gz").string(), (dir / "lab").string()).pixels == ds.pixels);
  CHECK(load_idx_bytes(images, labels, "i", "l").labels == ds.labels);
  CHECK_THROWS_WITH(load_idx_bytes(labels, images, "images.idx", "l"),
                    Catch::StartsWith("'images.idx' is not an IDX file with 3 dimensions"));

  std::vector<uint8_t> cut(images.begin(), images.end() - 1);
  write_bytes(dir / "cut", cut);
  CHECK_THROWS_WITH(load_idx((dir / "cut").string(), (dir / "lab").string()),
                    Catch::Contains("truncated"));
  write_bytes(dir / "tiny", {0, 0, 8});
  CHECK_THROWS_AS(load_idx((dir / "tiny").string(), (dir / "lab").string()), Error);
  CHECK_THROWS_AS(load_idx((dir / "lab").string(), (dir / "img").string()), Error);
  std::vector<uint8_t> two_labels(labels.begin(), labels.end() - 1);
  two_labels[7] = 2;
  write_bytes(dir / "lab2", two_labels);
  CHECK_THROWS_WITH(load_idx((dir / "img").string(), (dir / "lab2").string()),
                    Catch::Contains("3 images") && Catch::Contains("2 labels"));
  std::vector<uint8_t> huge = images;
  huge[8] = huge[12] = 0xff;  // 3 x 2^24+2 x 2^24+2 claimed
  write_bytes(dir / "huge", huge);
  CHECK_THROWS_AS(load_idx((dir / "huge").string(), (dir / "lab").string()), Error);
  CHECK_THROWS_WITH(load_idx((dir / "missing").string(), (dir / "lab").string()),
                    Catch::Contains("missing"));
  CHECK_THROWS_WITH(load_fashion_mnist(dir.string(), true), Catch::Contains("Fashion-MNIST"));
  fs::remove_all(dir);
}

TEST_CASE("Fashion-MNIST test split", "[data]") {
  if (!fs::exists(std::string(kFashionMnistDir) + "/t10k-images-idx3-ubyte.gz") &&
      !fs::exists(std::string(kFashionMnistDir) + "/t10k-images-idx3-ubyte")) {
    WARN("Fashion-MNIST not found in " << kFashionMnistDir << ": skipped");
    return;
  }
  const Dataset ds = load_fashion_mnist(kFashionMnistDir, false);
  CHECK(ds.count() == 10000);
  CHECK(ds.size == 28);
  CHECK(ds.channels == 1);
  REQUIRE(ds.classes.size() == 10);
  CHECK(ds.classes[0] == "T-shirt/top");
  CHECK(ds.classes[9] == "Ankle boot");
  CHECK(ds.class_counts() == std::vector<int>(10, 1000));
  CHECK(ds.labels[0] == 9);  // the first test image is an ankle boot
}

TEST_CASE("stratified_split", "[data]") {
  std::vector<int> labels;
  const int per_class[4] = {10, 5, 1, 2};
  for (int c = 0; c < 4; ++c) labels.insert(labels.end(), size_t(per_class[c]), c);
  std::rotate(labels.begin(), labels.begin() + 7, labels.end());  // mix the order
  const Split s = stratified_split(labels, 4, 0.2f, 7);
  std::vector<int> val_per_class(4, 0);
  for (int i : s.val) ++val_per_class[labels[i]];
  CHECK(val_per_class == std::vector<int>{2, 1, 0, 1});
  std::vector<int> all = s.train;
  all.insert(all.end(), s.val.begin(), s.val.end());
  std::sort(all.begin(), all.end());
  std::vector<int> every(labels.size());
  std::iota(every.begin(), every.end(), 0);
  CHECK(all == every);  // disjoint and covering
  CHECK(std::is_sorted(s.train.begin(), s.train.end()));
  CHECK(std::is_sorted(s.val.begin(), s.val.end()));

  const Split again = stratified_split(labels, 4, 0.2f, 7);
  CHECK(again.val == s.val);
  bool differs = false;
  for (uint64_t seed = 8; seed < 12; ++seed)
    differs |= stratified_split(labels, 4, 0.2f, seed).val != s.val;
  CHECK(differs);
  CHECK(stratified_split(labels, 4, 0.f, 7).val.empty());
  CHECK(stratified_split(labels, 4, 1.f, 7).train.size() == 4);  // one per class stays
  CHECK_THROWS_AS(stratified_split({0, 4}, 4, 0.2f, 1), Error);
}

TEST_CASE("compute_normalization", "[data]") {
  Dataset ds;
  ds.channels = 2, ds.size = 1, ds.classes = {"a", "b"};
  ds.add(std::vector<uint8_t>{0, 51}.data(), 0);
  ds.add(std::vector<uint8_t>{255, 51}.data(), 1);
  ds.add(std::vector<uint8_t>{255, 0}.data(), 1);
  const Normalization n = compute_normalization(ds, {0, 1});
  test::check_values(n.mean, {0.5f, 0.2f});
  test::check_values(n.std, {0.5f, 1e-3f});
  const Normalization all = compute_normalization(ds, {0, 1, 2});
  test::check_values(all.mean, {2.f / 3, 0.4f / 3});
  test::check_values(all.std, {float(std::sqrt(2.0) / 3), float(std::sqrt(2.0) * 0.2 / 3)});
  CHECK_THROWS_AS(compute_normalization(ds, {}), Error);
  CHECK_THROWS_AS(compute_normalization(ds, {3}), Error);
}

TEST_CASE("make_batch without augmentation equals normalize_image", "[data]") {
  const Dataset ds = synthetic(6, 3, 5);
  const Normalization norm{{0.4f, 0.5f, 0.6f}, {0.2f, 0.25f, 0.3f}};
  const std::vector<int> order = {5, 3, 0, 1};
  Tensor x;
  std::vector<int> labels;
  const AugmentConfig off;
  for (const AugmentConfig* aug : {static_cast<const AugmentConfig*>(nullptr), &off}) {
    make_batch(ds, order, 1, 4, norm, aug, nullptr, x, labels);
    REQUIRE(x.shape() == Shape{3, 3, 5, 5});
    CHECK(labels == std::vector<int>{1, 0, 1});
    std::vector<float> want(x.size());
    for (int i = 0; i < 3; ++i)
      normalize_image(ds.image(order[1 + i]), 3, 5, norm, want.data() + i * 75);
    test::check_values(x.values(), want, 0.f);
  }
  CHECK(x[0] == Approx((float(ds.image(3)[0]) / 255.f - 0.4f) / 0.2f));
  CHECK_THROWS_AS(make_batch(ds, order, 2, 5, norm, nullptr, nullptr, x, labels), Error);
  CHECK_THROWS_AS(make_batch(ds, {9}, 0, 1, norm, nullptr, nullptr, x, labels), Error);
  CHECK_THROWS_AS(make_batch(ds, order, 0, 1, Normalization{{0.f}, {1.f}}, nullptr, nullptr, x, labels),
                  Error);
}

TEST_CASE("augmentation is deterministic and thread-independent", "[data]") {
  const Dataset ds = synthetic(16, 3, 8);
  const Normalization norm{{0.4f, 0.5f, 0.6f}, {0.2f, 0.25f, 0.3f}};
  std::vector<int> order(16);
  std::iota(order.begin(), order.end(), 0);
  const AugmentConfig aug{true, 2, 0.2f, 0.3f};
  auto batch = [&](uint64_t seed) {
    Rng rng(seed);
    Tensor x;
    std::vector<int> labels;
    make_batch(ds, order, 0, 16, norm, &aug, &rng, x, labels);
    return x;
  };
  Threads keep;
  set_num_threads(1);
  const Tensor a = batch(1);
  test::check_tensor(batch(1), a, 0.f);
  CHECK(batch(2).values() != a.values());
  set_num_threads(2);
  test::check_tensor(batch(1), a, 0.f);
  // Every value is a normalized [0,1] value.
  for (size_t i = 0; i < a.size(); ++i) {
    const int c = int(i / 64) % 3;
    const float v = a[i] * norm.std[c] + norm.mean[c];
    REQUIRE(v >= -1e-5f);
    REQUIRE(v <= 1 + 1e-5f);
  }
}

TEST_CASE("augment_image: flip, shift with padding, brightness and contrast", "[data]") {
  const int S = 3;
  std::vector<float> in(2 * S * S);
  for (size_t i = 0; i < in.size(); ++i) in[i] = float(i) / 20.f;
  const float pad[2] = {0.5f, 0.25f};
  std::vector<float> once(in.size()), twice(in.size());
  AugmentDraw flip;
  flip.flip = true;
  augment_image(in.data(), 2, S, flip, pad, once.data());
  CHECK(once[0] == in[2]);
  CHECK(once[S * S + 5] == in[S * S + 3]);
  augment_image(once.data(), 2, S, flip, pad, twice.data());
  CHECK(twice == in);  // flip of a flip is identity

  AugmentDraw shift;
  shift.dx = 1, shift.dy = -1;
  std::vector<float> out(in.size());
  augment_image(in.data(), 2, S, shift, pad, out.data());
  CHECK(out[0] == 0.5f);                  // row -1: padding
  CHECK(out[S + 0] == in[1]);             // (1,0) <- (0,1)
  CHECK(out[S + 2] == 0.5f);              // column 3: padding
  CHECK(out[S * S + 2 * S + 1] == in[S * S + S + 2]);
  CHECK(out[S * S] == 0.25f);

  AugmentDraw bc;
  bc.brightness = 0.1f, bc.contrast = 2.f;
  augment_image(in.data(), 2, S, bc, pad, out.data());
  const float mean = std::accumulate(in.begin(), in.end(), 0.f) / float(in.size());
  for (size_t i = 0; i < in.size(); ++i)
    CHECK(out[i] == Approx(std::clamp(mean + (in[i] - mean) * 2.f + 0.1f, 0.f, 1.f)));
  CHECK(*std::min_element(out.begin(), out.end()) == 0.f);
  CHECK(*std::max_element(out.begin(), out.end()) == 1.f);

  // In a batch, flip-only augmentation gives each image plain or mirrored.
  const Dataset ds = synthetic(32, 1, 4);
  const Normalization norm{{0.5f}, {0.25f}};
  std::vector<int> order(32);
  std::iota(order.begin(), order.end(), 0);
  AugmentConfig only_flip;
  only_flip.flip = true;
  Rng rng(3);
  Tensor x;
  std::vector<int> labels;
  make_batch(ds, order, 0, 32, norm, &only_flip, &rng, x, labels);
  int flipped = 0;
  for (int i = 0; i < 32; ++i) {
    std::vector<float> plain(16), mirrored(16);
    normalize_image(ds.image(i), 1, 4, norm, plain.data());
    for (int y = 0; y < 4; ++y)
      for (int c = 0; c < 4; ++c) mirrored[y * 4 + c] = plain[y * 4 + 3 - c];
    const std::vector<float> got(x.data() + i * 16, x.data() + (i + 1) * 16);
    const bool is_plain = got == plain, is_mirrored = got == mirrored;
    CHECK((is_plain || is_mirrored));
    flipped += is_mirrored && !is_plain;
  }
  CHECK(flipped > 4);
  CHECK(flipped < 28);
  CHECK_THROWS_AS(make_batch(ds, order, 0, 2, norm, &only_flip, nullptr, x, labels), Error);
}
