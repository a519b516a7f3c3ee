#include "lab/batch_size.h"

#include <chrono>

#include "lab/json.h"
#include "lab/lab.h"
#include "lab/params.h"

namespace barnlab {

std::vector<BatchRun> batch_compare(const BatchSettings& s) {
  const Points2D data = make_points(s.data, s.n, s.noise, s.seed);
  const std::pair<const char*, int> kinds[] = {{"full", s.n}, {"sgd", 1}, {"mini-8", 8}, {"mini-32", 32}, {"mini-128", 128}};
  std::vector<BatchRun> runs;
  for (const auto& [name, batch] : kinds) {
    runs.emplace_back();
    BatchRun& run = runs.back();
    run.name = name;
    run.batch = batch;
    PointNetConfig c;
    c.hidden = 16;
    c.activation = "tanh";
    c.optimizer.name = "sgd";
    c.optimizer.lr = s.lr;
    c.batch = run.batch;
    c.seed = s.seed;
    PointNet net(data, c);
    run.loss.push_back(net.evaluate().loss);
    run.seconds.push_back(0);
    double total = 0;
    for (int e = 0; e < s.epochs; ++e) {
      const auto t0 = std::chrono::steady_clock::now();
      const std::vector<float> losses = net.train_epoch();
      total += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      run.step_loss.insert(run.step_loss.end(), losses.begin(), losses.end());
      run.loss.push_back(net.evaluate().loss);
      run.seconds.push_back(total);
    }
    run.steps = long(run.step_loss.size());
  }
  return runs;
}

std::string lab_batch_compare(Lab&, Params& params) {
  BatchSettings s;
  s.data = params.choice("data", "circles", point_set_names());
  s.n = params.integer("n", 256, 32, 1024);
  s.noise = float(params.number("noise", 0.1, 0, 1));
  s.epochs = params.integer("epochs", 20, 1, 100);
  s.lr = float(params.number("lr", 0.3, 1e-4, 10));
  s.seed = params.seed();
  params.finish();
  Json j;
  j.begin_object();
  j.key("runs").begin_array();
  constexpr size_t kMaxStepLosses = 2000;
  for (const auto& r : batch_compare(s)) {
    j.begin_object();
    j.key("name").string(r.name).key("batch").integer(r.batch);
    j.key("loss").numbers(r.loss);
    j.key("seconds").numbers(r.seconds);
    // Evenly thinned to at most kMaxStepLosses values, first and last kept.
    std::vector<float> thin;
    const size_t n = r.step_loss.size();
    if (n <= kMaxStepLosses) {
      thin = r.step_loss;
    } else {
      for (size_t i = 0; i < kMaxStepLosses; ++i) thin.push_back(r.step_loss[i * (n - 1) / (kMaxStepLosses - 1)]);
    }
    j.key("step_loss").numbers(thin);
    j.key("steps").integer(r.steps);
    j.end_object();
  }
  j.end_array();
  j.end_object();
  return j.str();
}

}  // namespace barnlab
