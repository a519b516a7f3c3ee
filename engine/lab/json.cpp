#include "lab/json.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "core/error.h"

namespace barnlab {

void Json::before_value() {
  if (stack_.empty()) {
    if (done_) throw Error("lab json: a second top-level value");
    done_ = true;
    return;
  }
  char& top = stack_.back();
  if (top == 'o') throw Error("lab json: a value inside an object needs key() first");
  if (top == 'v') {
    top = 'o';
    return;
  }
  if (!first_.back()) out_ += ',';
  first_.back() = false;
}

Json& Json::begin_object() {
  before_value();
  out_ += '{';
  stack_ += 'o';
  first_.push_back(true);
  return *this;
}

Json& Json::end_object() {
  if (stack_.empty() || stack_.back() != 'o') throw Error("lab json: end_object without an open object");
  out_ += '}';
  stack_.pop_back();
  first_.pop_back();
  return *this;
}

Json& Json::begin_array() {
  before_value();
  out_ += '[';
  stack_ += 'a';
  first_.push_back(true);
  return *this;
}

Json& Json::end_array() {
  if (stack_.empty() || stack_.back() != 'a') throw Error("lab json: end_array without an open array");
  out_ += ']';
  stack_.pop_back();
  first_.pop_back();
  return *this;
}

Json& Json::key(const std::string& k) {
  if (stack_.empty() || stack_.back() != 'o') throw Error("lab json: key '" + k + "' outside an object");
  if (!first_.back()) out_ += ',';
  first_.back() = false;
  quoted(k);
  out_ += ':';
  stack_.back() = 'v';
  return *this;
}

Json& Json::number(double v) {
  if (!std::isfinite(v)) return null();
  before_value();
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.10g", v);
  out_ += buf;
  return *this;
}

Json& Json::number(float v) {
  if (!std::isfinite(v)) return null();
  before_value();
  char buf[32];
  for (int digits = 6; digits <= 9; ++digits) {
    std::snprintf(buf, sizeof buf, "%.*g", digits, double(v));
    if (std::strtof(buf, nullptr) == v) break;
  }
  out_ += buf;
  return *this;
}

Json& Json::integer(long long v) {
  before_value();
  out_ += std::to_string(v);
  return *this;
}

Json& Json::boolean(bool v) {
  before_value();
  out_ += v ? "true" : "false";
  return *this;
}

Json& Json::null() {
  before_value();
  out_ += "null";
  return *this;
}

Json& Json::string(const std::string& s) {
  before_value();
  quoted(s);
  return *this;
}

void Json::quoted(const std::string& s) {
  out_ += '"';
  for (const char c : s) {
    switch (c) {
      case '"': out_ += "\\\""; break;
      case '\\': out_ += "\\\\"; break;
      case '\n': out_ += "\\n"; break;
      case '\r': out_ += "\\r"; break;
      case '\t': out_ += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out_ += buf;
        } else {
          out_ += c;
        }
    }
  }
  out_ += '"';
}

Json& Json::integers(const std::vector<int>& values) {
  begin_array();
  for (const int v : values) integer(v);
  return end_array();
}

Json& Json::point(float x, float y) {
  begin_array();
  number(x);
  number(y);
  return end_array();
}

Json& Json::point(double x, double y) {
  begin_array();
  number(x);
  number(y);
  return end_array();
}

const std::string& Json::str() const {
  if (!stack_.empty()) throw Error("lab json: an object or array is still open");
  return out_;
}

}  // namespace barnlab
