// barnlab: the command-line face of the engine, for tests, benchmarks and
// datasets larger than a tablet holds. Other tools drive it, so its output
// lines are an interface: see README.md ("Command-line tool").
//
//   barnlab train DATA_DIR --arch NAME [--size 64] [--epochs N] [--batch 32]
//                 [--optimizer adam] [--lr 0.001] [--weight-decay 0] [--augment]
//                 [--val 0.1] [--seed S] [--threads T] [--schedule none|step|cosine]
//                 [--patience P] [--dropout P] [--limit N] [--resume] --out MODEL
//   barnlab eval MODEL DATA_DIR
//   barnlab predict MODEL IMAGE... [--probs]
//   barnlab bench farm-small [--steps N] [--threads T]
//   barnlab fashion-mnist [--arch NAME] [--epochs N] [optimizer flags] [--limit N]
#include <malloc.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "core/error.h"
#include "data/dataset.h"
#include "model/model.h"
#include "model/predict.h"
#include "ops/parallel.h"
#include "train/metrics.h"
#include "train/trainer.h"

namespace fs = std::filesystem;
using namespace barnlab;

namespace {

// The usage text; the architectures come from the engine's own list.
std::string usage() {
  std::string archs;
  for (const auto& n : Model::preset_names()) archs += (archs.empty() ? "" : ", ") + n;
  return "usage:\n"
         "  barnlab train DATA_DIR --arch NAME --out MODEL [--size 64] [--epochs 10] [--batch 32]\n"
         "                [--optimizer adam] [--lr 0.001] [--weight-decay 0] [--augment] [--val 0.1]\n"
         "                [--seed 1] [--threads T] [--schedule none|step|cosine] [--patience 0]\n"
         "                [--dropout P] [--limit N] [--resume]\n"
         "  barnlab eval MODEL DATA_DIR\n"
         "  barnlab predict MODEL IMAGE... [--probs]\n"
         "  barnlab bench farm-small [--steps 30] [--threads T]\n"
         "  barnlab fashion-mnist [--arch simple-convnet] [--epochs 5] [--batch 100] [--optimizer adam]\n"
         "                [--lr 0.001] [--weight-decay 0] [--limit N] [--threads T] [--out MODEL]\n"
         "architectures: " + archs + "\n"
         "optimizers: sgd, momentum, nesterov, adagrad, rmsprop, adam\n";
}

// A mistake in the command line itself: main prints it with the usage and
// exits 2, as other command-line tools do.
class UsageError : public Error {
 public:
  using Error::Error;
};

// Flags after the positional arguments; "--x v" or a bare switch.
struct Args {
  std::vector<std::string> positional;
  std::map<std::string, std::string> flags;

