// Page 18: see alexnet_table.h.
#include "lab/alexnet_table.h"

#include <algorithm>
#include <cmath>

#include "core/error.h"
#include "layers/lrn.h"
#include "model/model.h"
#include "model/registry.h"
#include "model/spec.h"

namespace barnlab {

LayerTable preset_layer_table(const std::string& arch, int channels, int size, int classes) {
  if (classes < 2 || classes > 1000) throw Error("classes must be in [2, 1000]");
  LayerTable t;
  t.spec = Model::preset_spec(arch, channels, size);
  const ModelSpec spec = parse_spec(t.spec, classes);
  Shape in{1, spec.channels, spec.height, spec.width};
  int index = 0;
  for (const LayerSpec& ls : spec.layers) {
    if (is_loss_type(ls.type)) continue;
    auto layer = make_layer(ls);
    const Shape out = layer->build(in);
    LayerRow row;
    row.index = ++index;
    row.type = layer->type();
    row.describe = layer->describe();
    row.c = out.c;
    row.h = out.h;
    row.w = out.w;
    for (Param* p : layer->params()) row.params += (long long)p->value.size();
    const long long in_elems = (long long)in.sample_size(), out_elems = (long long)out.sample_size();
    if (row.type == "conv") {
      const int kernel = ls.arg_int(1, "kernel size");
      row.flops = 2LL * out_elems * in.c * kernel * kernel + out_elems;
    } else if (row.type == "affine") {
      row.flops = 2LL * in_elems * out_elems + out_elems;
    } else if (row.type == "maxpool" || row.type == "avgpool") {
      const int kernel = ls.arg_int(0, "window size");
      row.flops = out_elems * kernel * kernel;
    } else if (row.type == "lrn") {
      row.flops = out_elems * (ls.opt_int("size", 5) + 3);
    } else if (row.type == "flatten" || row.type == "dropout") {
      row.flops = 0;  // a view; dropout does nothing at inference
    } else {
      row.flops = out_elems;
    }
    t.total_params += row.params;
    t.total_flops += row.flops;
    t.layers.push_back(std::move(row));
    in = out;
  }
  return t;
}

LrnDemo lrn_demo(const LrnDemoSettings& s) {
  const int c = int(s.input.size());
  if (c < 1 || c > 256) throw Error("give 1 to 256 channel values");
  LRN lrn(s.size, s.alpha, s.beta, s.k);  // validates its own settings
  lrn.build(Shape{1, c, 1, 1});
  const Tensor x(Shape{1, c, 1, 1}, std::vector<float>(s.input.begin(), s.input.end()));
  const Tensor y = lrn.forward(x, Mode::Eval);
  LrnDemo r;
  r.x = s.input;
  r.y.assign(y.values().begin(), y.values().end());
  for (int ch = 0; ch < c; ++ch) {
    const int first = std::max(0, ch - s.size / 2), last = std::min(c - 1, ch + (s.size - 1) / 2);
    double sum = 0;
    for (int j = first; j <= last; ++j) sum += double(s.input[size_t(j)]) * s.input[size_t(j)];
    const float sv = float(s.k + s.alpha / s.size * sum);
    r.window.push_back({first, last});
    r.s.push_back(sv);
    r.formula_y.push_back(s.input[size_t(ch)] * std::pow(sv, -s.beta));
  }
  return r;
}

}  // namespace barnlab
