// The perceptron learns AND, OR and NAND and cannot learn XOR.
#include <algorithm>

#include "check.h"
#include "core/error.h"
#include "model/perceptron.h"

using namespace barnlab;

namespace {

void check_learned(const std::string& gate) {
  INFO(gate);
  const TruthTable t = truth_table(gate);
  const PerceptronRun run = train_perceptron(t, 100);
  REQUIRE(run.converged);
  CHECK(run.epochs < 100);
  CHECK(run.mistakes.back() == 0);
  CHECK(int(run.mistakes.size()) == run.epochs);
  const Perceptron& p = run.perceptron;
  CHECK(p.predict(0, 0) == t[0]);
  CHECK(p.predict(1, 0) == t[1]);
  CHECK(p.predict(0, 1) == t[2]);
  CHECK(p.predict(1, 1) == t[3]);
}

}  // namespace

TEST_CASE("the book's hand-set AND perceptron", "[perceptron]") {
  const Perceptron p{0.5f, 0.5f, -0.7f};
  CHECK(p.predict(0, 0) == 0);
  CHECK(p.predict(1, 0) == 0);
  CHECK(p.predict(0, 1) == 0);
  CHECK(p.predict(1, 1) == 1);
  // Already right: one mistake-free epoch, weights untouched.
  const PerceptronRun run = train_perceptron(truth_table("and"), 10, 0.1f, p);
  CHECK(run.converged);
  CHECK(run.epochs == 1);
  CHECK(run.perceptron.b == -0.7f);
}

TEST_CASE("the perceptron learns AND, OR and NAND", "[perceptron]") {
  check_learned("and");
  check_learned("or");
  check_learned("nand");
}

TEST_CASE("the perceptron cannot learn XOR", "[perceptron]") {
  const PerceptronRun run = train_perceptron(truth_table("xor"), 1000);
  CHECK_FALSE(run.converged);
  CHECK(run.epochs == 1000);
  CHECK(std::count(run.mistakes.begin(), run.mistakes.end(), 0) == 0);
}

TEST_CASE("perceptron errors", "[perceptron]") {
  CHECK_THROWS_WITH(truth_table("nor"), Catch::Contains("and, or, nand, xor"));
  CHECK_THROWS_AS(train_perceptron(truth_table("and"), 10, 0.f), Error);
  const PerceptronRun none = train_perceptron(truth_table("and"), 0);
  CHECK_FALSE(none.converged);
  CHECK(none.epochs == 0);
}
