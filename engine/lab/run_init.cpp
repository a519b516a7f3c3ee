// Runners of page 11 (weight initialization); see lab/runners_10_18.h.
#include "lab/init_spread.h"
#include "lab/json.h"
#include "lab/lab.h"
#include "lab/params.h"
#include "lab/runners_10_18.h"

namespace barnlab {

namespace {
std::vector<std::string> read_inits(Params& p) {
  std::vector<std::string> options = {"all"};
  for (const auto& n : init_names()) options.push_back(n);
  const std::string init = p.choice("init", "all", options);
  return init == "all" ? init_names() : std::vector<std::string>{init};
}
}  // namespace

std::string run_init_hist(Lab&, Params& p) {
  InitSpreadSettings s;
  s.activation = p.choice("activation", "sigmoid", {"sigmoid", "tanh", "relu"});
  s.inits = read_inits(p);
  s.layers = p.integer("layers", 5, 1, 10);
  s.units = p.integer("units", 100, 10, 500);
  s.samples = p.integer("samples", 1000, 100, 5000);
  s.bins = p.integer("bins", 30, 5, 100);
  s.seed = p.seed();
  p.finish();
  const auto spreads = init_spread(s);

  Json j;
  j.begin_object();
  j.key("activation").string(s.activation);
  j.key("inits").begin_array();
  for (const auto& r : spreads) {
    j.begin_object();
    j.key("init").string(r.init).key("weight_std").number(r.weight_std);
    j.key("layers").begin_array();
    for (const auto& l : r.layers) {
      j.begin_object();
      j.key("layer").integer(l.layer).key("mean").number(l.mean).key("std").number(l.std);
      j.key("saturated").number(l.saturated);
      j.key("histogram").begin_object();
      j.key("lo").number(l.lo).key("hi").number(l.hi).key("counts").integers(l.counts);
      j.end_object().end_object();
    }
    j.end_array().end_object();
  }
  j.end_array().end_object();
  return j.str();
}

std::string run_init_train(Lab& lab, Params& p) {
  InitCurveSettings s;
  s.activation = p.choice("activation", "relu", {"sigmoid", "tanh", "relu"});
  s.inits = read_inits(p);
  s.n_train = p.integer("n_train", 1000, 100, 60000);
  s.steps = p.integer("steps", 200, 10, 5000);
  s.batch = p.integer("batch", 32, 1, 256);
  s.lr = float(p.number("lr", 0.01, 1e-5, 1));
  s.units = p.integer("units", 100, 10, 500);
  s.seed = p.seed();
  p.finish();
  const auto curves = init_curves(lab.data("fashion"), s);

  Json j;
  j.begin_object();
  j.key("activation").string(s.activation).key("steps").integer(s.steps);
  j.key("curves").begin_array();
  for (const auto& c : curves) {
    j.begin_object();
    j.key("init").string(c.init).key("loss").numbers(c.loss).key("final_loss").number(c.final_loss);
    j.end_object();
  }
  j.end_array().end_object();
  return j.str();
}

}  // namespace barnlab
