// A small JSON reader for the lab tests, so they can assert the figures of
// Lab::run's result text, the very text the page draws: LabJson::parse(text)
// then j["grads"][0]["backprop"].num(). null reads as NaN in num().
#pragma once

#include <cctype>
#include <cmath>
#include <cstdlib>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace barnlab::test {

struct LabJson {
  enum Kind { Null, Bool, Number, String, Array, Object } kind = Null;
  double number = 0;
  bool boolean = false;
  std::string text;
  std::vector<LabJson> items;
  std::vector<std::pair<std::string, LabJson>> fields;  // vector: allowed for an incomplete type

  static LabJson parse(const std::string& s) {
    size_t i = 0;
    LabJson v = value(s, i);
    skip(s, i);
    if (i != s.size()) throw std::runtime_error("json: trailing text at " + std::to_string(i));
    return v;
  }

  const LabJson& operator[](const std::string& key) const {
    for (const auto& f : fields)
      if (f.first == key) return f.second;
    throw std::runtime_error("json: no field " + key);
  }
  const LabJson& operator[](size_t i) const {
    if (kind != Array || i >= items.size()) throw std::runtime_error("json: no item " + std::to_string(i));
    return items[i];
  }
  bool has(const std::string& key) const {
    for (const auto& f : fields)
      if (f.first == key) return true;
    return false;
  }
  size_t size() const { return kind == Array ? items.size() : fields.size(); }
  double num() const {
    if (kind == Null) return NAN;
    if (kind != Number) throw std::runtime_error("json: not a number");
    return number;
  }
  std::vector<double> nums() const {
    std::vector<double> out;
    for (const auto& v : items) out.push_back(v.num());
    return out;
  }
  std::vector<int> ints() const {
    std::vector<int> out;
    for (const auto& v : items) out.push_back(int(std::lround(v.num())));
    return out;
  }

 private:
  static void skip(const std::string& s, size_t& i) {
    while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
  }
  static void expect(const std::string& s, size_t& i, const char* word) {
    const std::string w(word);
    if (s.compare(i, w.size(), w) != 0) throw std::runtime_error("json: expected " + w + " at " + std::to_string(i));
    i += w.size();
  }
  static std::string str(const std::string& s, size_t& i) {
    expect(s, i, "\"");
    std::string out;
    while (i < s.size() && s[i] != '"') {
      if (s[i] == '\\') {
        ++i;
        const char c = s[i];
        out += c == 'n' ? '\n' : c == 't' ? '\t' : c == 'r' ? '\r' : c;
        if (c == 'u') i += 4;
      } else {
        out += s[i];
      }
      ++i;
    }
    expect(s, i, "\"");
    return out;
  }
  static LabJson value(const std::string& s, size_t& i) {
    skip(s, i);
    LabJson v;
    if (i >= s.size()) throw std::runtime_error("json: unexpected end");
    const char c = s[i];
    if (c == '{') {
      v.kind = Object;
      ++i;
      skip(s, i);
      if (s[i] == '}') return ++i, v;
      for (;;) {
        skip(s, i);
        const std::string k = str(s, i);
        skip(s, i);
        expect(s, i, ":");
        v.fields.emplace_back(k, value(s, i));
        skip(s, i);
        if (s[i] == ',') { ++i; continue; }
        expect(s, i, "}");
        return v;
      }
    }
    if (c == '[') {
      v.kind = Array;
      ++i;
      skip(s, i);
      if (s[i] == ']') return ++i, v;
      for (;;) {
        v.items.push_back(value(s, i));
        skip(s, i);
        if (s[i] == ',') { ++i; continue; }
        expect(s, i, "]");
        return v;
      }
    }
    if (c == '"') {
      v.kind = String;
      v.text = str(s, i);
      return v;
    }
    if (c == 'n') return expect(s, i, "null"), v;
    if (c == 't') { expect(s, i, "true"); v.kind = Bool; v.boolean = true; return v; }
    if (c == 'f') { expect(s, i, "false"); v.kind = Bool; return v; }
    char* end = nullptr;
    v.kind = Number;
    v.number = std::strtod(s.c_str() + i, &end);
    if (end == s.c_str() + i) throw std::runtime_error("json: bad value at " + std::to_string(i));
    i = size_t(end - s.c_str());
    return v;
  }
};

}  // namespace barnlab::test
