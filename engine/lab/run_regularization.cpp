// Runners of pages 12-14 (batch normalization, overfitting, hyperparameter
// search); see lab/runners_10_18.h.
#include "lab/batchnorm_effect.h"
#include "lab/hyper_search.h"
#include "lab/json.h"
#include "lab/lab.h"
#include "lab/overfitting.h"
#include "lab/params.h"
#include "lab/runners_10_18.h"

namespace barnlab {

namespace {
void write_curves(Json& j, const char* key, const AccuracyCurves& c) {
  j.key(key).begin_object();
  j.key("train_acc").numbers(c.train_acc).key("test_acc").numbers(c.test_acc);
  j.key("diverged").boolean(c.diverged);
  j.end_object();
}
}  // namespace

std::string run_batchnorm_grid(Lab& lab, Params& p) {
  BatchNormGridSettings s;
  s.scales = p.integer("scales", 8, 2, 16);
  s.only = p.integer("only", -1, -1, s.scales - 1);
  s.n_train = p.integer("n_train", 300, 100, 10000);
  s.n_test = p.integer("n_test", 300, 100, 10000);
  s.epochs = p.integer("epochs", 10, 1, 100);
  s.batch = p.integer("batch", 30, 1, 256);
  s.lr = float(p.number("lr", 0.05, 1e-5, 1));
  s.optimizer = p.choice("optimizer", "sgd", {"sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam"});
  s.seed = p.seed();
  p.finish();
  const BatchNormGrid g = batchnorm_grid(lab.data("fashion"), s);

  Json j;
  j.begin_object();
  j.key("scales").numbers(g.scales);
  j.key("runs").begin_array();
  for (const auto& r : g.runs) {
    j.begin_object();
    j.key("index").integer(r.index).key("scale").number(r.scale);
    write_curves(j, "bn", r.bn);
    write_curves(j, "plain", r.plain);
    j.end_object();
  }
  j.end_array().end_object();
  return j.str();
}

std::string run_batchnorm_stats(Lab& lab, Params& p) {
  BatchNormStatsSettings s;
  s.batch = p.integer("batch", 100, 2, 1000);
  s.units = p.integer("units", 20, 1, 100);
  s.scale = float(p.number("scale", 0.01, 1e-4, 10));
  s.seed = p.seed();
  p.finish();
  const BatchNormStats st = batchnorm_stats(lab.data("fashion"), s);
  Json j;
  j.begin_object();
  j.key("before").begin_object().key("mean").numbers(st.before.mean).key("var").numbers(st.before.var).end_object();
  j.key("after").begin_object().key("mean").numbers(st.after.mean).key("var").numbers(st.after.var).end_object();
  j.end_object();
  return j.str();
}

std::string run_overfit_train(Lab& lab, Params& p) {
  OverfitSettings s;
  s.n_train = p.integer("n_train", 300, 50, 10000);
  s.n_test = p.integer("n_test", 300, 100, 10000);
  s.epochs = p.integer("epochs", 50, 1, 500);
  s.hidden_layers = p.integer("layers", 6, 1, 8);
  s.units = p.integer("units", 100, 10, 200);
  s.batch = p.integer("batch", 100, 1, 256);
  s.lr = float(p.number("lr", 0.05, 1e-5, 1));
  s.weight_decay = float(p.number("weight_decay", 0, 0, 1));
  s.dropout = float(p.number("dropout", 0, 0, 0.9));
  s.seed = p.seed();
  p.finish();
  const OverfitResult r = overfit_run(lab.data("fashion"), s);
  Json j;
  j.begin_object();
  j.key("train_acc").numbers(r.train_acc).key("test_acc").numbers(r.test_acc);
  j.key("train_loss").numbers(r.train_loss);
  j.key("final_train_acc").number(r.final_train_acc).key("final_test_acc").number(r.final_test_acc);
  j.key("gap").number(r.gap);
  j.end_object();
  return j.str();
}

std::string run_hyper_search(Lab& lab, Params& p) {
  HyperSearchSettings s;
  s.trials = p.integer("trials", 20, 1, 200);
  s.only = p.integer("only", -1, -1, s.trials - 1);
  s.n_train = p.integer("n_train", 500, 100, 10000);
  s.val_share = float(p.number("val_share", 0.2, 0.05, 0.5));
  s.epochs = p.integer("epochs", 10, 1, 100);
  s.batch = p.integer("batch", 50, 1, 256);
  s.lr_min_exp = float(p.number("lr_min_exp", -4, -10, 1));
  s.lr_max_exp = float(p.number("lr_max_exp", -0.5, -10, 1));
  s.wd_min_exp = float(p.number("wd_min_exp", -8, -10, 1));
  s.wd_max_exp = float(p.number("wd_max_exp", -4, -10, 1));
  s.seed = p.seed();
  p.finish();
  const HyperSearch r = hyper_search(lab.data("fashion"), s);
  Json j;
  j.begin_object();
  j.key("trials").begin_array();
  for (const auto& t : r.trials) {
    j.begin_object();
    j.key("index").integer(t.index).key("lr").number(t.lr).key("weight_decay").number(t.weight_decay);
    j.key("val_acc").number(t.val_acc).key("train_acc").number(t.train_acc);
    j.key("val_curve").numbers(t.val_curve);
    j.end_object();
  }
  j.end_array();
  j.key("best").integer(r.best);
  if (r.trials.size() > 1) {
    j.key("best_region").begin_object();
    j.key("lr").begin_array().number(r.best_lr_lo).number(r.best_lr_hi).end_array();
    j.key("weight_decay").begin_array().number(r.best_wd_lo).number(r.best_wd_hi).end_array();
    j.end_object();
  }
  j.end_object();
  return j.str();
}

}  // namespace barnlab
