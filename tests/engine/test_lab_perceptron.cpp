// Lab page 1: the perceptron and logic gates.
#include <catch2/catch.hpp>

#include "lab/lab.h"
#include "lab/perceptron_gates.h"
#include "lab_json.h"

using namespace barnlab;
using barnlab::test::LabJson;

TEST_CASE("lab perceptron: the presets compute AND, NAND and OR", "[lab]") {
  Lab lab;
  for (const char* gate : {"and", "nand", "or"}) {
    const Perceptron p = gate_preset(gate);
    const auto r = LabJson::parse(lab.run(
        "perceptron.gate", "w1=" + std::to_string(p.w1) + "&w2=" + std::to_string(p.w2) +
                               "&b=" + std::to_string(p.b) + "&gate=" + gate));
    INFO(gate);
    CHECK(r["correct"].num() == 4);
    CHECK(r["outputs"].nums() == r["targets"].nums());
    CHECK(r["line"].size() == 2);
  }
  // The default settings are the AND preset.
  const auto r = LabJson::parse(lab.run("perceptron.gate", ""));
  CHECK(r["outputs"].ints() == std::vector<int>{0, 0, 0, 1});
  // The AND line 0.5 x + 0.5 y - 0.7 = 0 crosses the view at x + y = 1.4.
  for (size_t i = 0; i < 2; ++i)
    CHECK(r["line"][i][0].num() + r["line"][i][1].num() == Approx(1.4).margin(1e-5));
  // No line at all when w1 = w2 = 0.
  CHECK(LabJson::parse(lab.run("perceptron.gate", "w1=0&w2=0"))["line"].kind == LabJson::Null);
}

TEST_CASE("lab perceptron: XOR fails for one unit and NAND + OR -> AND solves it", "[lab]") {
  Lab lab;
  const auto r = LabJson::parse(lab.run("perceptron.xor", "epochs=200"));
  CHECK(r["and"].nums() == r["targets"].nums());
  CHECK(r["nand"].ints() == std::vector<int>{1, 1, 1, 0});
  CHECK(r["or"].ints() == std::vector<int>{0, 1, 1, 1});
  CHECK_FALSE(r["single"]["converged"].boolean);
  CHECK(r["single"]["epochs"].num() == 200);
  CHECK(r["single"]["correct"].num() < 4);
  for (const double m : r["single"]["mistakes"].nums()) CHECK(m > 0);
}

TEST_CASE("lab perceptron: step-by-step learning is the rule train_perceptron uses", "[lab]") {
  Lab lab;
  CHECK_THROWS_WITH(lab.run("perceptron.step", ""), Catch::Contains("run perceptron.start first"));
  for (const char* gate : {"and", "or", "nand"}) {
    INFO(gate);
    lab.run("perceptron.start", std::string("gate=") + gate + "&lr=0.1");
    const PerceptronRun want = train_perceptron(truth_table(gate), 100, 0.1f);
    REQUIRE(want.converged);
    // The first step answers for sample (0,0) with zero weights: output 0.
    const auto first = LabJson::parse(lab.run("perceptron.step", "steps=1"));
    CHECK(first["history"][0]["sample"].num() == 0);
    CHECK(first["history"][0]["output"].num() == 0);
    const auto r = LabJson::parse(lab.run("perceptron.step", "steps=" + std::to_string(want.epochs * 4 - 1)));
    CHECK(r["converged"].boolean);
    CHECK(r["correct"].num() == 4);
    CHECK(float(r["w1"].num()) == want.perceptron.w1);
    CHECK(float(r["w2"].num()) == want.perceptron.w2);
    CHECK(float(r["b"].num()) == want.perceptron.b);
    CHECK(r["epoch"].num() == want.epochs);
  }
  lab.run("perceptron.start", "gate=xor");
  const auto x = LabJson::parse(lab.run("perceptron.step", "steps=400"));
  CHECK_FALSE(x["converged"].boolean);
}
