// The table of lab experiments: id -> runner, in the notebook's order. A new
// page adds its runner's header and one line here, and its entry in
// docs/lab-api.md.
#include "lab/activations.h"
#include "lab/backprop_net.h"
#include "lab/batch_size.h"
#include "lab/convexity.h"
#include "lab/gradient_descent.h"
#include "lab/json.h"
#include "lab/lab.h"
#include "lab/layer_steps.h"
#include "lab/losses.h"
#include "lab/mlp_playground.h"
#include "lab/params.h"
#include "lab/perceptron_gates.h"
#include "lab/runners_10_18.h"

namespace barnlab {

namespace {

std::string run_ids(Lab&, Params& p) {
  p.finish();
  Json j;
  j.begin_object().key("ids").begin_array();
  for (const auto& id : Lab::ids()) j.string(id);
  j.end_array().end_object();
  return j.str();
}

}  // namespace

const std::vector<LabExperiment>& lab_experiments() {
  static const std::vector<LabExperiment> table = {
      {"lab.ids", run_ids},
      // Pages 1-9.
      {"perceptron.gate", lab_perceptron_gate},
      {"perceptron.xor", lab_perceptron_xor},
      {"perceptron.start", lab_perceptron_start},
      {"perceptron.step", lab_perceptron_step},
      {"mlp2d.data", lab_mlp2d_data},
      {"mlp2d.start", lab_mlp2d_start},
      {"mlp2d.step", lab_mlp2d_step},
      {"activation.curves", lab_activation_curves},
      {"activation.softmax", lab_activation_softmax},
      {"loss.compare", lab_loss_compare},
      {"gd.path", lab_gd_path},
      {"surface.paths", lab_surface_paths},
      {"batch.compare", lab_batch_compare},
      {"backprop.net", lab_backprop_net},
      {"layers.show", lab_layers_show},
      // Pages 10-18.
      {"optimizers.paths", run_optimizers_paths},
      {"optimizers.mnist", run_optimizers_mnist},
      {"init.hist", run_init_hist},
      {"init.train", run_init_train},
      {"batchnorm.grid", run_batchnorm_grid},
      {"batchnorm.stats", run_batchnorm_stats},
      {"overfit.train", run_overfit_train},
      {"hyper.search", run_hyper_search},
      {"conv.example", run_conv_example},
      {"pool.grid", run_pool_grid},
      {"pool.photo", run_pool_photo},
      {"cnn.train", run_cnn_train},
      {"cnn.look", run_cnn_look},
      {"alexnet.table", run_alexnet_table},
      {"lrn.demo", run_lrn_demo},
  };
  return table;
}

}  // namespace barnlab
