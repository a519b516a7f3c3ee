// ONNX export (interop/onnx.h). The field numbers are onnx.proto's
// (github.com/onnx/onnx, onnx/onnx.proto): ModelProto, GraphProto,
// NodeProto, AttributeProto, TensorProto, ValueInfoProto, TypeProto,
// TensorShapeProto, StringStringEntryProto, OperatorSetIdProto.
#include "interop/onnx.h"

#include <cstdio>
#include <cstring>
#include <map>
#include <string>

#include "core/error.h"
#include "core/version.h"
#include "interop/protobuf.h"
#include "model/spec.h"

namespace barnlab {
namespace {

// onnx.proto enums
constexpr int kFloat = 1, kInt64 = 7;                                   // TensorProto.DataType
constexpr int kAttrFloat = 1, kAttrInt = 2, kAttrInts = 7;              // AttributeProto.type

struct Attr {
  ProtoWriter w;
};

Attr attr(const std::string& name, int type) {
  Attr a;
  a.w.bytes(1, name);
  a.w.varint(20, type);
  return a;
}

Attr attr_int(const std::string& name, int64_t v) {
  Attr a = attr(name, kAttrInt);
  a.w.sint(3, v);
  return a;
}

Attr attr_float(const std::string& name, float v) {
  Attr a = attr(name, kAttrFloat);
  a.w.f32(2, v);
  return a;
}

Attr attr_ints(const std::string& name, const std::vector<int64_t>& v) {
  Attr a = attr(name, kAttrInts);
  for (int64_t x : v) a.w.sint(8, x);
  return a;
}

std::string json_string(const std::string& s) {
  std::string out = "\"";
  for (unsigned char ch : s) {
    if (ch == '"' || ch == '\\') {
      out += '\\';
      out += char(ch);
    } else if (ch < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", ch);
      out += buf;
    } else {
      out += char(ch);
    }
  }
  return out + "\"";
}

std::string number(float v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.9g", double(v));
  return buf;
}

// The graph under construction: nodes and initializers, with fresh names.
class Graph {
 public:
  std::string constant(const std::string& name, const std::vector<int64_t>& dims,
                       const float* data, size_t n) {
    ProtoWriter t;
    for (int64_t d : dims) t.sint(1, d);
    t.varint(2, kFloat);
    t.bytes(8, name);
    std::string raw(n * 4, '\0');
    for (size_t i = 0; i < n; ++i) {
      uint32_t bits = 0;
      static_assert(sizeof(float) == 4, "float32");
      std::memcpy(&bits, data + i, 4);
      for (int b = 0; b < 4; ++b) raw[i * 4 + size_t(b)] = char(uint8_t(bits >> (8 * b)));
    }
    t.bytes(9, raw);
    g_.message(5, t);
    return name;
  }
  std::string constant(const std::string& name, const std::vector<int64_t>& dims,
                       const std::vector<float>& v) {
    return constant(name, dims, v.data(), v.size());
  }
  std::string constant_i64(const std::string& name, const std::vector<int64_t>& v) {
    ProtoWriter t;
    t.sint(1, int64_t(v.size()));
    t.varint(2, kInt64);
    t.bytes(8, name);
    std::string raw;
    for (int64_t x : v)
      for (int b = 0; b < 8; ++b) raw.push_back(char(uint8_t(uint64_t(x) >> (8 * b))));
    t.bytes(9, raw);
    g_.message(5, t);
    return name;
  }
  // Adds op(inputs) and returns its output's name (out, or a fresh one).
  std::string node(const std::string& op, const std::vector<std::string>& inputs,
                   const std::string& hint, const std::vector<Attr>& attrs = {},
                   const std::string& out = "") {
    const std::string name = hint + "/" + op + "_" + std::to_string(count_++);
    const std::string output = out.empty() ? name : out;
    ProtoWriter n;
    for (const std::string& in : inputs) n.bytes(1, in);
    n.bytes(2, output);
    n.bytes(3, name);
    n.bytes(4, op);
    for (const Attr& a : attrs) n.message(5, a.w);
    g_.message(1, n);
    return output;
  }
  // name: N x dims[1..] float32, N symbolic.
  void io(int field, const std::string& name, const std::vector<int64_t>& dims) {
    ProtoWriter shape;
    for (size_t i = 0; i < dims.size(); ++i) {
      ProtoWriter d;
      if (i == 0)
        d.bytes(2, std::string("N"));
      else
        d.sint(1, dims[i]);
      shape.message(1, d);
    }
    ProtoWriter tensor_type;
    tensor_type.varint(1, kFloat);
    tensor_type.message(2, shape);
    ProtoWriter type;
    type.message(1, tensor_type);
    ProtoWriter vi;
    vi.bytes(1, name);
    vi.message(2, type);
    io_.push_back({field, vi});
  }
  ProtoWriter finish(const std::string& name, const std::string& doc) {
    ProtoWriter g = g_;
    g.bytes(2, name);
    g.bytes(10, doc);
    for (const auto& [field, vi] : io_) g.message(field, vi);
    return g;
  }

