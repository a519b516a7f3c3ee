// A small JSON writer for lab results. Values are appended in order; commas
// and nesting are tracked, so a call sequence that is not valid JSON (a value
// without a key inside an object, an unclosed array) is an Error rather than
// broken text. Numbers are written with 9 significant digits (every float
// reads back exactly); NaN and infinities are written as null.
//
//   Json j;
//   j.begin_object();
//   j.key("loss").number(0.5);
//   j.key("path").begin_array();
//   for (...) j.point(x, y);
//   j.end_array();
//   j.end_object();
//   std::string text = j.str();
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace barnlab {

class Json {
 public:
  Json& begin_object();
  Json& end_object();
  Json& begin_array();
  Json& end_array();
  Json& key(const std::string& k);

  Json& number(double v);
  Json& integer(long long v);
  Json& boolean(bool v);
  Json& string(const std::string& s);
  Json& null();
  // Arrays of numbers, and an [x, y] pair.
  template <class Container>
  Json& numbers(const Container& values) {
    begin_array();
    for (const auto& v : values) number(double(v));
    return end_array();
  }
  Json& integers(const std::vector<int>& values);
  Json& point(double x, double y);

  // The finished text; Error if an object or array is still open.
  const std::string& str() const;

 private:
  void before_value();
  void quoted(const std::string& s);

  std::string out_;
  // One entry per open container: 'o' object expecting a key, 'v' object
  // expecting the value of a key just written, 'a' array.
  std::string stack_;
  std::vector<bool> first_;
  bool done_ = false;
};

}  // namespace barnlab
