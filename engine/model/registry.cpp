// The layer registry (model/registry.h). Each type lists the
// positional arguments and options it accepts, so a typo ("strde=2") or a
// stray argument is an error naming the line rather than silently ignored.
#include "model/registry.h"

#include <algorithm>
#include <functional>
#include <set>

#include "core/error.h"
#include "layers/affine.h"
#include "layers/avg_pool2d.h"
#include "layers/batch_norm.h"
#include "layers/bce_loss.h"
#include "layers/conv2d.h"
#include "layers/dropout.h"
#include "layers/flatten.h"
#include "layers/leaky_relu.h"
#include "layers/lrn.h"
#include "layers/max_pool2d.h"
#include "layers/mse_loss.h"
#include "layers/relu.h"
#include "layers/residual.h"
#include "layers/sigmoid.h"
#include "layers/softmax.h"
#include "layers/softmax_with_loss.h"
#include "layers/step.h"
#include "layers/tanh.h"

namespace barnlab {
namespace {

struct Entry {
  const char* type;
  size_t min_args, max_args;
  std::set<std::string> options;
  const char* usage;
  std::function<std::unique_ptr<Layer>(const LayerSpec&)> make;
};

int pool_stride(const LayerSpec& s, int kernel) {
  const int stride = s.opt_int("stride", kernel);
  if (stride < 1) throw Error("spec " + s.where() + ": stride must be at least 1");
  return stride;
}

const std::vector<Entry>& layer_table() {
  static const std::vector<Entry> table = {
      {"conv", 2, 2, {"stride", "pad", "init"}, "conv FILTERS KERNEL [stride=S pad=P init=he]",
       [](const LayerSpec& s) {
         const int stride = s.opt_int("stride", 1);
         if (stride < 1) throw Error("spec " + s.where() + ": stride must be at least 1");
         return std::make_unique<Conv2D>(s.arg_int(0, "number of filters"),
                                         s.arg_int(1, "kernel size"), stride,
                                         s.opt_int("pad", 0));
       }},
      {"maxpool", 1, 1, {"stride", "pad"}, "maxpool K [stride=S pad=P]",
       [](const LayerSpec& s) {
         const int k = s.arg_int(0, "pool size");
         return std::make_unique<MaxPool2D>(k, pool_stride(s, k), s.opt_int("pad", 0));
       }},
      {"avgpool", 1, 1, {"stride", "pad"}, "avgpool K [stride=S pad=P]",
       [](const LayerSpec& s) {
         const int k = s.arg_int(0, "pool size");
         return std::make_unique<AvgPool2D>(k, pool_stride(s, k), s.opt_int("pad", 0));
       }},
      {"affine", 1, 1, {"init"}, "affine OUTPUTS [init=he]",
       [](const LayerSpec& s) { return std::make_unique<Affine>(s.arg_int(0, "number of outputs")); }},
      {"residual", 1, 1, {}, "residual CHANNELS",
       [](const LayerSpec& s) { return std::make_unique<Residual>(s.arg_int(0, "number of channels")); }},
      {"flatten", 0, 0, {}, "flatten", [](const LayerSpec&) { return std::make_unique<Flatten>(); }},
      {"relu", 0, 0, {}, "relu", [](const LayerSpec&) { return std::make_unique<ReLU>(); }},
      {"leaky_relu", 0, 1, {}, "leaky_relu [SLOPE]",
       [](const LayerSpec& s) {
         return std::make_unique<LeakyReLU>(s.args.empty() ? 0.01f : s.arg_float(0, "slope"));
       }},
      {"sigmoid", 0, 0, {}, "sigmoid", [](const LayerSpec&) { return std::make_unique<Sigmoid>(); }},
      {"tanh", 0, 0, {}, "tanh", [](const LayerSpec&) { return std::make_unique<Tanh>(); }},
      {"step", 0, 0, {}, "step", [](const LayerSpec&) { return std::make_unique<Step>(); }},
      {"softmax", 0, 0, {}, "softmax", [](const LayerSpec&) { return std::make_unique<Softmax>(); }},
      {"batchnorm", 0, 0, {"momentum", "eps"}, "batchnorm [momentum=0.9 eps=1e-5]",
       [](const LayerSpec& s) {
         return std::make_unique<BatchNorm>(s.opt_float("momentum", 0.9f),
                                            s.opt_float("eps", 1e-5f));
       }},
      {"dropout", 1, 1, {}, "dropout RATE",
       [](const LayerSpec& s) { return std::make_unique<Dropout>(s.arg_float(0, "dropout rate")); }},
      {"lrn", 0, 0, {"size", "alpha", "beta", "k"}, "lrn [size=5 alpha=1e-4 beta=0.75 k=2]",
       [](const LayerSpec& s) {
         return std::make_unique<LRN>(s.opt_int("size", 5), s.opt_float("alpha", 1e-4f),
                                      s.opt_float("beta", 0.75f), s.opt_float("k", 2.f));
       }},
  };
  return table;
}

const char* const kLosses[] = {"softmax_loss", "mse", "bce"};

std::string known_types() {
  std::string all;
  for (const Entry& e : layer_table()) all += std::string(all.empty() ? "" : ", ") + e.type;
  for (const char* l : kLosses) all += std::string(", ") + l;
  return all;
}

void check_shape(const LayerSpec& s, size_t min_args, size_t max_args,
                 const std::set<std::string>& options, const char* usage) {
  if (s.args.size() < min_args || s.args.size() > max_args)
    throw Error("spec " + s.where() + ": expected '" + usage + "', got " +
                std::to_string(s.args.size()) + " argument" + (s.args.size() == 1 ? "" : "s"));
  for (const auto& [key, value] : s.opts)
    if (!options.count(key))
      throw Error("spec " + s.where() + ": unknown option '" + key + "' (expected '" + usage +
                  "')");
}

}  // namespace

bool is_loss_type(const std::string& type) {
  return std::find_if(std::begin(kLosses), std::end(kLosses),
                      [&](const char* l) { return type == l; }) != std::end(kLosses);
}

std::unique_ptr<Layer> make_layer(const LayerSpec& spec) {
  for (const Entry& e : layer_table()) {
    if (spec.type != e.type) continue;
    check_shape(spec, e.min_args, e.max_args, e.options, e.usage);
    if (e.options.count("init")) parse_init(spec, Init{});
    try {
      return e.make(spec);
    } catch (const Error& err) {
      const std::string msg = err.what();
      if (msg.rfind("spec ", 0) == 0) throw;
      throw Error("spec " + spec.where() + ": " + msg);
    }
  }
  if (is_loss_type(spec.type))
    throw Error("spec " + spec.where() + ": a loss may only be the last line");
  throw Error("spec " + spec.where() + ": unknown layer '" + spec.type + "'; known: " +
              known_types());
}

std::unique_ptr<Loss> make_loss(const LayerSpec& spec) {
  if (!is_loss_type(spec.type))
    throw Error("spec " + spec.where() + ": '" + spec.type +
                "' is not a loss: end the spec with softmax_loss, mse or bce");
  check_shape(spec, 0, 0, {}, spec.type.c_str());
  if (spec.type == "softmax_loss") return std::make_unique<SoftmaxWithLoss>();
  if (spec.type == "mse") return std::make_unique<MSELoss>();
  return std::make_unique<BCELoss>();
}

Init parse_init(const LayerSpec& spec, Init fallback) {
  const auto it = spec.opts.find("init");
  if (it == spec.opts.end()) return fallback;
  const std::string& v = it->second;
  Init init;
  if (v == "he") {
    init.kind = Init::He;
  } else if (v == "xavier") {
    init.kind = Init::Xavier;
  } else if (v == "std" || v.rfind("std:", 0) == 0) {
    init.kind = Init::Std;
    if (v.size() > 4) {
      LayerSpec probe = spec;
      probe.opts = {{"init", v.substr(4)}};
      init.std = probe.opt_float("init", 0.01f);
      if (!(init.std > 0.f))
        throw Error("spec " + spec.where() + ": init std must be positive, got '" + v + "'");
    }
  } else {
    throw Error("spec " + spec.where() + ": init must be he, xavier or std:0.01, got '" + v +
                "'");
  }
  return init;
}

}  // namespace barnlab
