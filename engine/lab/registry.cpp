// The table of lab experiments: id -> runner, in the notebook's order. A new
// page adds its runner's header and one line here, and its entry in
// docs/lab-api.md.
#include "lab/json.h"
#include "lab/lab.h"
#include "lab/params.h"

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
      // Pages 10-18.
  };
  return table;
}

}  // namespace barnlab
