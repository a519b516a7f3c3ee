// Pages 10-18 through Lab::run, as the browser calls them: ids registered,
// hash settings read (and typos rejected), key figures in the JSON, data
// and photos given the way setData/addPhoto give them.
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "lab/lab.h"
#include "lab_data.h"

using namespace barnlab;
using Catch::Contains;

namespace {

// The first n records of the test split in setData's format: 784 pixels + label.
std::vector<uint8_t> fashion_records(size_t n) {
  const Dataset& ds = barnlab::test::lab_fashion();
  std::vector<uint8_t> out;
  for (size_t i = 0; i < n; ++i) {
    out.insert(out.end(), ds.image(i), ds.image(i) + 784);
    out.push_back(uint8_t(ds.labels[i]));
  }
  return out;
}

std::vector<uint8_t> file_bytes(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
}

// n photos of each of the named classes, in name order, as addPhoto gives them.
void add_photos(Lab& lab, const std::vector<std::string>& classes, size_t n) {
  for (size_t k = 0; k < classes.size(); ++k) {
    std::vector<std::string> files;
    for (const auto& e : std::filesystem::directory_iterator(barnlab::test::farm_photos_dir() + "/" + classes[k]))
      files.push_back(e.path().string());
    std::sort(files.begin(), files.end());
    for (size_t i = 0; i < n; ++i) {
      const auto bytes = file_bytes(files[i]);
      lab.add_photo(bytes.data(), bytes.size(), int(k), classes[k]);
    }
  }
}

}  // namespace

TEST_CASE("lab pages 10-18: every id is registered", "[lab]") {
  const auto ids = Lab::ids();
  for (const char* id : {"optimizers.paths", "optimizers.mnist", "init.hist", "init.train", "batchnorm.grid",
                         "batchnorm.stats", "overfit.train", "hyper.search", "conv.example", "pool.grid",
                         "pool.photo", "cnn.train", "cnn.look", "alexnet.table", "lrn.demo"})
    CHECK(std::find(ids.begin(), ids.end(), id) != ids.end());
}

TEST_CASE("lab pages 10-18: settings-only pages through run()", "[lab]") {
  Lab lab;
  const std::string race = lab.run("optimizers.paths", "");
  CHECK_THAT(race, Contains("\"closest\":\"adagrad\""));
  CHECK_THAT(race, Contains("\"name\":\"sgd\",\"lr\":0.95"));
  CHECK_THAT(race, Contains("\"y_sign_flips\":30"));
  CHECK_THAT(lab.run("optimizers.paths", "steps=5&adam_lr=0.5&grid=11"), Contains("\"nx\":11"));
  CHECK_THROWS_WITH(lab.run("optimizers.paths", "sgd_lr=50"), Contains("sgd_lr=50 is out of range"));
  CHECK_THROWS_WITH(lab.run("optimizers.paths", "setps=5"), Contains("unknown setting setps"));

  CHECK_THAT(lab.run("conv.example", ""), Contains("\"output\":[[15,16],[6,15]]"));
  CHECK_THAT(lab.run("conv.example", "pad=1"),
             Contains("\"output\":[[7,12,10,2],[4,15,16,10],[10,6,15,6],[8,10,4,3]]"));
  CHECK_THAT(lab.run("conv.example", "pad=1"), Contains("\"oh\":4,\"ow\":4"));
  CHECK_THAT(lab.run("conv.example", "input=1,2;3,4&filter=1"), Contains("\"output\":[[1,2],[3,4]]"));
  CHECK_THROWS_WITH(lab.run("conv.example", "input=1,2;3"), Contains("row 2 has 1 numbers"));
  CHECK_THAT(lab.run("pool.grid", ""), Contains("\"max\":[[2,3],[4,2]]"));
  CHECK_THAT(lab.run("pool.grid", ""), Contains("\"avg\":[[1,1.5],[2.25,1]]"));
  CHECK_THAT(lab.run("pool.grid", ""), Contains("\"argmax\":[[[0,1],[1,3]],[[3,1],[2,3]]]"));

  CHECK_THAT(lab.run("init.hist", "activation=relu&init=he&samples=200"), Contains("\"init\":\"he\""));
  CHECK_THAT(lab.run("alexnet.table", ""), Contains("\"describe\":\"lrn"));
  CHECK_THAT(lab.run("alexnet.table", "size=32"), Contains("\"total_params\":"));
  CHECK_THAT(lab.run("lrn.demo", "input=1,2,3&size=3&alpha=3&k=1&beta=1"), Contains("\"s\":[6,15,14]"));
}

