#include "model/model.h"

#include <cmath>
#include <sstream>
#include <string_view>

#include "core/error.h"
#include "layers/conv2d.h"
#include "model/fusion.h"
#include "model/registry.h"
#include "ops/profile.h"
#include "optimizers/optimizer.h"

namespace barnlab {

Tensor one_hot(const std::vector<int>& labels, int num_classes) {
  Tensor t({int(labels.size()), num_classes, 1, 1});
  for (size_t i = 0; i < labels.size(); ++i) {
    if (labels[i] < 0 || labels[i] >= num_classes)
      throw Error("label " + std::to_string(labels[i]) + " is outside the " +
                  std::to_string(num_classes) + " classes");
    t[i * num_classes + labels[i]] = 1.f;
  }
  return t;
}

namespace {

// "3.conv conv 32 3x3 s1 p1": a layer's row in the step profile.
std::string layer_label(const Layer& l) { return l.name() + " " + l.describe(); }

// A preset's spec starts with this line; custom specs have none.
constexpr std::string_view kArchTag = "# arch: ";

std::string arch_of(const std::string& text) {
  if (text.rfind(kArchTag, 0) != 0) return "custom";
  const size_t begin = kArchTag.size();
  const size_t end = text.find('\n');
  return text.substr(begin, end == std::string::npos ? std::string::npos : end - begin);
}

}  // namespace

Model::Model(const std::string& spec_text, std::vector<std::string> classes, uint64_t seed)
    : classes_(std::move(classes)) {
  if (classes_.size() < 2)
    throw Error("a model needs at least two classes, got " + std::to_string(classes_.size()));
  spec_ = parse_spec(spec_text, int(classes_.size()));
  arch_ = arch_of(spec_text);
  state_.seed = seed;
  identity_ = {std::vector<float>(spec_.channels, 0.f), std::vector<float>(spec_.channels, 1.f)};
  build(seed);
}

Model::~Model() = default;
Model::Model(Model&&) noexcept = default;
Model& Model::operator=(Model&&) noexcept = default;

void Model::build(uint64_t seed) {
  Shape shape{1, spec_.channels, spec_.height, spec_.width};
  const size_t n = spec_.layers.size();
  if (n == 0 || !is_loss_type(spec_.layers.back().type))
    throw Error("the spec must end with a loss line (softmax_loss, mse or bce)");
  for (size_t i = 0; i + 1 < n; ++i) {
    const LayerSpec& ls = spec_.layers[i];
    if (is_loss_type(ls.type))
      throw Error("spec " + ls.where() + ": a loss may only be the last line");
    auto layer = make_layer(ls);
    layer->set_name(std::to_string(i) + "." + ls.type);
    try {
      shape = layer->build(shape);
    } catch (const Error& e) {
      throw Error("spec " + ls.where() + ": " + e.what());
    }
    Rng rng = Rng::derive(seed, kStreamInit, i);
    layer->init_params(parse_init(ls, Init{}), rng);
    shapes_.push_back(shape);
    layers_.push_back(std::move(layer));
  }
  const int outputs = int(shape.sample_size());
  if (outputs != num_classes())
    throw Error("the network ends with " + std::to_string(outputs) + " outputs but there are " +
                std::to_string(num_classes()) + " classes: make the last affine layer 'affine classes'");
  loss_ = make_loss(spec_.layers.back());
}

std::vector<std::string> Model::preset_names() {
  return {"mlp", "simple-convnet", "convnet-bn", "lenet", "farm-small", "alexnet-small",
          "farm-res", "convnet-bn3"};
}

std::string Model::preset_spec(const std::string& arch, int channels, int size, float dropout) {
  auto drop = [&](float fallback) {
    std::ostringstream s;
    s << "dropout " << (dropout >= 0.f ? dropout : fallback) << "\n";
    return s.str();
  };
  std::ostringstream s;
  s << kArchTag << arch << "\n" << "input " << channels << " " << size << " " << size << "\n";
  if (arch == "mlp") {
    // The book's multi-layer net: two hidden layers of 100.
    s << "flatten\naffine 100\nrelu\naffine 100\nrelu\naffine classes\n";
  } else if (arch == "simple-convnet") {
    // Chapter 7's SimpleConvNet.
    s << "conv 30 5 stride=1 pad=0\nrelu\nmaxpool 2 stride=2\n"
         "affine 100\nrelu\naffine classes\n";
  } else if (arch == "convnet-bn") {
    s << "conv 32 3 pad=1\nbatchnorm\nrelu\nmaxpool 2 stride=2\n"
         "conv 64 3 pad=1\nbatchnorm\nrelu\nmaxpool 2 stride=2\n"
         "affine 128\nbatchnorm\nrelu\n"
      << drop(0.3f) << "affine classes\n";
  } else if (arch == "lenet") {
    // LeNet-5 with ReLU and max pooling, as modern courses teach it.
    s << "conv 6 5 pad=2\nrelu\nmaxpool 2 stride=2\n"
         "conv 16 5\nrelu\nmaxpool 2 stride=2\n"
         "affine 120\nrelu\naffine 84\nrelu\naffine classes\n";
  } else if (arch == "farm-small") {
    // ../shared/bench/farm-small.md, exactly.
    s << "conv 16 3 stride=1 pad=1\nrelu\nmaxpool 2 stride=2\n"
         "conv 32 3 stride=1 pad=1\nrelu\nmaxpool 2 stride=2\n"
         "conv 64 3 stride=1 pad=1\nrelu\nmaxpool 2 stride=2\n"
         "affine 128\nrelu\n"
      // He init everywhere (as farm-small.md says) gives initial logits of
      // std ~5 and a first loss ~6 that Adam overshoots on small farm
      // datasets; a small last layer starts at loss ln(K). The benchmark
      // uses the document's init exactly (bench_spec in the CLI).
      << drop(0.5f) << "affine classes init=std:0.01\n";
  } else if (arch == "alexnet-small") {
    // AlexNet's shape at 64-128 px: conv/ReLU/LRN/max-pool blocks, three
    // convs, then two dropout affine layers.
    s << "conv 32 5 stride=1 pad=2\nrelu\nlrn\nmaxpool 3 stride=2\n"
         "conv 64 5 pad=2\nrelu\nlrn\nmaxpool 3 stride=2\n"
         "conv 96 3 pad=1\nrelu\nconv 96 3 pad=1\nrelu\nconv 64 3 pad=1\nrelu\n"
         "maxpool 3 stride=2\n"
         "affine 256\nrelu\n"
      << drop(0.5f) << "affine 256\nrelu\n" << drop(0.5f) << "affine classes init=std:0.01\n";
  } else if (arch == "farm-res") {
    // A small modern net for few photos: conv-BN-ReLU stages, a residual
    // block at 8 x 8 (at 64 px), global average pooling (an avgpool over the
    // whole last map) instead of a big affine layer. ~0.17 M parameters
    // against farm-small's 0.55 M at 64 px, and the count does not grow with
    // the image size; about twice farm-small's arithmetic per image.
    if (size < 16) throw Error("farm-res needs images of at least 16 pixels (got " + std::to_string(size) + ")");
    s << "conv 16 3 pad=1\nbatchnorm\nrelu\nmaxpool 2 stride=2\n"
         "conv 32 3 pad=1\nbatchnorm\nrelu\nmaxpool 2 stride=2\n"
         "conv 64 3 pad=1\nbatchnorm\nrelu\nmaxpool 2 stride=2\n"
         "residual 64\n"
         "conv 128 3 pad=1\nbatchnorm\nrelu\n"
      << "avgpool " << size / 2 / 2 / 2 << "\n"  // global: the whole last map
      << drop(0.2f) << "affine classes init=xavier\n";
  } else if (arch == "convnet-bn3") {
    // convnet-bn with a third conv-BN-ReLU stage of 128 channels (at 28 px:
    // on the 7 x 7 map, pooled to 3 x 3 before the 128-unit layer). Deeper
    // and with fewer parameters (0.24 M against 0.42 M at 28 px), for about
    // twice the arithmetic per image; for Fashion-MNIST (README).
    if (size < 8) throw Error("convnet-bn3 needs images of at least 8 pixels (got " + std::to_string(size) + ")");
    s << "conv 32 3 pad=1\nbatchnorm\nrelu\nmaxpool 2 stride=2\n"
         "conv 64 3 pad=1\nbatchnorm\nrelu\nmaxpool 2 stride=2\n"
         "conv 128 3 pad=1\nbatchnorm\nrelu\nmaxpool 2 stride=2\n"
         "affine 128\nbatchnorm\nrelu\n"
      << drop(0.3f) << "affine classes\n";
  } else {
    std::string names;
    for (const auto& n : preset_names()) names += (names.empty() ? "" : ", ") + n;
    throw Error("unknown architecture '" + arch + "': choose one of " + names);
  }
  s << "softmax_loss\n";
  return s.str();
}

Model Model::preset(const std::string& arch, int channels, int size,
                    std::vector<std::string> classes, float dropout, uint64_t seed) {
  return Model(preset_spec(arch, channels, size, dropout), std::move(classes), seed);
}

void Model::set_normalization(const Normalization& n) {
  if (int(n.mean.size()) != channels() || int(n.std.size()) != channels())
    throw Error("normalization has " + std::to_string(n.mean.size()) + " channels, the model " +
                std::to_string(channels()));
  norm_ = n;
}

Tensor Model::forward(const Tensor& x, Mode mode) {
  const Shape& s = x.shape();
  if (s.c != spec_.channels || s.h != spec_.height || s.w != spec_.width)
    throw Error("input of shape " + s.str() + " does not match the model's input " +
                input_shape(s.n).str());
  if (layers_.empty()) return x;
  Tensor y;
  fused_.assign(layers_.size(), 0);
  for (size_t i = 0; i < layers_.size(); ++i) {
    const profile::Scope timed("fwd", profile::enabled() ? layer_label(*layers_[i]) : "");
    Layer* next = i + 1 < layers_.size() ? layers_[i + 1].get() : nullptr;
    Layer* after = i + 2 < layers_.size() ? layers_[i + 2].get() : nullptr;
    const int fuses = fuse_following(*layers_[i], next, after);  // model/fusion.h
    // Past the first layer the activation is the model's own to give up
    // (BatchNorm keeps it instead of writing xhat).
    y = i == 0 ? layers_[i]->forward(x, mode) : layers_[i]->forward_owning(std::move(y), mode);
    for (int k = 0; k < fuses; ++k) fused_[++i] = 1;
  }
  y.reshape({s.n, int(y.shape().sample_size()), 1, 1});
  return y;
}

Tensor Model::predict(const Tensor& x) { return probabilities(forward(x, Mode::Eval)); }

Tensor Model::probabilities(const Tensor& outputs) const { return loss_->predict(outputs); }

float Model::forward_backward(const Tensor& x, const std::vector<int>& labels,
                              uint64_t step_seed, Tensor* outputs) {
  return forward_backward(x, one_hot(labels, num_classes()), step_seed, outputs);
}

float Model::forward_backward(const Tensor& x, const Tensor& targets, uint64_t step_seed,
                              Tensor* outputs) {
  for (Param* p : params()) p->grad.fill(0.f);
  for (auto& l : layers_) l->set_step_seed(step_seed);
  Tensor y = forward(x, Mode::Train);
  float value;
  {
    const profile::Scope timed("fwd", "loss");
    value = loss_->forward(y, targets);
  }
  if (!std::isfinite(value)) {
    if (outputs) *outputs = std::move(y);
    return value;
  }
  Tensor d;
  {
    const profile::Scope timed("bwd", "loss");
    d = loss_->backward();
  }
  // Nothing uses dL/dx of the step's input: a first convolution skips it
  // (for this backward only; input_gradient() needs it).
  struct SkipInputGradient {
    Conv2D* conv;
    explicit SkipInputGradient(Conv2D* c) : conv(c) {
      if (conv) conv->set_input_gradient(false);
    }
    ~SkipInputGradient() {
      if (conv) conv->set_input_gradient(true);
    }
  } skip(layers_.empty() ? nullptr : dynamic_cast<Conv2D*>(layers_.front().get()));
  backward(std::move(d), x.shape().n);
  if (outputs) *outputs = std::move(y);
  return value;
}

// d (n x K, the gradient at the outputs) back through every layer to dL/dx.
Tensor Model::backward(Tensor d, int n) {
  for (size_t i = layers_.size(); i-- > 0;) {
    if (i + 1 == layers_.size()) {
      Shape last = shapes_.back();
      last.n = n;
      d.reshape(last);
    }
    if (i < fused_.size() && fused_[i]) continue;  // the layer before runs its backward
    const profile::Scope timed("bwd", profile::enabled() ? layer_label(*layers_[i]) : "");
    d = layers_[i]->backward_owning(std::move(d));  // BatchNorm writes dx over it
  }
  return d;
}

Tensor Model::input_gradient(const Tensor& x, int class_index) {
  if (class_index < 0 || class_index >= num_classes())
    throw Error("no class number " + std::to_string(class_index) + " (the model has " +
                std::to_string(num_classes()) + " classes)");
  Tensor y = forward(x, Mode::Frozen);
  Tensor d(y.shape());
  for (int n = 0; n < y.shape().n; ++n) d[size_t(n) * num_classes() + class_index] = 1.f;
  d = backward(std::move(d), x.shape().n);
  for (Param* p : params()) p->grad.fill(0.f);  // leave no stray gradients behind
  return d;
}

Tensor Model::input_gradient(const Tensor& x, const Tensor& d_outputs) {
  for (Param* p : params()) p->grad.fill(0.f);
  const Tensor y = forward(x, Mode::Train);
  if (d_outputs.size() != y.size())
    throw Error("input_gradient: d_outputs has " + std::to_string(d_outputs.size()) +
                " values but the outputs " + std::to_string(y.size()));
  if (layers_.empty()) return d_outputs;
  return backward(d_outputs, x.shape().n);
}

std::vector<Tensor> Model::layer_outputs(const Tensor& x) {
  const Shape& s = x.shape();
  if (s.c != spec_.channels || s.h != spec_.height || s.w != spec_.width)
    throw Error("input of shape " + s.str() + " does not match the model's input " +
                input_shape(s.n).str());
  std::vector<Tensor> out;
  out.reserve(layers_.size());  // `in` points into it
  const Tensor* in = &x;
  for (auto& l : layers_) {
    out.push_back(l->forward(*in, Mode::Eval));
    in = &out.back();
  }
  return out;
}

std::vector<const Layer*> Model::layers() const {
  std::vector<const Layer*> out;
  for (const auto& l : layers_) out.push_back(l.get());
  return out;
}

float Model::loss(const Tensor& outputs, const std::vector<int>& labels) {
  return loss_->forward(outputs, one_hot(labels, num_classes()));
}

std::vector<Param*> Model::params() {
  std::vector<Param*> all;
  for (auto& l : layers_)
    for (Param* p : l->params()) all.push_back(p);
  return all;
}

std::vector<const Param*> Model::params() const {
  std::vector<const Param*> all;
  for (const auto& l : layers_)
    for (const Param* p : l->params()) all.push_back(p);
  return all;
}

std::vector<Buffer> Model::buffers() {
  std::vector<Buffer> all;
  for (auto& l : layers_)
    for (const Buffer& b : l->buffers()) all.push_back(b);
  return all;
}

std::vector<std::pair<std::string, const Tensor*>> Model::buffers() const {
  std::vector<std::pair<std::string, const Tensor*>> all;
  for (const auto& l : layers_)
    for (const Buffer& b : l->buffers()) all.push_back({b.name, b.value});
  return all;
}

size_t Model::parameter_count() const {
  size_t n = 0;
  for (const Param* p : params()) n += p->value.size();
  return n;
}

std::string Model::summary() const {
  std::ostringstream s;
  s << "input " << spec_.channels << " x " << spec_.height << " x " << spec_.width << "\n";
  for (size_t i = 0; i < layers_.size(); ++i) {
    const Shape& o = shapes_[i];
    s << layers_[i]->describe() << "  -> " << o.c << " x " << o.h << " x " << o.w << "\n";
  }
  s << loss_->type() << "\n";
  return s.str();
}

Checkpoint Model::to_checkpoint(const Optimizer* opt) const {
  Checkpoint ck;
  ck.spec = spec_.text;
  ck.classes = classes_;
  ck.channels = spec_.channels;
  ck.size = spec_.height;
  ck.norm_mean = norm_.mean;
  ck.norm_std = norm_.std;
  ck.seed = state_.seed;
  ck.epoch = state_.epoch;
  ck.step = state_.step;
  ck.temperature = calibration_.temperature;
  ck.threshold = calibration_.threshold;
  ck.ood = ood_;
  for (const Param* p : params()) ck.params.push_back({p->name, p->value});
  for (const auto& [name, value] : buffers()) ck.buffers.push_back({name, *value});
  if (opt) {
    const OptimizerConfig& c = opt->config();
    ck.optimizer = opt->name();
    ck.hyper = {{"lr", c.lr},       {"momentum", c.momentum},     {"beta1", c.beta1},
                {"beta2", c.beta2}, {"decay_rate", c.decay_rate}, {"eps", c.eps},
                {"weight_decay", c.weight_decay}};
    for (auto& [name, t] : opt->state()) ck.optimizer_state.push_back({name, t});
  } else if (!saved_opt_.name.empty()) {
    ck.optimizer = saved_opt_.name;
    ck.hyper = saved_opt_.hyper;
    for (auto& [name, t] : saved_opt_.state) ck.optimizer_state.push_back({name, t});
  }
  return ck;
}

std::vector<uint8_t> Model::save(const Optimizer* opt) const {
  return encode_checkpoint(to_checkpoint(opt));
}

void Model::save_file(const std::string& path, const Optimizer* opt) const {
  write_file(path, save(opt));
}

Model Model::from_checkpoint(const Checkpoint& ck) {
  Model m(ck.spec, ck.classes, ck.seed);
  if (m.channels() != ck.channels || m.size() != ck.size)
    throw Error(errc::kModelCorrupt, "model file is corrupt: input size does not match its spec");
  if (!ck.norm_mean.empty()) m.set_normalization({ck.norm_mean, ck.norm_std});
  auto fill = [](const std::string& what, const std::string& name, Tensor& dst,
                 const std::vector<NamedTensor>& src) {
    for (const NamedTensor& t : src) {
      if (t.name != name) continue;
      if (t.value.shape() != dst.shape())
        throw Error(errc::kModelCorrupt, "model file is corrupt: " + what + " '" + name + "' has shape " +
                    t.value.shape().str() + ", the spec needs " + dst.shape().str());
      dst = t.value;
      return;
    }
    throw Error(errc::kModelCorrupt, "model file is corrupt: " + what + " '" + name + "' is missing");
  };
  for (Param* p : m.params()) fill("parameter", p->name, p->value, ck.params);
  for (const Buffer& b : m.buffers()) fill("statistic", b.name, *b.value, ck.buffers);
  m.state_.seed = ck.seed;
  m.state_.epoch = ck.epoch;
  m.state_.step = ck.step;
  m.calibration_ = {ck.temperature, ck.threshold};
  m.ood_ = ck.ood;
  m.saved_opt_.name = ck.optimizer;
  m.saved_opt_.hyper = ck.hyper;
  for (const NamedTensor& t : ck.optimizer_state) m.saved_opt_.state[t.name] = t.value;
  return m;
}

Model Model::load(const uint8_t* bytes, size_t size) {
  return from_checkpoint(decode_checkpoint(bytes, size));
}

Model Model::load_file(const std::string& path) {
  const std::vector<uint8_t> bytes = read_file(path);
  try {
    return load(bytes.data(), bytes.size());
  } catch (const Error& e) {
    throw Error(path + ": " + e.what());
  }
}

}  // namespace barnlab
