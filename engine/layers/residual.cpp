#include "layers/residual.h"

#include "core/error.h"

namespace barnlab {

Residual::Residual(int channels)
    : channels_(channels), conv1_(channels, 3, 1, 1), conv2_(channels, 3, 1, 1) {
  if (channels < 1) throw Error("residual: the number of channels must be at least 1");
}

std::string Residual::describe() const {
  return "residual " + std::to_string(channels_) + " (conv3x3-bn-relu-conv3x3-bn + x, relu)";
}

Shape Residual::build(Shape in) {
  if (in.c != channels_)
    throw Error(describe() + ": input has " + std::to_string(in.c) + " channels, the block keeps " +
                std::to_string(channels_) + ": put a conv " + std::to_string(channels_) +
                " before it");
  in_ = in;
  const std::string prefix = param_prefix();
  const char* names[] = {".conv1", ".bn1", ".relu1", ".conv2", ".bn2"};
  Shape s = in;
  int i = 0;
  for (Layer* l : body()) {
    l->set_name(prefix + names[i++]);
    s = l->build(s);
  }
  out_.build(s);
  return s;
}

void Residual::init_params(const Init& init, Rng& rng) {
  conv1_.init_params(init, rng);
  conv2_.init_params(init, rng);
  bn2_.params()[0]->value.fill(0.f);  // gamma: the block starts as the identity
}

std::vector<Param*> Residual::params() {
  std::vector<Param*> all;
  for (Layer* l : body())
    for (Param* p : l->params()) all.push_back(p);
  return all;
}

std::vector<Buffer> Residual::buffers() {
  std::vector<Buffer> all;
  for (Layer* l : body())
    for (const Buffer& b : l->buffers()) all.push_back(b);
  return all;
}

// x: N x C x H x W -> y: same.
Tensor Residual::forward(const Tensor& x, Mode mode) {
  check_input(x.shape(), in_);
  Tensor f = x;
  for (Layer* l : body()) f = l->forward(f, mode);
  for (size_t i = 0; i < f.size(); ++i) f[i] += x[i];
  return out_.forward(f, mode);
}

Tensor Residual::backward(const Tensor& dy) {
  const Tensor d = out_.backward(dy);
  Tensor dx = d;
  const std::vector<Layer*> layers = body();
  for (size_t i = layers.size(); i-- > 0;) dx = layers[i]->backward(dx);
  for (size_t i = 0; i < dx.size(); ++i) dx[i] += d[i];
  return dx;
}

}  // namespace barnlab
