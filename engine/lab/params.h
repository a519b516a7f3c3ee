// The settings of one lab experiment, read from URL-query text "k=v&k=v"
// (exactly the page's hash settings, "#/lab/gd?lr=0.1&steps=30" passes
// "lr=0.1&steps=30"). Typed getters take a default and a range; a missing key
// gives the default, a bad value is an Error naming the experiment, the key
// and what is allowed. finish() rejects keys no getter asked for, so a typo
// in a shared link is reported instead of silently ignored. Keys starting
// with '_' belong to the page (view settings) and are ignored; "seed" is
// accepted by every experiment.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace barnlab {

class Params {
 public:
  // Parses text; a leading '?' is skipped, values are percent-decoded and
  // '+' is a space. Throws Error on a key given twice or without '='.
  Params(const std::string& experiment, const std::string& text);

  bool has(const std::string& key) const { return values_.count(key) > 0; }
  double number(const std::string& key, double fallback, double lo, double hi);
  int integer(const std::string& key, int fallback, int lo, int hi);
  uint64_t seed(uint64_t fallback = 1);  // "seed", in [0, 1e9]
  std::string choice(const std::string& key, const std::string& fallback,
                     const std::vector<std::string>& options);
  // Comma-separated numbers; fallback is list text such as "1,2,3".
  std::vector<double> list(const std::string& key, const std::string& fallback, size_t min_count,
                           size_t max_count, double lo, double hi);
  // A matrix: rows separated by ';', numbers in a row by ',' ("1,2;3,4");
  // every row as long as the first; 1..max_rows rows of 1..max_cols numbers.
  std::vector<std::vector<double>> matrix(const std::string& key, const std::string& fallback,
                                          size_t max_rows, size_t max_cols, double lo, double hi);

  // Throws Error naming every key given but never read.
  void finish() const;
  // An Error message prefixed with the experiment id.
  std::string error(const std::string& message) const;

 private:
  const std::string* raw(const std::string& key);

  std::string experiment_;
  std::map<std::string, std::string> values_;
  std::set<std::string> used_;
};

// Shortest text of a number that reads back to the same double ("0.1", "1e-10").
std::string number_text(double v);

}  // namespace barnlab
