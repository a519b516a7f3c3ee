// Page 17: a small CNN trained briefly on farm photos changes its first
// filters, gets better than chance on what it saw, and shows feature maps
// and a saliency map for a photo it never trained on.
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>

#include <catch2/catch.hpp>

#include "check/gradcheck.h"
#include "lab/cnn_look.h"
#include "lab_data.h"

using namespace barnlab;

namespace {
// Photos skip..skip+per_class-1 (by name) of each of the first `classes`
// classes, decoded.
std::vector<std::pair<Image, int>> farm_photos(int classes, int per_class, int skip = 0) {
  std::vector<std::string> names;
  for (const auto& e : std::filesystem::directory_iterator(barnlab::test::farm_photos_dir()))
    if (e.is_directory()) names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  std::vector<std::pair<Image, int>> out;
  for (int k = 0; k < classes; ++k) {
    std::vector<std::string> files;
    for (const auto& e : std::filesystem::directory_iterator(barnlab::test::farm_photos_dir() + "/" + names[size_t(k)]))
      files.push_back(e.path().string());
    std::sort(files.begin(), files.end());
    for (int i = skip; i < skip + per_class; ++i)
      out.push_back({load_image_file(files[size_t(i)]), k});
  }
  return out;
}

// As Lab::photos(size, 3) holds them.
Dataset as_dataset(const std::vector<std::pair<Image, int>>& photos, std::vector<std::string> classes,
                   int size) {
  Dataset ds;
  ds.channels = 3;
  ds.size = size;
  ds.classes = std::move(classes);
  for (const auto& [img, label] : photos) ds.add(resize_square(img, size, 3).data(), label);
  return ds;
}
}  // namespace

TEST_CASE("lab CNN: needs training first and two classes", "[lab]") {
  CnnLook cnn;
  Image img;
  img.width = img.height = 8;
  img.channels = 3;
  img.pixels.assign(8 * 8 * 3, 100);
  CHECK_THROWS_WITH(cnn.look(img), Catch::Contains("cnn.train"));
  CHECK_THROWS_WITH(cnn.train(as_dataset({{img, 0}, {img, 0}}, {"cow", "pig"}, 32), {}),
                    Catch::Contains("two classes"));
}

TEST_CASE("lab CNN: trains on farm photos, feature maps and saliency of an unseen photo", "[lab]") {
  CnnLook cnn;
  CnnTrainSettings s;
  s.epochs = 6;
  const CnnTrainResult r = cnn.train(as_dataset(farm_photos(3, 20), {"chicken", "cow", "duck"}, 32), s);
  CHECK(r.photos == 60);
  CHECK(r.classes == std::vector<std::string>{"chicken", "cow", "duck"});
  REQUIRE(r.filters_before.size() == 8);
  CHECK(r.filters_before[0].c == 3);
  CHECK(r.filters_before[0].w == 5);
  INFO("accuracy per epoch: first " << r.train_acc.front() << " last " << r.train_acc.back());
  CHECK(r.train_acc.back() > 0.5f);  // chance is 1/3
  CHECK(r.train_loss.back() < r.train_loss.front());
  CHECK(r.filters_before[0].values != r.filters_after[0].values);

  const auto unseen = farm_photos(1, 1, 100);
  const CnnLookResult look = cnn.look(unseen[0].first);
  CHECK(look.photo.w == 32);
  CHECK(look.scores.size() == 3);
  float sum = 0;
  for (float p : look.scores) sum += p;
  CHECK(sum == Approx(1.f));
  CHECK(look.scores[size_t(look.top)] == *std::max_element(look.scores.begin(), look.scores.end()));
  // conv, relu, pool at 32 and 16; conv, relu, pool at 16 and 8.
  REQUIRE(look.layers.size() == 6);
  CHECK(look.layers[0].maps.size() == 8);
  CHECK(look.layers[0].maps[0].w == 32);
  CHECK(look.layers[5].maps.size() == 16);
  CHECK(look.layers[5].maps[0].w == 8);
  REQUIRE(look.saliency.values.size() == 32 * 32);
  CHECK(*std::max_element(look.saliency.values.begin(), look.saliency.values.end()) == 1.f);
  CHECK(*std::min_element(look.saliency.values.begin(), look.saliency.values.end()) >= 0.f);
}

TEST_CASE("Model::input_gradient matches central differences of the top score", "[lab]") {
  Model m("input 1 4 4\nconv 2 3 pad=1\ntanh\naffine classes\nsoftmax_loss\n", {"a", "b", "c"}, 3);
  Tensor x(Shape{1, 1, 4, 4});
  for (size_t i = 0; i < x.size(); ++i) x[i] = std::sin(float(i));
  Tensor d(Shape{1, 3, 1, 1});
  d[1] = 1.f;
  const Tensor g = m.input_gradient(x, d);
  REQUIRE(g.shape() == x.shape());
  // The engine's numerical gradient (check/gradcheck.h) of the class-1 score.
  GradCheckOptions opt;
  const NumericalGradient num =
      numerical_gradient(x, [&] { return double(m.forward(x, Mode::Eval)[1]); }, opt);
  const GradCheckEntry e = compare_gradients("x", g, num, nullptr, opt);
  INFO("largest error " << e.max_error << " at " << e.worst << ": " << e.analytic << " vs " << e.numerical);
  CHECK(e.checked == 16);
  CHECK(e.max_error < 1e-2f);
}
