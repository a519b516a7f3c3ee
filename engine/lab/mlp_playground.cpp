#include "lab/mlp_playground.h"

#include <memory>
#include <vector>

#include "lab/json.h"
#include "lab/lab.h"
#include "lab/params.h"
#include "lab/point_net.h"

namespace barnlab {

namespace {

struct PointSetSettings {
  std::string kind;
  int n;
  float noise;
  uint64_t seed;
};

PointSetSettings read_point_set(Params& p, const std::string& kind, int n, int max_n) {
  PointSetSettings s;
  s.kind = p.choice("data", kind, point_set_names());
  s.n = p.integer("n", n, 20, max_n);
  s.noise = float(p.number("noise", 0.1, 0, 1));
  s.seed = p.seed();
  return s;
}

void write_points(Json& j, const Points2D& d) {
  j.key("points").begin_array();
  for (size_t i = 0; i < d.count(); ++i) j.point(d.xy[2 * i], d.xy[2 * i + 1]);
  j.end_array();
  j.key("labels").integers(d.labels);
  j.key("range").point(-kPointRange, kPointRange);
}

struct PlaygroundState : LabState {
  std::unique_ptr<PointNet> net;
  int grid = 40;
  struct Row {
    int epoch;
    float loss, accuracy;
  };
  std::vector<Row> history;

  void record() {
    const PointNet::Figures f = net->evaluate();
    history.push_back({net->epochs(), f.loss, f.accuracy});
  }
};

std::string snapshot(PlaygroundState& st, bool with_points) {
  Json j;
  j.begin_object();
  const auto& last = st.history.back();
  j.key("epoch").integer(last.epoch);
  j.key("loss").number(last.loss);
  j.key("accuracy").number(last.accuracy);
  j.key("history").begin_array();
  for (const auto& h : st.history)
    j.begin_object().key("epoch").integer(h.epoch).key("loss").number(h.loss).key("accuracy").number(h.accuracy).end_object();
  j.end_array();
  j.key("grid").begin_object();
  j.key("size").integer(st.grid);
  j.key("range").point(-kPointRange, kPointRange);
  j.key("p").numbers(st.net->grid(st.grid, kPointRange));
  j.end_object();
  if (with_points) write_points(j, st.net->data());
  j.key("spec").string(st.net->model().spec_text());
  j.end_object();
  return j.str();
}

}  // namespace

std::string lab_mlp2d_data(Lab&, Params& params) {
  const PointSetSettings s = read_point_set(params, "xor", 200, 2000);
  params.finish();
  const Points2D d = make_points(s.kind, s.n, s.noise, s.seed);
  Json j;
  j.begin_object();
  write_points(j, d);
  j.end_object();
  return j.str();
}

std::string lab_mlp2d_start(Lab& lab, Params& params) {
  const PointSetSettings s = read_point_set(params, "xor", 200, 2000);
  PointNetConfig c;
  c.hidden = params.integer("hidden", 8, 1, 64);
  c.layers = params.integer("layers", 1, 1, 3);
  c.activation = params.choice("act", "tanh", {"relu", "tanh", "sigmoid", "leaky_relu"});
  c.optimizer.name =
      params.choice("opt", "adam", {"sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam"});
  c.optimizer.lr = float(params.number("lr", 0.03, 1e-5, 10));
  c.batch = params.integer("batch", 16, 1, 2000);
  c.seed = s.seed;
  auto st = std::make_unique<PlaygroundState>();
  st->grid = params.integer("grid", 40, 8, 100);
  params.finish();
  st->net = std::make_unique<PointNet>(make_points(s.kind, s.n, s.noise, s.seed), c);
  st->record();
  const std::string out = snapshot(*st, true);
  lab.set_state("mlp2d", std::move(st));
  return out;
}

std::string lab_mlp2d_step(Lab& lab, Params& params) {
  const int epochs = params.integer("epochs", 1, 1, 200);
  params.finish();
  auto& st = lab.state<PlaygroundState>("mlp2d", "mlp2d.start");
  for (int e = 0; e < epochs; ++e) {
    st.net->train_epoch();
    st.record();
  }
  return snapshot(st, false);
}

}  // namespace barnlab
