#include "lab/params.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "core/error.h"

namespace barnlab {

namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string decode(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '+') {
      out += ' ';
    } else if (s[i] == '%' && i + 2 < s.size() && hex_value(s[i + 1]) >= 0 && hex_value(s[i + 2]) >= 0) {
      out += char(hex_value(s[i + 1]) * 16 + hex_value(s[i + 2]));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

bool parse_double(const std::string& s, double* v) {
  if (s.empty()) return false;
  char* end = nullptr;
  *v = std::strtod(s.c_str(), &end);
  return end == s.c_str() + s.size() && std::isfinite(*v);
}

}  // namespace

std::string number_text(double v) {
  char buf[32];
  for (int precision = 6; precision <= 17; ++precision) {
    std::snprintf(buf, sizeof buf, "%.*g", precision, v);
    if (std::strtod(buf, nullptr) == v) break;
  }
  return buf;
}

Params::Params(const std::string& experiment, const std::string& text) : experiment_(experiment) {
  size_t start = !text.empty() && text[0] == '?' ? 1 : 0;
  while (start <= text.size()) {
    size_t end = text.find('&', start);
    if (end == std::string::npos) end = text.size();
    const std::string item = text.substr(start, end - start);
    start = end + 1;
    if (item.empty()) continue;
    const size_t eq = item.find('=');
    if (eq == std::string::npos)
      throw Error(error("'" + item + "' has no value: write settings as key=value&key=value"));
    const std::string key = decode(item.substr(0, eq));
    if (values_.count(key)) throw Error(error("'" + key + "' is given twice: keep one"));
    values_[key] = decode(item.substr(eq + 1));
  }
}

std::string Params::error(const std::string& message) const {
  return "lab " + experiment_ + ": " + message;
}

const std::string* Params::raw(const std::string& key) {
  used_.insert(key);
  const auto it = values_.find(key);
  return it == values_.end() ? nullptr : &it->second;
}

double Params::number(const std::string& key, double fallback, double lo, double hi) {
  const std::string* s = raw(key);
  if (!s) return fallback;
  double v = 0;
  if (!parse_double(*s, &v))
    throw Error(error(key + "=" + *s + " is not a number: use a number from " + number_text(lo) +
                      " to " + number_text(hi)));
  if (v < lo || v > hi)
    throw Error(error(key + "=" + *s + " is out of range: use a number from " + number_text(lo) +
                      " to " + number_text(hi)));
  return v;
}

int Params::integer(const std::string& key, int fallback, int lo, int hi) {
  const std::string* s = raw(key);
  if (!s) return fallback;
  double v = 0;
  if (!parse_double(*s, &v) || v != std::floor(v) || v < lo || v > hi)
    throw Error(error(key + "=" + *s + " is not allowed: use a whole number from " +
                      std::to_string(lo) + " to " + std::to_string(hi)));
  return int(v);
}

uint64_t Params::seed(uint64_t fallback) {
  const std::string* s = raw("seed");
  if (!s) return fallback;
  double v = 0;
  if (!parse_double(*s, &v) || v != std::floor(v) || v < 0 || v > 1e9)
    throw Error(error("seed=" + *s + " is not allowed: use a whole number from 0 to 1000000000"));
  return uint64_t(v);
}

std::string Params::choice(const std::string& key, const std::string& fallback,
                           const std::vector<std::string>& options) {
  const std::string* s = raw(key);
  if (!s) return fallback;
  for (const auto& o : options)
    if (*s == o) return o;
  std::string list;
  for (const auto& o : options) list += (list.empty() ? "" : ", ") + o;
  throw Error(error(key + "=" + *s + " is not known: use one of " + list));
}

std::vector<double> Params::list(const std::string& key, const std::string& fallback,
                                 size_t min_count, size_t max_count, double lo, double hi) {
  const std::string* s = raw(key);
  const std::string text = s ? *s : fallback;
  std::vector<double> out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find(',', start);
    if (end == std::string::npos) end = text.size();
    std::string item = text.substr(start, end - start);
    start = end + 1;
    while (!item.empty() && item.front() == ' ') item.erase(item.begin());
    while (!item.empty() && item.back() == ' ') item.pop_back();
    double v = 0;
    if (!parse_double(item, &v) || v < lo || v > hi)
      throw Error(error(key + "=" + text + ": '" + item + "' is not allowed: give " +
                        std::to_string(min_count) + " to " + std::to_string(max_count) +
                        " comma-separated numbers from " + number_text(lo) + " to " +
                        number_text(hi)));
    out.push_back(v);
  }
  if (out.size() < min_count || out.size() > max_count)
    throw Error(error(key + " has " + std::to_string(out.size()) + " numbers: give " +
                      std::to_string(min_count) + " to " + std::to_string(max_count)));
  return out;
}

std::vector<std::vector<double>> Params::matrix(const std::string& key, const std::string& fallback,
                                                size_t max_rows, size_t max_cols, double lo,
                                                double hi) {
  const std::string* s = raw(key);
  const std::string text = s ? *s : fallback;
  std::vector<std::vector<double>> rows;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find(';', start);
    if (end == std::string::npos) end = text.size();
    const std::string row = text.substr(start, end - start);
    start = end + 1;
    // Each row is a list; read it through list() under this key's name.
    Params one(experiment_, "");
    one.values_[key] = row;
    rows.push_back(one.list(key, "", 1, max_cols, lo, hi));
    if (rows.back().size() != rows.front().size())
      throw Error(error(key + "=" + text + ": row " + std::to_string(rows.size()) + " has " +
                        std::to_string(rows.back().size()) + " numbers, row 1 has " +
                        std::to_string(rows.front().size()) + ": give every row as many"));
  }
  if (rows.size() > max_rows)
    throw Error(error(key + " has " + std::to_string(rows.size()) + " rows: give 1 to " +
                      std::to_string(max_rows) + " rows separated by ';'"));
  return rows;
}

void Params::finish() const {
  std::string unknown;
  for (const auto& kv : values_) {
    if (used_.count(kv.first) || kv.first == "seed" || kv.first.empty() || kv.first[0] == '_')
      continue;
    unknown += (unknown.empty() ? "" : ", ") + kv.first;
  }
  if (!unknown.empty()) {
    std::string known;
    for (const auto& k : used_) known += (known.empty() ? "" : ", ") + k;
    throw Error(error("unknown setting " + unknown + ": the settings are " + known));
  }
}

}  // namespace barnlab
