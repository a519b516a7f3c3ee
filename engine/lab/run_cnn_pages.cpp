// Runners of pages 15-18 (convolution, pooling, a CNN looking at a photo,
// AlexNet and LRN); see lab/runners_10_18.h.
#include "lab/alexnet_table.h"
#include "lab/cnn_look.h"
#include "lab/conv_steps.h"
#include "lab/json.h"
#include "lab/json_pictures.h"
#include "lab/lab.h"
#include "lab/params.h"
#include "lab/pooling_demo.h"
#include "lab/runners_10_18.h"

namespace barnlab {

namespace {

Grid read_grid(Params& p, const std::string& key, const std::string& fallback, size_t max_size) {
  Grid g;
  for (const auto& row : p.matrix(key, fallback, max_size, max_size, -1e6, 1e6))
    g.emplace_back(row.begin(), row.end());
  return g;
}

Image photo_image(Lab& lab, int index) {
  const auto& bytes = lab.photo_bytes(index);
  return decode_image(bytes.data(), bytes.size());
}

// The trained CNN of page 17, kept between cnn.train and cnn.look.
struct CnnState : LabState {
  CnnLook cnn;
  int trained_on = 0;  // photos present when it trained
};

}  // namespace

std::string run_conv_example(Lab&, Params& p) {
  ConvStepsSettings s;
  s.input = read_grid(p, "input", "1,2,3,0;0,1,2,3;3,0,1,2;2,3,0,1", 16);
  s.filter = read_grid(p, "filter", "2,0,1;0,1,2;1,0,2", 7);
  s.pad = p.integer("pad", 0, 0, 3);
  s.stride = p.integer("stride", 1, 1, 4);
  s.bias = float(p.number("bias", 0, -1e6, 1e6));
  p.finish();
  const ConvSteps r = conv_steps(s);

  Json j;
  j.begin_object();
  j.key("input");
  write_grid(j, s.input);
  j.key("filter");
  write_grid(j, s.filter);
  j.key("pad").integer(s.pad).key("stride").integer(s.stride).key("bias").number(s.bias);
  j.key("padded");
  write_grid(j, r.padded);
  j.key("formula").begin_object();
  j.key("h").integer(int(s.input.size())).key("w").integer(int(s.input[0].size()));
  j.key("fh").integer(int(s.filter.size())).key("fw").integer(int(s.filter[0].size()));
  j.key("oh").integer(r.oh).key("ow").integer(r.ow);
  j.end_object();
  j.key("output");
  write_grid(j, r.output);
  j.key("windows").begin_array();
  for (const auto& w : r.windows) {
    j.begin_object();
    j.key("oy").integer(w.oy).key("ox").integer(w.ox).key("top").integer(w.top).key("left").integer(w.left);
    j.key("products");
    write_grid(j, w.products);
    j.key("sum").number(w.sum);
    j.end_object();
  }
  j.end_array();
  j.key("im2col").begin_object();
  j.key("rows").integer(int(r.im2col.size())).key("cols").integer(int(r.im2col[0].size()));
  j.key("values");
  write_grid(j, r.im2col);
  j.end_object();
  j.end_object();
  return j.str();
}

std::string run_pool_grid(Lab&, Params& p) {
  PoolGridSettings s;
  s.input = read_grid(p, "input", "1,2,1,0;0,1,2,3;3,0,1,2;2,4,0,1", 16);
  s.size = p.integer("size", 2, 1, 5);
  s.stride = p.integer("stride", 2, 1, 5);
  s.pad = p.integer("pad", 0, 0, s.size - 1);
  p.finish();
  const PoolGrid r = pool_grid(s);
  Json j;
  j.begin_object();
  j.key("input");
  write_grid(j, s.input);
  j.key("size").integer(s.size).key("stride").integer(s.stride).key("pad").integer(s.pad);
  j.key("max");
  write_grid(j, r.max);
  j.key("avg");
  write_grid(j, r.avg);
  j.key("max_backward");
  write_grid(j, r.max_backward);
  j.key("avg_backward");
  write_grid(j, r.avg_backward);
  j.key("argmax").begin_array();
  for (const auto& row : r.argmax) {
    j.begin_array();
    for (const auto& [y, x] : row) j.begin_array().integer(y).integer(x).end_array();
    j.end_array();
  }
  j.end_array();
  j.end_object();
  return j.str();
}

std::string run_pool_photo(Lab& lab, Params& p) {
  PoolPhotoSettings s;
  const int photo = p.integer("photo", 0, 0, 100000);
  s.size = p.integer("size", 64, 16, 128);
  s.filter = p.choice("filter", "vertical", {"vertical", "horizontal", "blur"});
  s.pool = p.integer("pool", 2, 2, 4);
  p.finish();
  const PoolPhoto r = pool_photo(photo_image(lab, photo), s);
  Json j;
  j.begin_object();
  j.key("input");
  write_picture(j, r.input);
  j.key("feature");
  write_picture(j, r.feature);
  j.key("max");
  write_picture(j, r.max);
  j.key("avg");
  write_picture(j, r.avg);
  j.end_object();
  return j.str();
}

std::string run_cnn_train(Lab& lab, Params& p) {
  CnnTrainSettings s;
  s.size = p.integer("size", 32, 16, 64);
  s.epochs = p.integer("epochs", 8, 1, 50);
  s.batch = p.integer("batch", 16, 1, 128);
  s.lr = float(p.number("lr", 0.003, 1e-5, 0.1));
  s.seed = p.seed();
  p.finish();
  auto state = std::make_unique<CnnState>();
  const CnnTrainResult r = state->cnn.train(lab.photos(s.size, 3), s);
  state->trained_on = lab.photo_count();
  lab.set_state("cnn", std::move(state));

  Json j;
  j.begin_object();
  j.key("classes").begin_array();
  for (const auto& c : r.classes) j.string(c);
  j.end_array();
  j.key("photos").integer(r.photos);
  j.key("train_acc").numbers(r.train_acc).key("train_loss").numbers(r.train_loss);
  j.key("filters_before").begin_array();
  for (const auto& f : r.filters_before) write_picture(j, f);
  j.end_array();
  j.key("filters_after").begin_array();
  for (const auto& f : r.filters_after) write_picture(j, f);
  j.end_array();
  j.end_object();
  return j.str();
}

std::string run_cnn_look(Lab& lab, Params& p) {
  const int photo = p.integer("photo", 0, 0, 100000);
  p.finish();
  CnnState& state = lab.state<CnnState>("cnn", "cnn.train");
  const CnnLookResult r = state.cnn.look(photo_image(lab, photo));
  Json j;
  j.begin_object();
  j.key("photo");
  write_picture(j, r.photo);
  j.key("trained_on_it").boolean(photo < state.trained_on && lab.photo_label(photo) >= 0);
  j.key("scores").numbers(r.scores);
  j.key("top").integer(r.top).key("top_class").string(r.top_class);
  j.key("layers").begin_array();
  for (const auto& l : r.layers) {
    j.begin_object();
    j.key("layer").string(l.layer);
    j.key("maps").begin_array();
    for (const auto& m : l.maps) write_picture(j, m);
    j.end_array().end_object();
  }
  j.end_array();
  j.key("saliency");
  write_picture(j, r.saliency);
  j.end_object();
  return j.str();
}

std::string run_alexnet_table(Lab&, Params& p) {
  const int size = p.integer("size", 64, 32, 128);
  const int channels = p.integer("channels", 3, 1, 3);
  const int classes = p.integer("classes", 6, 2, 100);
  p.finish();
  const LayerTable t = preset_layer_table("alexnet-small", channels, size, classes);
  Json j;
  j.begin_object();
  j.key("layers").begin_array();
  for (const auto& r : t.layers) {
    j.begin_object();
    j.key("index").integer(r.index).key("type").string(r.type).key("describe").string(r.describe);
    j.key("out").begin_array().integer(r.c).integer(r.h).integer(r.w).end_array();
    j.key("params").integer(r.params).key("flops").integer(r.flops);
    j.end_object();
  }
  j.end_array();
  j.key("total_params").integer(t.total_params).key("total_flops").integer(t.total_flops);
  j.end_object();
  return j.str();
}

std::string run_lrn_demo(Lab&, Params& p) {
  LrnDemoSettings s;
  const auto x = p.list("input", "1,2,3,4,5,6,7,8", 1, 64, -1e4, 1e4);
  s.input.assign(x.begin(), x.end());
  s.size = p.integer("size", 5, 1, 15);
  s.alpha = float(p.number("alpha", 1e-4, 0, 10));
  s.beta = float(p.number("beta", 0.75, 0, 2));
  s.k = float(p.number("k", 2, 0.01, 10));
  p.finish();
  const LrnDemo r = lrn_demo(s);
  Json j;
  j.begin_object();
  j.key("x").numbers(r.x).key("y").numbers(r.y).key("s").numbers(r.s);
  j.key("formula_y").numbers(r.formula_y);
  j.key("window").begin_array();
  for (const auto& [a, b] : r.window) j.begin_array().integer(a).integer(b).end_array();
  j.end_array();
  j.end_object();
  return j.str();
}

}  // namespace barnlab