  bool has(const std::string& k) const { return flags.count(k) > 0; }
  std::string str(const std::string& k, const std::string& fallback) const {
    auto it = flags.find(k);
    return it == flags.end() ? fallback : it->second;
  }
  double num(const std::string& k, double fallback) const {
    auto it = flags.find(k);
    if (it == flags.end()) return fallback;
    try {
      size_t used = 0;
      const double v = std::stod(it->second, &used);
      if (used == it->second.size() && std::isfinite(v)) return v;
    } catch (...) {
    }
    throw UsageError("--" + k + " needs a number, got '" + it->second + "'");
  }
  int integer(const std::string& k, int fallback) const {
    const double v = num(k, fallback);
    if (v != std::floor(v)) throw UsageError("--" + k + " needs a whole number");
    return int(v);
  }
};

const std::vector<std::string> kSwitches = {"augment", "probs", "resume"};

Args parse_args(int argc, char** argv, int first) {
  Args a;
  for (int i = first; i < argc; ++i) {
    std::string s = argv[i];
    if (s.rfind("--", 0) == 0) {
      std::string key = s.substr(2);
      const size_t eq = key.find('=');
      if (eq != std::string::npos) {
        a.flags[key.substr(0, eq)] = key.substr(eq + 1);
      } else if (std::find(kSwitches.begin(), kSwitches.end(), key) != kSwitches.end()) {
        a.flags[key] = "1";
      } else {
        if (i + 1 >= argc) throw UsageError("--" + key + " needs a value");
        a.flags[key] = argv[++i];
      }
    } else {
      a.positional.push_back(s);
    }
  }
  return a;
}

void check_flags(const Args& a, const std::vector<std::string>& known) {
  for (const auto& [k, v] : a.flags)
    if (std::find(known.begin(), known.end(), k) == known.end())
      throw UsageError("unknown option --" + k);
}

OptimizerConfig optimizer_from(const Args& a) {
  OptimizerConfig c;
  c.name = a.str("optimizer", "adam");
  c.lr = float(a.num("lr", c.name == "sgd" ? 0.01 : 0.001));
  c.weight_decay = float(a.num("weight-decay", 0.0));
  if (c.lr <= 0) throw UsageError("--lr must be positive");
  return c;
}

// The training flags both train and fashion-mnist take; the defaults differ.
TrainConfig train_config_from(const Args& a, int epochs, int batch, double val) {
  TrainConfig cfg;
  cfg.epochs = a.integer("epochs", epochs);
  cfg.batch = a.integer("batch", batch);
  cfg.optimizer = optimizer_from(a);
  cfg.val_share = float(a.num("val", val));
  cfg.seed = uint64_t(a.integer("seed", 1));
  cfg.augment = a.has("augment");
  cfg.schedule = a.str("schedule", "none");
  cfg.patience = a.integer("patience", 0);
  return cfg;
}

void set_threads(const Args& a) {
  const int t = a.integer("threads", 1);
  if (t < 1) throw UsageError("--threads must be at least 1");
  set_num_threads(t);
}

std::string fixed(double v, int digits = 4) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

void print_epoch(const EpochReport& e) {
  std::cout << "epoch " << e.epoch << ": train_loss=" << fixed(e.train_loss)
            << " train_acc=" << fixed(e.train_acc) << " val_loss=" << fixed(e.val_loss)
            << " val_acc=" << fixed(e.val_acc) << " lr=" << e.lr << " (" << fixed(e.seconds, 1)
            << " s)" << std::endl;
}

int cmd_train(const Args& a) {
  check_flags(a, {"arch", "size", "epochs", "batch", "optimizer", "lr", "weight-decay", "augment",
                  "val", "seed", "threads", "out", "schedule", "patience", "dropout", "limit",
                  "resume"});
  if (a.positional.size() != 1) throw UsageError("train needs one DATA_DIR");
  if (!a.has("out")) throw UsageError("train needs --out MODEL: where to save the trained model");
  set_threads(a);
  const std::string out = a.str("out", "");
  const bool resume = a.has("resume");
  std::unique_ptr<Model> model;
  if (resume) {
    model = std::make_unique<Model>(Model::load_file(out));
  }
  const int size = resume ? model->size() : a.integer("size", 64);
  if (!resume) {
    if (!a.has("arch")) throw UsageError("train needs --arch NAME (e.g. farm-small)");
    Model::preset_spec(a.str("arch", ""), 3, size);  // an unknown name fails before loading photos
  }
  const int channels = resume ? model->channels() : 3;
  // Every flag is read before the photos load, so a typo fails at once.
  const TrainConfig cfg = train_config_from(a, 10, 32, 0.1);
  const float dropout = float(a.num("dropout", -1));
  LoadReport report;
  Dataset ds = load_image_folder(a.positional[0], size, &report, a.integer("limit", 0));
  for (const auto& w : report.warnings) std::cerr << "warning: " << w << "\n";
  if (channels != ds.channels)
    throw Error("the model takes " + std::to_string(channels) + " channel(s) but photos load with " +
                std::to_string(ds.channels) + ": train a new model on these photos instead of --resume");
  std::cout << "loaded " << ds.count() << " images in " << ds.classes.size() << " classes from "
            << a.positional[0] << std::endl;
  if (resume) {
    if (model->classes() != ds.classes)
      throw Error("the data's class folders differ from the model's classes: resume needs the same classes");
  } else {
    model = std::make_unique<Model>(Model::preset(a.str("arch", ""), channels, size, ds.classes,
                                                  dropout, cfg.seed));
  }
  std::cout << model->summary() << model->parameter_count() << " parameters, "
            << num_threads() << " thread(s)" << std::endl;
  Trainer trainer(*model, ds, cfg);
  std::cout << "train " << trainer.split().train.size() << " images, validation "
            << trainer.split().val.size() << std::endl;
  EpochReport last;
  bool stopped_early = false;
  try {
    trainer.fit([&](const StepReport& r) { stopped_early = r.stopped_early; },
                [&](const EpochReport& e) {
      print_epoch(e);
      last = e;
      // Save after every epoch, so a crash or Ctrl-C loses at most one.
      write_file(out, trainer.save());
    });
  } catch (const Error&) {
    // Diverged: the trainer restored the last good weights; keep them on disk.
    write_file(out, trainer.save());
    throw;
  }
  if (stopped_early) std::cout << "stopped early: no validation gain for --patience epochs" << std::endl;
  std::cout << "saved " << out << std::endl;
  std::cout << "final: train_acc=" << fixed(last.train_acc) << " val_acc=" << fixed(last.val_acc)
            << std::endl;
  return 0;
}

void print_report(const Evaluation& ev, const std::vector<std::string>& classes) {
  const ClassificationReport rep = classification_report(ev.confusion);
  std::cout << format_report(rep, classes);
}

int cmd_eval(const Args& a) {
  check_flags(a, {"threads", "limit"});
  if (a.positional.size() != 2) throw UsageError("eval needs MODEL DATA_DIR");
  set_threads(a);
  Model model = Model::load_file(a.positional[0]);
  LoadReport report;
  Dataset ds = load_image_folder(a.positional[1], model.size(), &report, a.integer("limit", 0));
  for (const auto& w : report.warnings) std::cerr << "warning: " << w << "\n";
  // Match class folders to the model's classes by name.
  Dataset matched;
  matched.channels = ds.channels;
  matched.size = ds.size;
  matched.classes = model.classes();
  for (size_t i = 0; i < ds.count(); ++i) {
    const std::string& name = ds.classes[ds.labels[i]];
    auto it = std::find(model.classes().begin(), model.classes().end(), name);
    if (it != model.classes().end()) matched.add(ds.image(i), int(it - model.classes().begin()));
  }
  for (const auto& name : ds.classes)
    if (std::find(model.classes().begin(), model.classes().end(), name) == model.classes().end())
      std::cerr << "warning: folder '" << name << "' is not a class of the model; skipped\n";
  if (matched.count() == 0)
    throw Error("no folder of " + a.positional[1] + " matches a class of the model (" +
                std::to_string(model.classes().size()) + " classes)");
  std::vector<int> all(matched.count());
  for (size_t i = 0; i < all.size(); ++i) all[i] = int(i);
  const Evaluation ev = evaluate(model, matched, all);
  print_report(ev, model.classes());
  std::cout << "accuracy: " << fixed(ev.accuracy) << std::endl;
  return 0;
}

int cmd_predict(const Args& a) {
  check_flags(a, {"probs", "threads"});
  if (a.positional.size() < 2) throw UsageError("predict needs MODEL IMAGE...");
  Model model = Model::load_file(a.positional[0]);
  int failures = 0;
  for (size_t i = 1; i < a.positional.size(); ++i) {
    const std::string& path = a.positional[i];
    try {
      const std::vector<float> p = predict_image(model, load_image_file(path));
      const int k = model.num_classes();
      const int best = argmax(p.data(), p.size());
      std::cout << path << " " << model.classes()[best] << " " << fixed(p[best]);
      if (a.has("probs"))
        for (int c = 0; c < k; ++c) std::cout << " " << model.classes()[c] << "=" << fixed(p[c], 7);
      std::cout << std::endl;
    } catch (const Error& e) {
      std::cerr << "error: " << e.what() << std::endl;
      ++failures;
    }
  }
  return failures ? 1 : 0;
}

int cmd_bench(const Args& a) {
  check_flags(a, {"steps", "threads", "warmup"});
  if (a.positional.size() != 1 || a.positional[0] != "farm-small")
    throw UsageError("bench knows one workload: barnlab bench farm-small");
  set_threads(a);
  const int steps = std::max(1, a.integer("steps", 30));
  const int warmup = std::max(0, a.integer("warmup", 5));
  // ../shared/bench/farm-small.md: 3 x 64 x 64, batch 32, 5 classes, Adam 1e-3.
  // Exactly the document's network: He normal for every conv and affine layer.
  const std::string spec =
      edit_spec(Model::preset_spec("farm-small", 3, 64), "affine classes init=std:0.01", "affine classes");
  Model model(spec, {"a", "b", "c", "d", "e"}, 7);
  OptimizerConfig oc;
  oc.name = "adam";
  oc.lr = 1e-3f;
  auto opt = make_optimizer(oc);
  Tensor x(model.input_shape(32));
  Rng rng(42);
  for (size_t i = 0; i < x.size(); ++i) x[i] = rng.normal();
  std::vector<int> labels(32);
  for (auto& l : labels) l = int(rng.below(5));
  std::vector<double> ms;
  for (int i = 0; i < warmup + steps; ++i) {
    const auto t0 = std::chrono::steady_clock::now();
    model.forward_backward(x, labels, uint64_t(i));
    opt->step(model.params());
    const auto t1 = std::chrono::steady_clock::now();
    if (i >= warmup) ms.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
  }
  std::sort(ms.begin(), ms.end());
  const double median = ms[ms.size() / 2];
  const double gflops = 2.2 / (median / 1000.0);
  std::cout << "threads: " << num_threads() << ", steps: " << steps << " after " << warmup
            << " warm-up, GFLOP/s: " << fixed(gflops, 1) << std::endl;
  std::cout << "farm-small: " << fixed(median, 2) << " ms/step, " << fixed(32000.0 / median, 1)
            << " images/s" << std::endl;
  return 0;
}

Dataset take_first(const Dataset& ds, size_t n) {
  if (n == 0 || n >= ds.count()) return ds;
  // Keeps the first n in file order; Fashion-MNIST's order is already mixed.
  Dataset out;
  out.channels = ds.channels;
  out.size = ds.size;
  out.classes = ds.classes;
  for (size_t i = 0; i < n; ++i) out.add(ds.image(i), ds.labels[i]);
  return out;
}

int cmd_fashion(const Args& a) {
  check_flags(a, {"arch", "epochs", "batch", "optimizer", "lr", "weight-decay", "limit", "threads",
                  "out", "seed", "val", "dropout", "augment", "schedule", "data", "test-limit"});
  set_threads(a);
  const std::string dir = a.str("data", kFashionMnistDir);
  Dataset train = take_first(load_fashion_mnist(dir, true), size_t(a.integer("limit", 0)));
  Dataset test = take_first(load_fashion_mnist(dir, false), size_t(a.integer("test-limit", 0)));
  Model model = Model::preset(a.str("arch", "simple-convnet"), 1, 28, train.classes,
                              float(a.num("dropout", -1)), uint64_t(a.integer("seed", 1)));
  TrainConfig cfg = train_config_from(a, 5, 100, 0.05);
  cfg.augmentation = AugmentConfig{true, 2, 0.f, 0.f};
  std::cout << "fashion-mnist: " << train.count() << " training, " << test.count()
            << " test images; " << model.arch() << ", " << model.parameter_count()
            << " parameters, " << num_threads() << " thread(s)" << std::endl;
  Trainer trainer(model, train, cfg);
  trainer.fit(nullptr, print_epoch);
  if (a.has("out")) write_file(a.str("out", ""), trainer.save());
  std::vector<int> all(test.count());
  for (size_t i = 0; i < all.size(); ++i) all[i] = int(i);
  const Evaluation ev = evaluate(model, test, all, 200);
  std::cout << "test accuracy: " << fixed(ev.accuracy) << std::endl;
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  // Training allocates the same large buffers every step (column matrices,
  // activations). Keep them in the heap instead of mapping and unmapping
  // pages each time, which costs page faults and zeroing.
  mallopt(M_MMAP_THRESHOLD, 512 << 20);
  mallopt(M_TRIM_THRESHOLD, 1024 << 20);
  if (argc < 2) {
    std::cerr << usage();
    return 2;
  }
  const std::string cmd = argv[1];
  if (cmd == "help" || cmd == "--help") {
    std::cout << usage();
    return 0;
  }
  try {
    const Args a = parse_args(argc, argv, 2);
    if (cmd == "train") return cmd_train(a);
    if (cmd == "eval") return cmd_eval(a);
    if (cmd == "predict") return cmd_predict(a);
    if (cmd == "bench") return cmd_bench(a);
    if (cmd == "fashion-mnist") return cmd_fashion(a);
    throw UsageError("unknown command '" + cmd + "'");
  } catch (const UsageError& e) {
    std::cerr << "error: " << e.what() << "\n" << usage();
    return 2;
  } catch (const Error& e) {
    std::cerr << "error: " << e.what() << std::endl;
    return 1;
  } catch (const std::bad_alloc&) {
    std::cerr << "error: out of memory: use fewer images (--limit) or a smaller --size" << std::endl;
    return 1;
  }
}
