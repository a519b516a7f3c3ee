// A small JSON writer for lab results. Values are appended in order; commas
// and nesting are tracked, so a call sequence that is not valid JSON (a value
// without a key inside an object, an unclosed array) is an Error rather than
// broken text. A float is written with the fewest digits that read back as
// the same float (0.1f as 0.1, not 0.100000001), a double with 10
// significant digits. NaN and infinities are written as null.
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
#include <type_traits>
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
  Json& number(float v);
  template <class T, std::enable_if_t<std::is_integral_v<T>, int> = 0>
  Json& number(T v) {
    return integer(static_cast<long long>(v));
  }
  Json& integer(long long v);
  Json& boolean(bool v);
  Json& string(const std::string& s);
  Json& null();
  // Arrays of numbers, and an [x, y] pair.
  template <class Container>
  Json& numbers(const Container& values) {
    begin_array();
    for (const auto& v : values) {
      if constexpr (std::is_same_v<std::decay_t<decltype(v)>, float>) {
        number(v);
      } else {
        number(double(v));
      }
    }
    return end_array();
  }
  Json& integers(const std::vector<int>& values);
  Json& point(double x, double y);
  Json& point(float x, float y);

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
