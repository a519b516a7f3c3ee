// Metrics: argmax, accuracy, confusion matrix, precision/recall (0 when
// undefined) and the text table of the CLI's eval command.
#include <cmath>
#include <limits>

#include "check.h"
#include "core/error.h"
#include "train/metrics.h"

using namespace barnlab;
using barnlab::test::check_values;

TEST_CASE("argmax per row of an N x K tensor", "[metrics]") {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const Tensor scores(Shape{4, 3, 1, 1}, {0.1f, 0.7f, 0.2f,    //
                                          5.f, -1.f, 5.f,      // tie: first
                                          nan, -2.f, -1.f,     // NaN ignored
                                          -3.f, -2.f, -9.f});
  CHECK(argmax_rows(scores) == std::vector<int>{1, 0, 2, 1});
  CHECK(argmax_rows(Tensor(Shape{2, 1, 1, 1})) == std::vector<int>{0, 0});
}

TEST_CASE("argmax of a row: first on ties, NaNs ignored, 0 for all NaN", "[metrics]") {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const float inf = std::numeric_limits<float>::infinity();
  auto am = [](std::vector<float> v) { return argmax(v.data(), v.size()); };
  CHECK(am({0.1f, 0.7f, 0.2f}) == 1);
  CHECK(am({2.f, 2.f, 1.f}) == 0);
  CHECK(am({nan, 0.1f, 0.3f}) == 2);   // a NaN first does not win
  CHECK(am({0.1f, nan, 0.05f}) == 0);  // nor one in the middle
  CHECK(am({-inf, nan, -inf}) == 0);
  CHECK(am({nan, nan}) == 0);
  CHECK(am({-1.f, inf}) == 1);
  CHECK(argmax(nullptr, 0) == 0);
}

TEST_CASE("accuracy and confusion matrix", "[metrics]") {
  const std::vector<int> labels = {0, 0, 1, 1, 1, 2};
  const std::vector<int> pred = {0, 1, 1, 1, 2, 2};
  CHECK(accuracy(pred, labels) == Approx(4.0 / 6.0));
  CHECK(std::isnan(accuracy({}, {})));
  CHECK_THROWS_AS(accuracy({0}, {0, 1}), Error);
  const ConfusionMatrix want = {{1, 1, 0}, {0, 2, 1}, {0, 0, 1}};
  CHECK(confusion_matrix(pred, labels, 3) == want);
  CHECK_THROWS_WITH(confusion_matrix({0, 3}, {0, 1}, 3), Catch::Contains("class 3"));
  CHECK_THROWS_WITH(confusion_matrix({0, 0}, {0, -1}, 3), Catch::Contains("class -1"));
}

TEST_CASE("classification report: precision, recall, counts", "[metrics]") {
  // Class 2 has no samples and is never predicted; class 3 has samples but
  // is never predicted: their undefined figures are 0.
  const ConfusionMatrix m = {{3, 1, 0, 0}, {1, 4, 0, 0}, {0, 0, 0, 0}, {0, 2, 0, 0}};
  const ClassificationReport r = classification_report(m);
  CHECK(r.accuracy == Approx(7.0 / 11.0));
  CHECK(r.counts == std::vector<int>{4, 5, 0, 2});
  check_values(r.recall, std::vector<float>{3.f / 4.f, 4.f / 5.f, 0.f, 0.f});
  check_values(r.precision, std::vector<float>{3.f / 4.f, 4.f / 7.f, 0.f, 0.f});
  CHECK(r.confusion == m);

  const ClassificationReport same = classification_report({0, 0, 1}, {0, 1, 1}, 2);
  CHECK(same.accuracy == Approx(2.0 / 3.0));
  check_values(same.precision, std::vector<float>{0.5f, 1.f});
  check_values(same.recall, std::vector<float>{1.f, 0.5f});

  CHECK(std::isnan(classification_report(ConfusionMatrix{{0, 0}, {0, 0}}).accuracy));
  CHECK(classification_report(ConfusionMatrix{}).counts.empty());
  CHECK_THROWS_WITH(classification_report(ConfusionMatrix{{1, 0}, {1}}),
                    Catch::Contains("row 1"));
  CHECK_THROWS_AS(classification_report(ConfusionMatrix{{-1}}), Error);
}

TEST_CASE("format_report: confusion with names, then per-class lines", "[metrics]") {
  const ClassificationReport r = classification_report({{10, 2, 0}, {1, 8, 1}, {0, 0, 0}});
  const std::string want =
      "confusion matrix (rows: true class, columns: predicted)\n"
      "         cow  horse  chicken\n"
      "cow       10      2        0\n"
      "horse      1      8        1\n"
      "chicken    0      0        0\n"
      "\n"
      "class    accuracy   correct/total  precision\n"
      "cow         83.3%           10/12      90.9%\n"
      "horse       80.0%            8/10      80.0%\n"
      "chicken         -             0/0       0.0%\n";
  CHECK(format_report(r, {"cow", "horse", "chicken"}) == want);

  // Missing names fall back to the class index.
  const std::string unnamed = format_report(classification_report({{1, 0}, {0, 1}}), {"a"});
  CHECK_THAT(unnamed, Catch::Contains("\n1    ") && Catch::Contains("100.0%"));
}