TEST_CASE("lab pages 10-14: Fashion-MNIST records from setData", "[lab]") {
  Lab lab;
  CHECK_THROWS_WITH(lab.run("optimizers.mnist", ""), Contains("setData"));
  const auto records = fashion_records(1000);
  lab.set_data("fashion", records.data(), records.size());
  CHECK_THROWS_WITH(lab.run("overfit.train", "n_train=600&n_test=500"), Contains("needs 1100"));
  const std::string curves = lab.run("optimizers.mnist", "n_train=200&steps=10&only=adam");
  CHECK_THAT(curves, Contains("\"name\":\"adam\""));
  CHECK_THAT(curves, !Contains("\"name\":\"sgd\""));
  CHECK_THAT(lab.run("init.train", "n_train=200&steps=10&units=20&init=xavier"), Contains("\"init\":\"xavier\""));
  CHECK_THAT(lab.run("batchnorm.stats", ""), Contains("\"after\":{\"mean\":["));
  CHECK_THAT(lab.run("batchnorm.grid", "scales=4&only=1&n_train=100&n_test=100&epochs=2"),
             Contains("\"runs\":[{\"index\":1,\"scale\":0.0464"));
  CHECK_THAT(lab.run("overfit.train", "n_train=100&n_test=100&epochs=2&dropout=0.5"), Contains("\"gap\":"));
  CHECK_THAT(lab.run("hyper.search", "trials=3&only=2&n_train=100&epochs=1"), Contains("\"best\":2"));
}

TEST_CASE("lab pages 16-17: photos from addPhoto, a CNN trained once and looked through", "[lab]") {
  Lab lab;
  CHECK_THROWS_WITH(lab.run("cnn.look", ""), Contains("run cnn.train first"));
  add_photos(lab, {"cow", "pig"}, 8);
  CHECK_THAT(lab.run("pool.photo", "photo=3&size=32&filter=horizontal"), Contains("\"max\":{\"w\":16,\"h\":16,\"c\":1"));
  const std::string trained = lab.run("cnn.train", "epochs=2&size=16");
  CHECK_THAT(trained, Contains("\"classes\":[\"cow\",\"pig\"]"));
  CHECK_THAT(trained, Contains("\"photos\":16"));
  // The user's own photo, added after training: never trained on.
  const auto own = file_bytes(barnlab::test::farm_photos_dir() + "/cow/" +
                              std::filesystem::directory_iterator(barnlab::test::farm_photos_dir() + "/cow")->path().filename().string());
  lab.add_photo(own.data(), own.size(), -1, "");
  const std::string look = lab.run("cnn.look", "photo=16");
  CHECK_THAT(look, Contains("\"trained_on_it\":false"));
  // A look-only photo is never in the training set, even when training again.
  CHECK_THAT(lab.run("cnn.train", "epochs=1&size=16"), Contains("\"photos\":16"));
  CHECK_THAT(lab.run("cnn.look", "photo=16"), Contains("\"trained_on_it\":false"));
  CHECK_THROWS_WITH(lab.add_photo(own.data(), own.size(), -2, ""), Contains("-1 for a look-only photo"));
  CHECK_THAT(look, Contains("\"saliency\":{\"w\":16,\"h\":16,\"c\":1"));
  CHECK_THAT(lab.run("cnn.look", "photo=0"), Contains("\"trained_on_it\":true"));
  CHECK_THROWS_WITH(lab.run("cnn.look", "photo=40"), Contains("no photo 40"));
}
