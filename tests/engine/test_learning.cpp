// Learning on real data, with fixed seeds: a Fashion-MNIST subset and a
// subset of the farm photos both reach accuracy clearly above chance.
// Tagged [slow]: the sanitizer run skips them. Missing data fails the test.
#include <filesystem>

#include <catch2/catch.hpp>

#include "data/dataset.h"
#include "model/model.h"
#include "ops/parallel.h"
#include "train/trainer.h"

#ifndef BARNLAB_SHARED_DATA
#define BARNLAB_SHARED_DATA "../shared/data"
#endif

using namespace barnlab;

namespace {

Dataset first_n(const Dataset& ds, size_t n) {
  Dataset out;
  out.channels = ds.channels;
  out.size = ds.size;
  out.classes = ds.classes;
  for (size_t i = 0; i < n && i < ds.count(); ++i) out.add(ds.image(i), ds.labels[i]);
  return out;
}

std::vector<int> all(const Dataset& ds) {
  std::vector<int> v(ds.count());
  for (size_t i = 0; i < v.size(); ++i) v[i] = int(i);
  return v;
}

}  // namespace

TEST_CASE("simple-convnet learns a Fashion-MNIST subset", "[slow][learning]") {
  // CI has the data: a missing dataset fails rather than passing unseen.
  if (!std::filesystem::exists(kFashionMnistDir))
    FAIL("Fashion-MNIST is missing at " << kFashionMnistDir
                                        << ": install the Debian package dataset-fashion-mnist");
  set_num_threads(2);
  const Dataset train = first_n(load_fashion_mnist(kFashionMnistDir, true), 6000);
  const Dataset test = first_n(load_fashion_mnist(kFashionMnistDir, false), 2000);
  Model m = Model::preset("simple-convnet", 1, 28, train.classes, -1.f, 1);
  TrainConfig cfg;
  cfg.epochs = 2;
  cfg.batch = 50;
  cfg.val_share = 0.f;
  cfg.optimizer.lr = 1e-3f;
  Trainer(m, train, cfg).fit(nullptr, nullptr);
  const Evaluation ev = evaluate(m, test, all(test));
  INFO("test accuracy " << ev.accuracy);
  CHECK(ev.accuracy > 0.75f);  // chance is 0.10
}

TEST_CASE("farm-small learns a subset of the farm photos", "[slow][learning]") {
  const std::string dir = std::string(BARNLAB_SHARED_DATA) + "/farm-animals-6";
  if (!std::filesystem::exists(dir))
    FAIL("the farm photos are missing at " << dir << ": put farm-animals-6 under ../shared/data");
  set_num_threads(2);
  const Dataset all_photos = load_image_folder(dir, 32, nullptr, 120);
  // Three species that differ in colour and setting: chicken, duck, pig.
  Dataset ds;
  ds.channels = 3;
  ds.size = 32;
  ds.classes = {"chicken", "duck", "pig"};
  for (size_t i = 0; i < all_photos.count(); ++i) {
    const std::string& name = all_photos.classes[all_photos.labels[i]];
    for (int k = 0; k < 3; ++k)
      if (name == ds.classes[k]) ds.add(all_photos.image(i), k);
  }
  REQUIRE(ds.count() == 360);
  Model m = Model::preset("farm-small", 3, 32, ds.classes, -1.f, 2);
  TrainConfig cfg;
  cfg.epochs = 12;
  cfg.batch = 16;
  cfg.val_share = 0.25f;
  cfg.seed = 5;
  cfg.augment = true;
  EpochReport last;
  Trainer(m, ds, cfg).fit(nullptr, [&](const EpochReport& e) { last = e; });
  INFO("validation accuracy " << last.val_acc);
  CHECK(last.val_acc > 0.55f);  // chance is 0.33
}
