// The lab's dispatch: settings text, JSON results, ids and data.
#include <catch2/catch.hpp>

#include <cmath>
#include <fstream>
#include <iterator>
#include <vector>

#include "core/error.h"
#include "lab/json.h"
#include "lab/lab.h"
#include "lab/params.h"

using namespace barnlab;

TEST_CASE("lab params: typed getters, defaults, ranges and unknown keys", "[lab]") {
  Params p("gd.path", "?lr=0.5&steps=30&name=a%20b+c&v=1,%202,3&_view=map");
  CHECK(p.number("lr", 0.1, 0, 1) == 0.5);
  CHECK(p.number("missing", 0.1, 0, 1) == 0.1);
  CHECK(p.integer("steps", 10, 1, 100) == 30);
  CHECK(p.choice("name", "x", {"x", "a b c"}) == "a b c");
  CHECK(p.list("v", "", 1, 5, 0, 10) == std::vector<double>{1, 2, 3});
  CHECK_NOTHROW(p.finish());  // '_view' belongs to the page

  Params bad("gd.path", "lr=500");
  CHECK_THROWS_WITH(bad.number("lr", 0.1, 1e-12, 100),
                    "lab gd.path: lr=500 is out of range: use a number from 1e-12 to 100");
  Params nan("gd.path", "lr=abc&steps=2.5&opt=foo");
  CHECK_THROWS_WITH(nan.number("lr", 0.1, 0, 1), Catch::Contains("lr=abc is not a number"));
  CHECK_THROWS_WITH(nan.integer("steps", 1, 1, 10), Catch::Contains("whole number from 1 to 10"));
  CHECK_THROWS_WITH(nan.choice("opt", "sgd", {"sgd", "adam"}), Catch::Contains("use one of sgd, adam"));

  Params typo("gd.path", "lrr=0.1&seed=3");
  typo.number("lr", 0.1, 0, 1);
  CHECK(typo.seed() == 3);
  CHECK_THROWS_WITH(typo.finish(), Catch::Contains("unknown setting lrr: the settings are lr"));
  CHECK_THROWS_WITH(Params("x", "a=1&a=2"), Catch::Contains("'a' is given twice"));
  CHECK_THROWS_WITH(Params("x", "a"), Catch::Contains("has no value"));
}

TEST_CASE("lab json: nesting, escapes, NaN and Inf as null", "[lab]") {
  Json j;
  j.begin_object();
  j.key("a").number(0.1);
  j.key("b").numbers(std::vector<float>{1.f, NAN, INFINITY});
  j.key("s").string("q\"\\\n");
  j.key("p").point(1.0, -2.0);
  j.key("t").boolean(true);
  j.key("f").numbers(std::vector<float>{0.1f, -0.7f, 1e-10f});
  j.key("i").number(3);
  j.end_object();
  CHECK(j.str() == "{\"a\":0.1,\"b\":[1,null,null],\"s\":\"q\\\"\\\\\\n\",\"p\":[1,-2],\"t\":true,"
                   "\"f\":[0.1,-0.7,1e-10],\"i\":3}");

  Json open;
  open.begin_array();
  CHECK_THROWS_AS(open.str(), Error);
  Json nokey;
  nokey.begin_object();
  CHECK_THROWS_AS(nokey.number(1), Error);
}

TEST_CASE("lab: ids, unknown id, fashion data and photos", "[lab]") {
  Lab lab;
  CHECK(lab.run("lab.ids", "") .find("\"lab.ids\"") != std::string::npos);
  CHECK_THROWS_WITH(lab.run("nope", ""), Catch::Contains("the experiments are lab.ids"));

  std::vector<uint8_t> bytes(2 * 785, 7);
  bytes[784] = 3;
  bytes[785 + 784] = 9;
  lab.set_data("fashion", bytes.data(), bytes.size());
  const Dataset& ds = lab.data("fashion");
  CHECK(ds.count() == 2);
  CHECK(ds.labels == std::vector<int>{3, 9});
  CHECK_THROWS_WITH(lab.set_data("fashion", bytes.data(), 100), Catch::Contains("784 pixels + 1 label"));
  CHECK_THROWS_WITH(Lab().data("fashion"), Catch::Contains("call setData(\"fashion\""));

  CHECK_THROWS_WITH(lab.photos(32, 3), Catch::Contains("add farm photos"));
  const std::vector<uint8_t> junk(100, 1);
  CHECK_THROWS_AS(lab.add_photo(junk.data(), junk.size(), 0, "cow"), Error);
  CHECK(lab.photo_count() == 0);
}

TEST_CASE("lab: every experiment id is documented in docs/lab-api.md", "[lab]") {
  std::string file = __FILE__;
  file = file.substr(0, file.rfind("/tests/")) + "/docs/lab-api.md";
  std::ifstream in(file);
  REQUIRE(in.good());
  const std::string doc((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  for (const auto& id : Lab::ids()) {
    INFO(id);
    CHECK(doc.find("`" + id + "`") != std::string::npos);
  }
}

TEST_CASE("lab: pages 1-9 run with their defaults and give JSON objects", "[lab]") {
  Lab lab;
  for (const char* id : {"perceptron.gate", "perceptron.xor", "perceptron.start", "perceptron.step",
                         "mlp2d.data", "mlp2d.start", "mlp2d.step", "activation.curves",
                         "activation.softmax", "loss.compare", "gd.path", "surface.paths",
                         "batch.compare", "backprop.net", "layers.show"}) {
    INFO(id);
    const std::string out = lab.run(id, "");
    CHECK(out.front() == '{');
    CHECK(out.back() == '}');
  }
}
