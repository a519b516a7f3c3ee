// Model specs: a network written as text, one layer per line (or separated
// by ';'), '#' starts a comment. The first line names the input:
//
//   input 3 64 64
//   conv 16 3 stride=1 pad=1 init=he
//   relu
//   maxpool 2 stride=2
//   flatten
//   affine 128
//   relu
//   dropout 0.5
//   affine classes        # 'classes' is replaced by the number of classes
//   softmax_loss
//
// Layer lines: conv F K [stride= pad= init=], maxpool K [stride= pad=],
// avgpool K [stride= pad=], affine N [init=], flatten, relu, leaky_relu [A],
// sigmoid, tanh, step, softmax, batchnorm [momentum= eps=], dropout P,
// lrn [size= alpha= beta= k=], residual C (layers/residual.h). The last
// line is a loss: softmax_loss, mse,
// bce (sigmoid + binary cross-entropy). init is he, xavier or std:0.01.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>


namespace barnlab {

struct LayerSpec {
  std::string type;                          // "conv"
  std::vector<std::string> args;             // positional: {"16", "3"}
  std::map<std::string, std::string> opts;   // key=value: {"stride": "1"}
  int line = 0;                              // 1-based line in the spec text

  // Positional/optional argument accessors; throw Error naming the line.
  int arg_int(size_t i, const char* what) const;
  float arg_float(size_t i, const char* what) const;
  int opt_int(const std::string& key, int fallback) const;
  float opt_float(const std::string& key, float fallback) const;
  std::string opt_str(const std::string& key, const std::string& fallback) const;
  std::string where() const;  // "line 3 (conv)"
};

struct ModelSpec {
  int channels = 3, height = 64, width = 64;
  std::vector<LayerSpec> layers;  // without the input line, loss last
  std::string text;               // the original text, stored in model files
};

// Parses spec text; 'classes' in arguments is replaced by num_classes.
ModelSpec parse_spec(const std::string& text, int num_classes);

// text with its one occurrence of `from` replaced by `to`, to derive a
// variant of a preset. Throws Error naming `from` unless it occurs exactly
// once (the preset changed: update the edit).
std::string edit_spec(const std::string& text, const std::string& from, const std::string& to);

}  // namespace barnlab