 private:
  ProtoWriter g_;
  std::vector<std::pair<int, ProtoWriter>> io_;
  int count_ = 0;
};

// The tensors of a model by name: parameters and BatchNorm statistics.
class Weights {
 public:
  explicit Weights(const Model& m) {
    for (const Param* p : m.params()) t_[p->name] = &p->value;
    for (const auto& [name, value] : m.buffers()) t_[name] = value;
  }
  const Tensor& operator()(const std::string& name) const {
    const auto it = t_.find(name);
    if (it == t_.end()) throw Error("ONNX export: the model has no tensor '" + name + "'");
    return *it->second;
  }

 private:
  std::map<std::string, const Tensor*> t_;
};

// The network's running value: its name and whether it is N x C x H x W
// (rank 4) or N x K (rank 2, after Gemm or Flatten).
struct Flow {
  std::string name;
  int rank = 4;
  Shape shape;  // Barnlab's per-sample shape (n = 1)
};

void to_rank4(Graph& g, Flow& f, const std::string& hint) {
  if (f.rank == 4) return;
  const std::string shape = g.constant_i64(hint + "/shape4", {-1, f.shape.c, f.shape.h, f.shape.w});
  f.name = g.node("Reshape", {f.name, shape}, hint);
  f.rank = 4;
}

void to_rank2(Graph& g, Flow& f, const std::string& hint) {
  if (f.rank == 2) return;
  f.name = g.node("Flatten", {f.name}, hint, {attr_int("axis", 1)});
  f.rank = 2;
}

std::vector<float> flat(const Tensor& t) { return std::vector<float>(t.values().begin(), t.values().end()); }

std::string conv(Graph& g, const Weights& w, const std::string& in, const std::string& prefix,
                 int kernel, int stride, int pad) {
  const Tensor& W = w(prefix + ".W");
  const Tensor& b = w(prefix + ".b");
  const Shape& s = W.shape();
  const std::string wn = g.constant(prefix + ".W", {s.n, s.c, s.h, s.w}, flat(W));
  const std::string bn = g.constant(prefix + ".b", {int64_t(b.size())}, flat(b));
  return g.node("Conv", {in, wn, bn}, prefix,
                {attr_ints("kernel_shape", {kernel, kernel}), attr_ints("strides", {stride, stride}),
                 attr_ints("pads", {pad, pad, pad, pad})});
}

std::string batchnorm(Graph& g, const Weights& w, const std::string& in, const std::string& prefix,
                      float eps) {
  std::vector<std::string> inputs = {in};
  for (const char* part : {".gamma", ".beta", ".running_mean", ".running_var"}) {
    const Tensor& t = w(prefix + part);
    inputs.push_back(g.constant(prefix + part, {int64_t(t.size())}, flat(t)));
  }
  return g.node("BatchNormalization", inputs, prefix, {attr_float("epsilon", eps)});
}

}  // namespace

std::vector<uint8_t> export_onnx(Model& model) {
  const ModelSpec spec = parse_spec(model.spec_text(), model.num_classes());
  const std::vector<const Layer*> layers = model.layers();
  if (spec.layers.size() != layers.size() + 1)
    throw Error("ONNX export: the model's spec and layers disagree; load the model file again");
  // Each layer's output shape, from one forward of a blank image.
  const std::vector<Tensor> outs = model.layer_outputs(Tensor(model.input_shape(1)));
  const Weights w(model);
  Graph g;
  const int C = model.channels(), S = model.size();
  g.io(11, "pixels", {-1, C, S, S});
  Flow f{"pixels", 4, model.input_shape(1)};
  if (model.has_normalization()) {
    const Normalization& n = model.normalization();
    const std::string mean = g.constant("norm.mean", {1, C, 1, 1}, n.mean);
    const std::string sd = g.constant("norm.std", {1, C, 1, 1}, n.std);
    f.name = g.node("Div", {g.node("Sub", {f.name, mean}, "normalize"), sd}, "normalize");
  }
  for (size_t i = 0; i < layers.size(); ++i) {
    const LayerSpec& ls = spec.layers[i];
    const std::string& type = ls.type;
    const std::string prefix = std::to_string(i) + "." + type;
    if (type == "conv") {
      to_rank4(g, f, prefix);
      f.name = conv(g, w, f.name, prefix, ls.arg_int(1, "kernel size"), ls.opt_int("stride", 1),
                    ls.opt_int("pad", 0));
    } else if (type == "maxpool" || type == "avgpool") {
      to_rank4(g, f, prefix);
      const int k = ls.arg_int(0, "pool size"), stride = ls.opt_int("stride", k),
                pad = ls.opt_int("pad", 0);
      if (type == "avgpool" && pad == 0 && k == f.shape.h && k == f.shape.w) {
        f.name = g.node("GlobalAveragePool", {f.name}, prefix);  // the whole map
      } else {
        std::vector<Attr> attrs = {attr_ints("kernel_shape", {k, k}),
                                   attr_ints("strides", {stride, stride}),
                                   attr_ints("pads", {pad, pad, pad, pad})};
        // Barnlab divides by the whole window, padding included.
        if (type == "avgpool") attrs.push_back(attr_int("count_include_pad", 1));
        f.name = g.node(type == "maxpool" ? "MaxPool" : "AveragePool", {f.name}, prefix, attrs);
      }
    } else if (type == "affine") {
      to_rank2(g, f, prefix);
      const Tensor& W = w(prefix + ".W");
      const Tensor& b = w(prefix + ".b");
      const std::string wn = g.constant(prefix + ".W", {W.shape().n, W.shape().c}, flat(W));
      const std::string bn = g.constant(prefix + ".b", {int64_t(b.size())}, flat(b));
      f.name = g.node("Gemm", {f.name, wn, bn}, prefix);  // x (N x in) * W (in x out) + b
    } else if (type == "flatten") {
      to_rank2(g, f, prefix);
    } else if (type == "relu") {
      f.name = g.node("Relu", {f.name}, prefix);
    } else if (type == "leaky_relu") {
      const float slope = ls.args.empty() ? 0.01f : ls.arg_float(0, "slope");
      f.name = g.node("LeakyRelu", {f.name}, prefix, {attr_float("alpha", slope)});
    } else if (type == "sigmoid") {
      f.name = g.node("Sigmoid", {f.name}, prefix);
    } else if (type == "tanh") {
      f.name = g.node("Tanh", {f.name}, prefix);
    } else if (type == "step") {  // x > 0 ? 1 : 0
      const float zero = 0.f;
      const std::string z = g.constant(prefix + ".zero", {}, &zero, 1);
      f.name = g.node("Cast", {g.node("Greater", {f.name, z}, prefix)}, prefix,
                      {attr_int("to", kFloat)});
    } else if (type == "softmax") {  // over each sample's values, as Barnlab's Softmax
      const int rank = f.rank;
      to_rank2(g, f, prefix);
      f.name = g.node("Softmax", {f.name}, prefix, {attr_int("axis", 1)});
      if (rank == 4) {
        f.rank = 2;
        to_rank4(g, f, prefix);
      }
    } else if (type == "batchnorm") {
      f.name = batchnorm(g, w, f.name, prefix, ls.opt_float("eps", 1e-5f));
    } else if (type == "dropout") {  // inference: the identity
      const float ratio = ls.arg_float(0, "dropout rate");
      const std::string r = g.constant(prefix + ".ratio", {}, &ratio, 1);
      f.name = g.node("Dropout", {f.name, r}, prefix);
    } else if (type == "lrn") {
      to_rank4(g, f, prefix);
      const int size = ls.opt_int("size", 5);
      if (size % 2 == 0)
        throw Error("ONNX export: " + ls.where() + " has an even size " + std::to_string(size) +
                    "; ONNX's LRN centres an even window differently: retrain with an odd size");
      f.name = g.node("LRN", {f.name}, prefix,
                      {attr_int("size", size), attr_float("alpha", ls.opt_float("alpha", 1e-4f)),
                       attr_float("beta", ls.opt_float("beta", 0.75f)),
                       attr_float("bias", ls.opt_float("k", 2.f))});
    } else if (type == "residual") {  // relu(x + bn2(conv2(relu(bn1(conv1(x))))))
      to_rank4(g, f, prefix);
      std::string y = conv(g, w, f.name, prefix + ".conv1", 3, 1, 1);
      y = g.node("Relu", {batchnorm(g, w, y, prefix + ".bn1", 1e-5f)}, prefix);
      y = batchnorm(g, w, conv(g, w, y, prefix + ".conv2", 3, 1, 1), prefix + ".bn2", 1e-5f);
      f.name = g.node("Relu", {g.node("Add", {y, f.name}, prefix)}, prefix);
    } else {
      throw Error("ONNX export: " + ls.where() + ": layer type '" + type +
                  "' has no ONNX form yet");
    }
    f.shape = outs[i].shape();
  }
  to_rank2(g, f, "output");
  const float t = model.calibration().temperature;
  if (t != 1.f) f.name = g.node("Div", {f.name, g.constant("temperature", {}, &t, 1)}, "calibration");
  const std::string loss = spec.layers.back().type;
  const std::string op = loss == "softmax_loss" ? "Softmax" : loss == "bce" ? "Sigmoid" : "Identity";
  g.node(op, {f.name}, "output", op == "Softmax" ? std::vector<Attr>{attr_int("axis", 1)} : std::vector<Attr>{},
         "probabilities");
  g.io(12, "probabilities", {-1, int64_t(f.shape.sample_size())});

  std::string doc =
      "Barnlab model (" + model.arch() + "). Input 'pixels': N x " + std::to_string(C) + " x " +
      std::to_string(S) + " x " + std::to_string(S) +
      " float32, pixel values / 255, the photo's shorter side resized to " + std::to_string(S) +
      " and centre-cropped. Output 'probabilities': N x " + std::to_string(model.num_classes()) +
      " in the order of metadata 'classes'.";
  ProtoWriter m;
  m.varint(1, kOnnxIrVersion);
  m.bytes(2, std::string("Barnlab"));
  m.bytes(3, std::string(kBarnlabVersion));
  m.bytes(6, doc);
  m.message(7, g.finish("barnlab_" + model.arch(), doc));
  ProtoWriter opset;
  opset.bytes(1, std::string(""));
  opset.varint(2, kOnnxOpset);
  m.message(8, opset);
  std::string classes = "[";
  for (size_t i = 0; i < model.classes().size(); ++i)
    classes += (i ? "," : "") + json_string(model.classes()[i]);
  classes += "]";
  const std::vector<std::pair<std::string, std::string>> meta = {
      {"classes", classes},
      {"not_sure_threshold", number(model.calibration().threshold)},
      {"temperature", number(t)},
      {"input", "pixels / 255, N x C x H x W, shorter side resized then centre-cropped"},
      {"barnlab_spec", model.spec_text()},
  };
  for (const auto& [key, value] : meta) {
    ProtoWriter e;
    e.bytes(1, key);
    e.bytes(2, value);
    m.message(14, e);
  }
  return std::vector<uint8_t>(m.data().begin(), m.data().end());
}

}  // namespace barnlab
