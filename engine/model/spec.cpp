// The spec parser: text -> ModelSpec, with every argument checked here so a
// bad spec fails before anything is allocated, with the line and layer named.
// Layer construction and per-type options live in model/registry.cpp.
#include "model/spec.h"

#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <sstream>

#include "core/error.h"
#include "model/registry.h"

namespace barnlab {
namespace {

std::string trim(const std::string& s) {
  size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return s.substr(b, e - b);
}

bool parse_long(const std::string& s, long* out) {
  if (s.empty()) return false;
  char* end = nullptr;
  errno = 0;
  const long v = std::strtol(s.c_str(), &end, 10);
  if (errno != 0 || end != s.c_str() + s.size()) return false;
  *out = v;
  return true;
}

bool parse_float(const std::string& s, float* out) {
  if (s.empty()) return false;
  char* end = nullptr;
  errno = 0;
  const float v = std::strtof(s.c_str(), &end);
  if (errno != 0 || end != s.c_str() + s.size() || !std::isfinite(v)) return false;
  *out = v;
  return true;
}

std::string lower(std::string s) {
  for (char& ch : s) ch = char(std::tolower(static_cast<unsigned char>(ch)));
  return s;
}

}  // namespace

std::string LayerSpec::where() const { return "line " + std::to_string(line) + " (" + type + ")"; }

int LayerSpec::arg_int(size_t i, const char* what) const {
  if (i >= args.size()) throw Error("spec " + where() + ": missing " + what);
  long v = 0;
  if (!parse_long(args[i], &v) || v < 1 || v > 1000000)
    throw Error("spec " + where() + ": " + what + " must be a positive integer, got '" +
                args[i] + "'");
  return int(v);
}

float LayerSpec::arg_float(size_t i, const char* what) const {
  if (i >= args.size()) throw Error("spec " + where() + ": missing " + what);
  float v = 0;
  if (!parse_float(args[i], &v))
    throw Error("spec " + where() + ": " + what + " must be a number, got '" + args[i] + "'");
  return v;
}

int LayerSpec::opt_int(const std::string& key, int fallback) const {
  const auto it = opts.find(key);
  if (it == opts.end()) return fallback;
  long v = 0;
  if (!parse_long(it->second, &v) || v < 0 || v > 1000000)
    throw Error("spec " + where() + ": " + key + " must be a non-negative integer, got '" +
                it->second + "'");
  return int(v);
}

float LayerSpec::opt_float(const std::string& key, float fallback) const {
  const auto it = opts.find(key);
  if (it == opts.end()) return fallback;
  float v = 0;
  if (!parse_float(it->second, &v))
    throw Error("spec " + where() + ": " + key + " must be a number, got '" + it->second + "'");
  return v;
}

std::string LayerSpec::opt_str(const std::string& key, const std::string& fallback) const {
  const auto it = opts.find(key);
  return it == opts.end() ? fallback : it->second;
}

ModelSpec parse_spec(const std::string& text, int num_classes) {
  ModelSpec spec;
  spec.text = text;
  bool have_input = false;
  std::istringstream lines(text);
  std::string raw;
  int line_no = 0;
  while (std::getline(lines, raw)) {
    ++line_no;
    const size_t hash = raw.find('#');
    if (hash != std::string::npos) raw.resize(hash);
    std::istringstream parts(raw);
    std::string part;
    while (std::getline(parts, part, ';')) {
      std::istringstream words(trim(part));
      std::string word;
      LayerSpec ls;
      ls.line = line_no;
      if (!(words >> word)) continue;
      ls.type = lower(word);
      while (words >> word) {
        if (word == "classes") word = std::to_string(num_classes);
        const size_t eq = word.find('=');
        if (eq == std::string::npos) {
          ls.args.push_back(word);
          continue;
        }
        const std::string key = lower(word.substr(0, eq));
        std::string value = word.substr(eq + 1);
        if (value == "classes") value = std::to_string(num_classes);
        if (key.empty() || value.empty())
          throw Error("spec " + ls.where() + ": option '" + word + "' must be written key=value");
        if (!ls.opts.emplace(key, value).second)
          throw Error("spec " + ls.where() + ": option '" + key + "' is given twice");
      }
      if (!have_input) {
        if (ls.type != "input")
          throw Error("spec " + ls.where() +
                      ": the spec must start with 'input C H W', e.g. 'input 3 64 64'");
        if (ls.args.size() != 3 || !ls.opts.empty())
          throw Error("spec " + ls.where() + ": write the input as 'input C H W', e.g. 'input 3 64 64'");
        spec.channels = ls.arg_int(0, "input channels");
        spec.height = ls.arg_int(1, "input height");
        spec.width = ls.arg_int(2, "input width");
        have_input = true;
        continue;
      }
      if (ls.type == "input") throw Error("spec " + ls.where() + ": 'input' may only come first");
      spec.layers.push_back(std::move(ls));
    }
  }
  if (!have_input) throw Error("the spec is empty: it must start with 'input C H W'");
  if (spec.layers.empty())
    throw Error("the spec has no layers: add layers and end with a loss (softmax_loss, mse or bce)");
  for (size_t i = 0; i < spec.layers.size(); ++i) {
    const LayerSpec& ls = spec.layers[i];
    const bool last = i + 1 == spec.layers.size();
    if (is_loss_type(ls.type)) {
      if (!last) throw Error("spec " + ls.where() + ": a loss may only be the last line");
      make_loss(ls);
    } else {
      if (last)
        throw Error("spec " + ls.where() +
                    ": the spec must end with a loss line (softmax_loss, mse or bce)");
      make_layer(ls);  // validates the type and every argument
    }
  }
  return spec;
}

std::string edit_spec(const std::string& text, const std::string& from, const std::string& to) {
  const size_t at = from.empty() ? std::string::npos : text.find(from);
  if (at == std::string::npos || text.find(from, at + 1) != std::string::npos)
    throw Error("spec edit: '" + from + "' must occur exactly once in the spec, it occurs " +
                (at == std::string::npos ? "nowhere" : "more than once") +
                ": the preset changed, update the edit to match it");
  return text.substr(0, at) + to + text.substr(at + from.size());
}

}  // namespace barnlab
