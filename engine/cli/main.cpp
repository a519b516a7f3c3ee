// barnlab: the command-line face of the engine, for tests, benchmarks and
// datasets larger than a tablet holds. Other tools drive it, so its output
// lines are an interface: see README.md ("Command-line tool").
//
//   barnlab train DATA_DIR --arch NAME [--size 64] [--epochs N] [--batch 32]
//                 [--optimizer adam] [--lr 0.001] [--weight-decay 0] [--augment]
//                 [--val 0.1] [--seed S] [--threads T] [--schedule none|step|cosine]
//                 [--patience P] [--dropout P] [--limit N] [--resume] --out MODEL
//   barnlab eval MODEL DATA_DIR [--json]
//   barnlab predict MODEL IMAGE|DIR... [--probs] [--csv OUT.csv] [--json] [--dump-pixels FILE]
//   barnlab sort MODEL IN_DIR OUT_DIR
//   barnlab export MODEL --onnx OUT.onnx
//   barnlab bench farm-small|fast|balanced|accurate|ceiling [--steps N] [--threads T] [--profile]
//                 [--compare] [--json]
//   barnlab --version
//   barnlab fashion-mnist [--preset accurate] [--arch NAME] [--epochs N] [optimizer flags]
//                 [--erase P] [--ema DECAY] [--limit N]
#include <malloc.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/error.h"
#include "core/version.h"
#include "core/rng.h"
#include "data/dataset.h"
#include "interop/onnx.h"
#include "lab/json.h"
#include "model/model.h"
#include "model/predict.h"
#include "ops/parallel.h"
#include "ops/profile.h"
#include "train/calibration.h"
#include "train/finite.h"
#include "train/metrics.h"
#include "train/ood_study.h"
#include "train/presets.h"
#include "train/step_bench.h"
#include "train/trainer.h"

namespace fs = std::filesystem;
using namespace barnlab;

namespace {

// The usage text; the architectures come from the engine's own list.
std::string usage() {
  std::string archs;
  for (const auto& n : Model::preset_names()) archs += (archs.empty() ? "" : ", ") + n;
  return "usage:\n"
         "  barnlab train DATA_DIR (--preset fast|balanced|accurate | --arch NAME) --out MODEL\n"
         "                [--size 64] [--epochs 10] [--batch 32]\n"
         "                [--optimizer adam] [--lr 0.001] [--weight-decay 0] [--augment] [--val 0.1]\n"
         "                [--seed 1] [--threads T] [--schedule none|step|cosine] [--patience 0]\n"
         "                [--dropout P] [--limit N] [--resume] [--augmentation basic|strong]\n"
         "                [--label-smoothing E] [--mixup A] [--warmup EPOCHS] [--restore-best]\n"
         "                (a preset sets every value; the flags given override it)\n"
         "  barnlab eval MODEL DATA_DIR [--json]\n"
         "  barnlab predict MODEL IMAGE|DIR... [--probs] [--tta] [--threshold T] [--csv OUT.csv] [--json]\n"
         "                [--dump-pixels FILE]   (the model's input bytes, N x C x S x S, for other runtimes)\n"
         "  barnlab sort MODEL IN_DIR OUT_DIR [--tta] [--threshold T]   (copies, never moves)\n"
         "  barnlab export MODEL --onnx OUT.onnx\n"
         "  barnlab learning-curve DATA_DIR [--per-class 10,20,50,100,all] [--seeds 1,2,3]\n"
         "                [--recipes farm-small,balanced] [--test-per-class 100] [--threads T]\n"
         "                [--size PX] [train flags: --epochs, --lr, --mixup, --arch, ... override the presets]\n"
         "  barnlab bench farm-small|fast|balanced|accurate|ceiling [--steps 30] [--threads T]\n"
         "                [--profile] [--compare] [--json]\n"
         "  barnlab --version\n"
         "  barnlab fashion-mnist [--arch simple-convnet] [--epochs 5] [--batch 100] [--optimizer adam]\n"
         "                [--lr 0.001] [--weight-decay 0] [--limit N] [--threads T] [--out MODEL]\n"
         "                [--preset accurate] [--erase P] [--ema DECAY]   (README: Fashion-MNIST)\n"
         "  barnlab ood DATA_DIR --holdout CLASS [--preset fast] [--fashion DIR] [--epochs N]\n"
         "                [--seed 1] [--threads T]   (the photo-looks-like-none check, measured)\n"
         "architectures: " + archs + "\n"
         "optimizers: sgd, momentum, nesterov, adagrad, rmsprop, adam, adamw\n";
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

const std::vector<std::string> kSwitches = {"augment", "probs", "resume", "restore-best", "tta",
                                             "profile", "compare", "json"};

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

// --augmentation, --label-smoothing, --mixup, --warmup, --restore-best.
void apply_recipe_flags(const Args& a, TrainConfig& cfg) {
  if (a.has("augmentation")) {
    cfg.augmentation = augmentation_named(a.str("augmentation", ""));
    cfg.augment = true;
  }
  cfg.label_smoothing = float(a.num("label-smoothing", cfg.label_smoothing));
  cfg.mixup = float(a.num("mixup", cfg.mixup));
  cfg.warmup_epochs = a.integer("warmup", cfg.warmup_epochs);
  if (a.has("restore-best")) cfg.restore_best = a.str("restore-best", "1") != "0";  // --restore-best=0: off
}

const std::vector<std::string> kRecipeFlags = {"augmentation", "label-smoothing", "mixup", "warmup",
                                               "restore-best"};

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
  cfg.augment = a.has("augment") && a.str("augment", "1") != "0";  // --augment=0 turns a preset's off
  cfg.schedule = a.str("schedule", "none");
  cfg.patience = a.integer("patience", 0);
  apply_recipe_flags(a, cfg);
  return cfg;
}

// A preset's training configuration with the flags given on top of it.
TrainConfig preset_overridden(const Args& a, const TrainingPreset& p) {
  TrainConfig cfg = p.train;
  cfg.epochs = a.integer("epochs", cfg.epochs);
  cfg.batch = a.integer("batch", cfg.batch);
  if (a.has("optimizer")) cfg.optimizer.name = a.str("optimizer", "");
  cfg.optimizer.lr = float(a.num("lr", cfg.optimizer.lr));
  cfg.optimizer.weight_decay = float(a.num("weight-decay", cfg.optimizer.weight_decay));
  if (cfg.optimizer.lr <= 0) throw UsageError("--lr must be positive");
  cfg.val_share = float(a.num("val", cfg.val_share));
  cfg.seed = uint64_t(a.integer("seed", int(cfg.seed)));
  cfg.schedule = a.str("schedule", cfg.schedule);
  cfg.patience = a.integer("patience", cfg.patience);
  if (!a.has("augmentation")) cfg.augmentation = augmentation_named(p.augmentation);
  apply_recipe_flags(a, cfg);
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

// A line within an epoch ("epoch 3: step 40/400, loss 0.5123"), rewritten
// in place at most twice a second, only when stdout is a terminal: a pipe or
// a log file gets the epoch lines alone, which other tools read.
class ProgressLine {
 public:
  ProgressLine() : on_(isatty(STDOUT_FILENO) == 1) {}
  void step(const StepReport& r) {
    if (!on_ || r.epoch_ended || r.finished) return;
    const double t = now_seconds();
    if (t - last_ < 0.5) return;
    last_ = t;
    std::cout << "\r\033[Kepoch " << r.epoch << ": step " << r.step << "/" << r.total_steps
              << ", loss " << fixed(r.loss) << std::flush;
    shown_ = true;
  }
  void clear() {
    if (shown_) std::cout << "\r\033[K" << std::flush;
    shown_ = false;
  }

 private:
  bool on_;
  bool shown_ = false;
  double last_ = 0;
};

void print_epoch(const EpochReport& e) {
  std::cout << "epoch " << e.epoch << ": train_loss=" << fixed(e.train_loss)
            << " train_acc=" << fixed(e.train_acc) << " val_loss=" << fixed(e.val_loss)
            << " val_acc=" << fixed(e.val_acc) << " lr=" << e.lr << " (" << fixed(e.seconds, 1)
            << " s)";
  if (std::isfinite(e.last_val_acc))  // val_* are the weight average's
    std::cout << " last weights: val_loss=" << fixed(e.last_val_loss)
              << " val_acc=" << fixed(e.last_val_acc);
  std::cout << std::endl;
}

// Accuracy with its interval, calibration and the classes most confused, on
// the validation split; fits the model's temperature and threshold when fit.
void print_trust(Model& model, const Dataset& ds, const std::vector<int>& val, bool fit) {
  if (val.empty()) return;
  const CalibrationReport r = calibrate(model, ds, val, true, fit);
  std::cout << "validation (photo + mirror): accuracy " << fixed(r.figures.accuracy) << " (95% "
            << fixed(r.accuracy95.low, 3) << "-" << fixed(r.accuracy95.high, 3) << ", "
            << val.size() << " photos)" << std::endl;
  std::cout << "calibration: temperature " << fixed(r.temperature, 3) << ", ECE "
            << fixed(r.ece_before) << " before, " << fixed(r.ece_after) << " after; not sure below "
            << fixed(r.threshold, 3) << std::endl;
  for (const ConfusedPair& c : r.confused)
    std::cout << "confused: " << model.classes()[c.actual] << " taken for "
              << model.classes()[c.predicted] << " " << c.count << " time(s)" << std::endl;
}

int cmd_train(const Args& a) {
  std::vector<std::string> known = {"arch", "size", "epochs", "batch", "optimizer", "lr",
                                    "weight-decay", "augment", "val", "seed", "threads", "out",
                                    "schedule", "patience", "dropout", "limit", "resume", "preset"};
  known.insert(known.end(), kRecipeFlags.begin(), kRecipeFlags.end());
  check_flags(a, known);
  if (a.positional.size() != 1) throw UsageError("train needs one DATA_DIR");
  if (!a.has("out")) throw UsageError("train needs --out MODEL: where to save the trained model");
  set_threads(a);
  const std::string out = a.str("out", "");
  const bool resume = a.has("resume");
  std::unique_ptr<Model> model;
  if (resume) {
    model = std::make_unique<Model>(Model::load_file(out));
  }
  // A preset is chosen from the photo and class counts, read from the
  // folders before anything is decoded.
  std::unique_ptr<TrainingPreset> preset;
  if (a.has("preset")) {
    const std::vector<int> counts = count_image_files(a.positional[0], a.integer("limit", 0));
    int photos = 0;
    for (int c : counts) photos += c;
    preset = std::make_unique<TrainingPreset>(
        training_preset(a.str("preset", ""), photos, int(counts.size())));
  }
  const std::string arch = a.str("arch", preset ? preset->arch : "");
  const int size = resume ? model->size() : a.integer("size", preset ? preset->size : 64);
  if (!resume) {
    if (arch.empty()) throw UsageError("train needs --preset NAME or --arch NAME (e.g. farm-small)");
    Model::preset_spec(arch, 3, size);  // an unknown name fails before loading photos
  }
  const int channels = resume ? model->channels() : 3;
  // Every flag is read before the photos load, so a typo fails at once.
  const TrainConfig cfg = preset ? preset_overridden(a, *preset) : train_config_from(a, 10, 32, 0.1);
  const float dropout = float(a.num("dropout", preset ? preset->dropout : -1));
  if (preset)
    std::cout << "preset " << preset->name << ": " << arch << " at " << size << " px, "
              << cfg.epochs << " epochs, batch " << cfg.batch << ", " << cfg.optimizer.name
              << " lr " << cfg.optimizer.lr << " weight decay " << cfg.optimizer.weight_decay
              << ", label smoothing " << cfg.label_smoothing << ", mixup " << cfg.mixup
              << ", warm-up " << cfg.warmup_epochs << std::endl;
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
    model = std::make_unique<Model>(Model::preset(arch, channels, size, ds.classes, dropout, cfg.seed));
  }
  std::cout << model->summary() << model->parameter_count() << " parameters, "
            << num_threads() << " thread(s)" << std::endl;
  Trainer trainer(*model, ds, cfg);
  std::cout << "train " << trainer.split().train.size() << " images, validation "
            << trainer.split().val.size() << std::endl;
  EpochReport last;
  ProgressLine progress;
  bool stopped_early = false;
  int64_t restored = 0;
  try {
    trainer.fit([&](const StepReport& r) {
      stopped_early = r.stopped_early;
      restored = r.restored_epoch;
      progress.step(r);
    },
                [&](const EpochReport& e) {
      progress.clear();
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
  if (restored > 0)
    std::cout << "restored epoch " << restored << " (lowest validation loss)" << std::endl;
  print_trust(*model, ds, trainer.split().val, true);
  write_file(out, trainer.save());
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
  check_flags(a, {"threads", "limit", "json"});
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
  if (a.has("json")) {
    const ClassificationReport rep = classification_report(ev.confusion);
    Json j;
    j.begin_object();
    j.key("model").string(a.positional[0]);
    j.key("data").string(a.positional[1]);
    j.key("photos").integer(int(matched.count()));
    j.key("accuracy").number(ev.accuracy);
    j.key("classes").begin_array();
    for (size_t c = 0; c < model.classes().size(); ++c)
      j.begin_object().key("name").string(model.classes()[c]).key("photos").integer(rep.counts[c])
          .key("precision").number(rep.precision[c]).key("recall").number(rep.recall[c]).end_object();
    j.end_array();
    j.key("confusion").begin_array();
    for (const auto& row : ev.confusion) j.integers(row);
    j.end_array();
    j.end_object();
    std::cout << j.str() << std::endl;
    return 0;
  }
  print_report(ev, model.classes());
  std::cout << "accuracy: " << fixed(ev.accuracy) << std::endl;
  return 0;
}

bool is_photo_name(const fs::path& p) {
  const std::string name = p.filename().string();
  if (name.empty() || name[0] == '.') return false;
  std::string ext = p.extension().string();
  for (char& ch : ext) ch = char(std::tolower(static_cast<unsigned char>(ch)));
  return ext == ".jpg" || ext == ".jpeg" || ext == ".png" || ext == ".bmp" || ext == ".gif";
}

// The photos named by paths: a file as given, a folder's photo files at
// every level, sorted by path. A missing path is an Error naming it.
std::vector<std::string> photos_of(const std::vector<std::string>& paths) {
  std::vector<std::string> out;
  for (const std::string& path : paths) {
    std::error_code ec;
    if (fs::is_directory(path, ec)) {
      std::vector<std::string> found;
      for (auto it = fs::recursive_directory_iterator(path, ec); !ec && it != fs::recursive_directory_iterator();
           it.increment(ec))
        if (it->is_regular_file(ec) && is_photo_name(it->path())) found.push_back(it->path().string());
      if (ec) throw Error("cannot list the folder " + path + " (" + ec.message() + ")");
      std::sort(found.begin(), found.end());
      out.insert(out.end(), found.begin(), found.end());
    } else if (fs::exists(path, ec)) {
      out.push_back(path);
    } else {
      throw Error("no such photo or folder: " + path + ": check the path");
    }
  }
  return out;
}

// One photo's prediction; ok false when it could not be read (error says why).
struct PhotoPrediction {
  std::string photo, error;
  bool ok = false, not_sure = false;
  int best = 0, second = 0;
  std::vector<float> probs;
  std::vector<uint8_t> pixels;  // the model's input, C x S x S, before normalization
};

PhotoPrediction predict_photo(Model& model, const std::string& path, bool tta, double threshold) {
  PhotoPrediction r;
  r.photo = path;
  try {
    const Image img = load_image_file(path);
    r.probs = predict_image_calibrated(model, img, tta);
    r.pixels = resize_square(img, model.size(), model.channels());
    const int k = model.num_classes();
    r.best = argmax(r.probs.data(), r.probs.size());
    r.second = r.best == 0 && k > 1 ? 1 : 0;
    for (int c = 0; c < k; ++c)
      if (c != r.best && r.probs[c] > r.probs[r.second]) r.second = c;
    r.not_sure = k > 1 && r.probs[r.best] < threshold;
    r.ok = true;
  } catch (const Error& e) {
    r.error = e.what();
  }
  return r;
}

double threshold_from(const Args& a, const Model& model) {
  // The model's own threshold (fitted on its validation split) unless given.
  const double threshold = a.num("threshold", model.calibration().threshold);
  if (threshold < 0 || threshold > 1) throw UsageError("--threshold must be between 0 and 1");
  return threshold;
}

// One CSV field: a leading =, +, -, @, tab or CR gets a ' first so that a
// spreadsheet reads a photo named "=HYPERLINK(...).jpg" as text, not as a
// formula (OWASP, "CSV injection"); then RFC 4180 quoting where needed.
std::string csv_field(const std::string& field) {
  const std::string s = !field.empty() && std::string("=+-@\t\r").find(field[0]) != std::string::npos
                            ? "'" + field : field;
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string out = "\"";
  for (char ch : s) out += ch == '"' ? std::string("\"\"") : std::string(1, ch);
  return out + "\"";
}

// photo,class,probability,not_sure (yes/no): the app's "Sort photos" table.
std::string predictions_csv(const Model& model, const std::vector<PhotoPrediction>& rows) {
  std::string csv = "photo,class,probability,not_sure\n";
  for (const PhotoPrediction& r : rows)
    if (r.ok)
      csv += csv_field(r.photo) + "," + csv_field(model.classes()[r.best]) + "," +
             fixed(r.probs[r.best]) + "," + (r.not_sure ? "yes" : "no") + "\n";
  return csv;
}

void write_text(const std::string& path, const std::string& text) {
  write_file(path, std::vector<uint8_t>(text.begin(), text.end()));
}

int cmd_predict(const Args& a) {
  check_flags(a, {"probs", "threads", "tta", "threshold", "csv", "json", "dump-pixels"});
  if (a.positional.size() < 2) throw UsageError("predict needs MODEL IMAGE|DIR...");
  set_threads(a);
  Model model = Model::load_file(a.positional[0]);
  const double threshold = threshold_from(a, model);
  const bool json = a.has("json");
  const std::vector<std::string> photos =
      photos_of(std::vector<std::string>(a.positional.begin() + 1, a.positional.end()));
  std::vector<PhotoPrediction> rows;
  int failures = 0;
  for (const std::string& path : photos) {
    rows.push_back(predict_photo(model, path, a.has("tta"), threshold));
    const PhotoPrediction& r = rows.back();
    if (!r.ok) {
      std::cerr << "error: " << r.error << std::endl;
      ++failures;
      continue;
    }
    if (json) continue;
    const auto& names = model.classes();
    if (r.not_sure)
      std::cout << path << " not sure: " << names[r.best] << " " << fixed(r.probs[r.best]) << " or "
                << names[r.second] << " " << fixed(r.probs[r.second]);
    else
      std::cout << path << " " << names[r.best] << " " << fixed(r.probs[r.best]);
    if (a.has("probs"))
      for (int c = 0; c < model.num_classes(); ++c) std::cout << " " << names[c] << "=" << fixed(r.probs[c], 7);
    std::cout << std::endl;
  }
  if (a.has("csv")) write_text(a.str("csv", ""), predictions_csv(model, rows));
  if (a.has("dump-pixels")) {  // the inputs, for running the model elsewhere (tests/interop/)
    std::vector<uint8_t> all;
    for (const PhotoPrediction& r : rows) all.insert(all.end(), r.pixels.begin(), r.pixels.end());
    write_file(a.str("dump-pixels", ""), all);
  }
  if (json) {
    Json j;
    j.begin_object();
    j.key("model").string(a.positional[0]);
    j.key("classes").begin_array();
    for (const auto& c : model.classes()) j.string(c);
    j.end_array();
    j.key("threshold").number(threshold);
    j.key("tta").boolean(a.has("tta"));
    j.key("photos").begin_array();
    for (const PhotoPrediction& r : rows) {
      if (!r.ok) continue;
      j.begin_object();
      j.key("photo").string(r.photo);
      j.key("class").string(model.classes()[r.best]);
      j.key("probability").number(r.probs[r.best]);
      j.key("not_sure").boolean(r.not_sure);
      j.key("probabilities").numbers(r.probs);
      j.end_object();
    }
    j.end_array();
    j.key("errors").begin_array();
    for (const PhotoPrediction& r : rows)
      if (!r.ok) j.begin_object().key("photo").string(r.photo).key("error").string(r.error).end_object();
    j.end_array();
    j.end_object();
    std::cout << j.str() << std::endl;
  }
  return failures ? 1 : 0;
}

// A free name in dir for a copy of file: its own name, else "name (2).jpg", ...
fs::path free_name(const fs::path& dir, const fs::path& file) {
  fs::path target = dir / file.filename();
  for (int i = 2; fs::exists(target); ++i)
    target = dir / (file.stem().string() + " (" + std::to_string(i) + ")" + file.extension().string());
  return target;
}

// Copies the photos of IN_DIR into OUT_DIR/<class>/ and OUT_DIR/not-sure/,
// never moving or overwriting a file, and writes OUT_DIR/barnlab-sort.csv.
int cmd_sort(const Args& a) {
  check_flags(a, {"threads", "tta", "threshold"});
  if (a.positional.size() != 3) throw UsageError("sort needs MODEL IN_DIR OUT_DIR");
  set_threads(a);
  Model model = Model::load_file(a.positional[0]);
  const double threshold = threshold_from(a, model);
  const fs::path in = a.positional[1], out = a.positional[2];
  std::error_code ec;
  if (!fs::is_directory(in, ec)) throw Error("no such folder: " + in.string() + ": check IN_DIR");
  const std::string in_abs = fs::weakly_canonical(in).string() + "/";
  const std::string out_abs = fs::weakly_canonical(out).string() + "/";
  if (out_abs.rfind(in_abs, 0) == 0)
    throw Error("OUT_DIR " + out.string() + " is inside IN_DIR " + in.string() +
                ": choose an OUT_DIR outside it, so the copies are not sorted again");
  const std::vector<std::string> photos = photos_of({in.string()});
  if (photos.empty()) throw Error("no photos (.jpg .jpeg .png .bmp .gif) in " + in.string());
  const auto& names = model.classes();
  const std::string unsure = std::find(names.begin(), names.end(), "not-sure") == names.end()
                                 ? "not-sure" : "not-sure-photos";
  std::map<std::string, int> counts;
  std::vector<PhotoPrediction> rows;
  for (const std::string& path : photos) {
    rows.push_back(predict_photo(model, path, a.has("tta"), threshold));
    const PhotoPrediction& r = rows.back();
    if (!r.ok) {
      std::cerr << "warning: " << r.error << "; not copied" << std::endl;
      continue;
    }
    const fs::path dir = out / (r.not_sure ? unsure : names[r.best]);
    fs::create_directories(dir, ec);
    if (ec) throw Error("cannot create the folder " + dir.string() + " (" + ec.message() + ")");
    const fs::path target = free_name(dir, path);
    if (!fs::copy_file(path, target, fs::copy_options::none, ec) || ec)
      throw Error("cannot copy " + path + " to " + target.string() + " (" + ec.message() + ")");
    ++counts[r.not_sure ? unsure : names[r.best]];
  }
  write_text((out / "barnlab-sort.csv").string(), predictions_csv(model, rows));
  int copied = 0;
  std::string summary;
  for (const auto& [name, n] : counts) {
    copied += n;
    summary += (summary.empty() ? "" : ", ") + name + " " + std::to_string(n);
  }
  std::cout << "sorted " << copied << " of " << photos.size() << " photos into " << out.string()
            << ": " << summary << std::endl;
  return copied > 0 ? 0 : 1;
}

int cmd_export(const Args& a) {
  check_flags(a, {"onnx"});
  if (a.positional.size() != 1 || !a.has("onnx"))
    throw UsageError("export needs MODEL --onnx OUT.onnx");
  Model model = Model::load_file(a.positional[0]);
  require_finite(model, "export the model");
  const std::vector<uint8_t> bytes = export_onnx(model);
  write_file(a.str("onnx", ""), bytes);
  std::cout << "wrote " << a.str("onnx", "") << " (" << bytes.size() << " bytes, ONNX opset "
            << kOnnxOpset << "): input pixels N x " << model.channels() << " x " << model.size()
            << " x " << model.size() << " (values / 255), output probabilities N x "
            << model.num_classes() << std::endl;
  return 0;
}

int cmd_bench(const Args& a) {
  check_flags(a, {"steps", "threads", "warmup", "profile", "compare", "json"});
  if (a.positional.size() != 1)
    throw UsageError(
        "bench needs one workload: barnlab bench farm-small|fast|balanced|accurate|ceiling");
  set_threads(a);
  if (a.positional[0] == "ceiling") {
    // The machine's own ceiling for parallel speed-ups (train/step_bench.h).
    const int threads = num_threads();
    const double one = arithmetic_throughput(1), many = arithmetic_throughput(threads);
    if (a.has("json")) {
      Json j;
      j.begin_object().key("workload").string("ceiling").key("threads").integer(threads);
      j.key("gflops_1_thread").number(one).key("gflops").number(many);
      j.key("ratio").number(many / one).end_object();
      std::cout << j.str() << std::endl;
      return 0;
    }
    std::cout << "ceiling: arithmetic loop, 1 thread " << fixed(one, 2) << " GFLOP/s, " << threads
              << " threads " << fixed(many, 2) << " GFLOP/s, ratio " << fixed(many / one, 2)
              << std::endl;
    return 0;
  }
  const int steps = std::max(1, a.integer("steps", 30));
  const int warmup = std::max(0, a.integer("warmup", 5));
  // train/step_bench.h: farm-small as ../shared/bench/farm-small.md defines
  // it, or what a training preset trains for the farm set.
  const BenchWorkload w = bench_workload(a.positional[0]);
  if (a.has("compare")) {
    // The kernels before and after issue 12 in one run, alternating three
    // times so both meet the same load; the minimum median of each.
    // Wall time, and the driving thread's CPU time (profile::clock_seconds).
    double before = 1e30, after = 1e30, before_cpu = 1e30, after_cpu = 1e30;
    for (int round = 0; round < 3; ++round) {
      profile::set_reference_kernels(true);
      StepBench r = run_step_bench(w, steps, warmup, false);
      before = std::min(before, r.median_ms), before_cpu = std::min(before_cpu, r.median_cpu_ms);
      profile::set_reference_kernels(false);
      r = run_step_bench(w, steps, warmup, false);
      after = std::min(after, r.median_ms), after_cpu = std::min(after_cpu, r.median_cpu_ms);
    }
    std::cout << w.name << " reference kernels: " << fixed(before, 2) << " ms/step (CPU "
              << fixed(before_cpu, 2) << "), current: " << fixed(after, 2) << " ms/step (CPU "
              << fixed(after_cpu, 2) << "), current / reference = " << fixed(after / before, 3)
              << " (CPU " << fixed(after_cpu / before_cpu, 3) << ")" << std::endl;
  }
  const StepBench b = run_step_bench(w, steps, warmup, a.has("profile"));
  if (a.has("profile")) std::cout << format_profile(b);
  if (a.has("json")) {
    Json j;
    j.begin_object().key("workload").string(w.name).key("threads").integer(num_threads());
    j.key("batch").integer(w.batch).key("steps").integer(steps).key("warmup").integer(warmup);
    j.key("ms_per_step").number(b.median_ms).key("min_ms_per_step").number(b.min_ms);
    j.key("images_per_second").number(w.batch * 1000.0 / b.median_ms);
    j.key("gflops").number(b.gemm_gflop / (b.median_ms / 1000.0)).end_object();
    std::cout << j.str() << std::endl;
    return 0;
  }
  std::cout << "threads: " << num_threads() << ", steps: " << steps << " after " << warmup
            << " warm-up, GFLOP/s: " << fixed(b.gemm_gflop / (b.median_ms / 1000.0), 1)
            << " (" << fixed(b.gemm_gflop, 2) << " GFLOP a step, batch " << w.batch
            << ", minimum " << fixed(b.min_ms, 2) << " ms)" << std::endl;
  std::cout << w.name << ": " << fixed(b.median_ms, 2) << " ms/step, "
            << fixed(w.batch * 1000.0 / b.median_ms, 1) << " images/s" << std::endl;
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

// Fashion-MNIST's recipe chosen by validation accuracy (README,
// "Fashion-MNIST with the new recipe": with flips and 2 px shifts
// convnet-bn3 under-fits in 12 epochs and validates best over 44; erasing
// scored lower): its flags, for those not given on the command line.
Args with_fashion_preset(const Args& given) {
  if (!given.has("preset")) return given;
  const std::string name = given.str("preset", "");
  if (name != "accurate")
    throw UsageError("unknown Fashion-MNIST preset '" + name + "': the one preset is accurate");
  const std::map<std::string, std::string> accurate = {
      {"arch", "convnet-bn3"}, {"optimizer", "adamw"}, {"lr", "0.002"},
      {"weight-decay", "0.05"}, {"label-smoothing", "0.1"}, {"warmup", "1"},
      {"schedule", "cosine"}, {"epochs", "44"}, {"augment", "1"}, {"ema", "0.999"}};
  Args a = given;
  for (const auto& [k, v] : accurate) a.flags.emplace(k, v);  // given flags win
  return a;
}

int cmd_fashion(const Args& given) {
  std::vector<std::string> known = {"arch", "epochs", "batch", "optimizer", "lr", "weight-decay",
                                    "limit", "threads", "out", "seed", "val", "dropout", "augment",
                                    "schedule", "data", "test-limit", "tta", "erase", "ema", "preset"};
  known.insert(known.end(), kRecipeFlags.begin(), kRecipeFlags.end());
  check_flags(given, known);
  const Args a = with_fashion_preset(given);
  set_threads(a);
  const std::string dir = a.str("data", kFashionMnistDir);
  Dataset train = take_first(load_fashion_mnist(dir, true), size_t(a.integer("limit", 0)));
  Dataset test = take_first(load_fashion_mnist(dir, false), size_t(a.integer("test-limit", 0)));
  Model model = Model::preset(a.str("arch", "simple-convnet"), 1, 28, train.classes,
                              float(a.num("dropout", -1)), uint64_t(a.integer("seed", 1)));
  TrainConfig cfg = train_config_from(a, 5, 100, 0.05);
  if (!a.has("augmentation")) cfg.augmentation = AugmentConfig{true, 2, 0.f, 0.f};
  if (a.has("erase")) {
    cfg.augmentation.erase = float(a.num("erase", 0.0));
    if (!(cfg.augmentation.erase >= 0.f && cfg.augmentation.erase <= 1.f))
      throw UsageError("--erase is the chance of erasing a rectangle: give a number in [0, 1], e.g. 0.5");
    cfg.augment = cfg.augment || cfg.augmentation.erase > 0.f;
  }
  cfg.ema = float(a.num("ema", 0.0));
  if (!(cfg.ema >= 0.f && cfg.ema < 1.f))
    throw UsageError("--ema is the weight average's decay per step: give a number in [0, 1), e.g. 0.999");
  std::cout << "fashion-mnist: " << train.count() << " training, " << test.count()
            << " test images; " << model.arch() << ", " << model.parameter_count()
            << " parameters, " << num_threads() << " thread(s)" << std::endl;
  if (given.has("preset")) {
    std::cout << "preset " << given.str("preset", "") << ":";
    for (const auto& [k, v] : a.flags)
      if (k != "preset") std::cout << " --" << k << (v == "1" && (k == "augment" || k == "tta") ? "" : " " + v);
    std::cout << std::endl;
  }
  Trainer trainer(model, train, cfg);
  trainer.fit(nullptr, print_epoch);
  if (a.has("out")) write_file(a.str("out", ""), trainer.save());
  std::vector<int> all(test.count());
  for (size_t i = 0; i < all.size(); ++i) all[i] = int(i);
  const Evaluation ev = evaluate(model, test, all, 200);
  std::cout << "test accuracy: " << fixed(ev.accuracy) << std::endl;
  if (a.has("tta")) {
    // Validation first, with and without the mirror, so that the choice of
    // averaging the mirror's answer is made on validation, not on test.
    if (!trainer.split().val.empty()) {
      const CalibrationReport plain = calibrate(model, train, trainer.split().val, false, false);
      const CalibrationReport mirrored = calibrate(model, train, trainer.split().val, true, false);
      std::cout << "validation accuracy: " << fixed(plain.figures.accuracy)
                << "; photo + mirror: " << fixed(mirrored.figures.accuracy) << std::endl;
    }
    const CalibrationReport r = calibrate(model, test, all, true, false);
    std::cout << "test accuracy (photo + mirror): " << fixed(r.figures.accuracy) << std::endl;
  }
  return 0;
}

std::vector<std::string> split_list(const std::string& s) {
  std::vector<std::string> out;
  std::stringstream in(s);
  std::string item;
  while (std::getline(in, item, ','))
    if (!item.empty()) out.push_back(item);
  return out;
}

// The learning-curve benchmark: for each photos-a-class count, recipe and
// seed, train on that many photos a class (drawn by the seed from the photos
// outside a fixed test set) and report accuracy on the test set: the last
// --test-per-class photos of each class in file order, the same for every
// run. "farm-small" is the old recipe (farm-small, Adam 1e-3, basic
// augmentation, 30 epochs, the last epoch kept); fast, balanced and
// accurate are the presets, chosen from the photos each run trains on, at
// their own image size unless --size is given. The train flags (--epochs,
// --lr, --mixup, --arch, ...) override the presets' values, as they do for
// `train --preset`, so one variant of a preset can be measured against it.
struct CurveData {
  Dataset all;
  std::vector<std::vector<int>> pools;  // per class: the photos runs draw from
  Dataset test;
  std::vector<int> test_all;
};

CurveData load_curve_data(const std::string& dir, int size, int test_per_class) {
  CurveData d;
  LoadReport report;
  d.all = load_image_folder(dir, size, &report);
  const int k = int(d.all.classes.size());
  d.pools.assign(size_t(k), std::vector<int>{});
  for (size_t i = 0; i < d.all.count(); ++i) d.pools[size_t(d.all.labels[i])].push_back(int(i));
  d.test.channels = d.all.channels;
  d.test.size = d.all.size;
  d.test.classes = d.all.classes;
  for (auto& list : d.pools) {
    if (int(list.size()) <= test_per_class)
      throw Error("a class has " + std::to_string(list.size()) + " photos, not more than --test-per-class " +
                  std::to_string(test_per_class));
    for (size_t j = list.size() - size_t(test_per_class); j < list.size(); ++j)
      d.test.add(d.all.image(size_t(list[j])), d.all.labels[size_t(list[j])]);
    list.resize(list.size() - size_t(test_per_class));
  }
  d.test_all.resize(d.test.count());
  for (size_t i = 0; i < d.test_all.size(); ++i) d.test_all[i] = int(i);
  return d;
}

int cmd_learning_curve(const Args& a) {
  std::vector<std::string> known = {"per-class", "seeds", "recipes", "test-per-class", "threads", "size",
                                    "arch", "dropout", "epochs", "batch", "optimizer", "lr",
                                    "weight-decay", "val", "schedule", "patience"};
  known.insert(known.end(), kRecipeFlags.begin(), kRecipeFlags.end());
  check_flags(a, known);
  if (a.positional.size() != 1) throw UsageError("learning-curve needs one DATA_DIR");
  set_threads(a);
  const std::vector<std::string> sizes = split_list(a.str("per-class", "10,20,50,100,all"));
  const std::vector<std::string> seeds = split_list(a.str("seeds", "1,2,3"));
  const std::vector<std::string> recipes = split_list(a.str("recipes", "farm-small,balanced"));
  const int test_per_class = a.integer("test-per-class", 100);
  std::map<int, CurveData> loaded;  // by image size
  auto data_at = [&](int size) -> const CurveData& {
    auto it = loaded.find(size);
    if (it == loaded.end()) it = loaded.emplace(size, load_curve_data(a.positional[0], size, test_per_class)).first;
    return it->second;
  };
  const CurveData& first = data_at(a.integer("size", 64));
  const int k = int(first.all.classes.size());
  std::cout << "learning curve on " << a.positional[0] << ": " << k << " classes, test set "
            << first.test.count() << " photos, " << num_threads() << " thread(s)" << std::endl;
  std::cout << "| photos/class | recipe | seed | px | epochs | kept | test acc | ECE after | seconds |" << std::endl;
  std::cout << "|---|---|---|---|---|---|---|---|---|" << std::endl;
  for (const std::string& n_text : sizes) {
    for (const std::string& recipe : recipes) {
      std::vector<double> accs, secs;
      for (const std::string& seed_text : seeds) {
        const uint64_t seed = std::stoull(seed_text);
        const size_t want = n_text == "all" ? SIZE_MAX : size_t(std::stoi(n_text));
        // The photo count decides the preset before anything is drawn.
        int photos = 0;
        for (const auto& pool : first.pools) photos += int(std::min(pool.size(), want));
        std::string arch = "farm-small";
        float dropout = -1.f;
        int size = 64;
        TrainConfig cfg;
        if (recipe == "farm-small") {
          cfg.epochs = 30;
          cfg.batch = 32;
          cfg.optimizer.name = "adam";
          cfg.optimizer.lr = 1e-3f;
          cfg.val_share = 0.2f;
          cfg.augment = true;
        } else {
          const TrainingPreset p = training_preset(recipe, photos, k);
          arch = a.str("arch", p.arch);
          dropout = float(a.num("dropout", p.dropout));
          size = p.size;
          cfg = preset_overridden(a, p);
        }
        size = a.integer("size", size);
        cfg.seed = seed;
        const CurveData& d = data_at(size);
        Dataset ds;
        ds.channels = d.all.channels;
        ds.size = d.all.size;
        ds.classes = d.all.classes;
        for (int c = 0; c < k; ++c) {
          std::vector<int> pool = d.pools[size_t(c)];
          Rng rng = Rng::derive(seed, kStreamSplit, uint64_t(1000 + c));
          for (size_t i = pool.size(); i > 1; --i) std::swap(pool[i - 1], pool[rng.below(uint32_t(i))]);
          const size_t take = std::min(pool.size(), want);
          for (size_t i = 0; i < take; ++i) ds.add(d.all.image(size_t(pool[i])), c);
        }
        Model model = Model::preset(arch, ds.channels, size, ds.classes, dropout, seed);
        const double t0 = now_seconds();
        Trainer trainer(model, ds, cfg);
        int64_t restored = 0;
        trainer.fit([&](const StepReport& r) { restored = r.restored_epoch; }, nullptr);
        const double dt = now_seconds() - t0;
        const bool modern = recipe != "farm-small";
        if (modern) calibrate(model, ds, trainer.split().val, true, true);
        const CalibrationReport r = calibrate(model, d.test, d.test_all, modern, false);
        accs.push_back(r.figures.accuracy);
        secs.push_back(dt);
        std::cout << "| " << n_text << " | " << recipe << " | " << seed << " | " << size << " | "
                  << cfg.epochs << " | " << (restored > 0 ? std::to_string(restored) : "last") << " | "
                  << fixed(r.figures.accuracy, 3) << " | "
                  << fixed(r.ece_after, 3) << " | " << fixed(dt, 0) << " |" << std::endl;
      }
      double mean = 0, var = 0, mean_s = 0;
      for (size_t i = 0; i < accs.size(); ++i) mean += accs[i] / double(accs.size());
      for (size_t i = 0; i < accs.size(); ++i) var += (accs[i] - mean) * (accs[i] - mean);
      for (double t : secs) mean_s += t / double(secs.size());
      const double sd = accs.size() > 1 ? std::sqrt(var / double(accs.size() - 1)) : 0.0;
      std::cout << "| " << n_text << " | " << recipe << " | mean of " << accs.size() << " |  |  |  | "
                << fixed(mean, 3) << " ± " << fixed(sd, 3) << " |  | " << fixed(mean_s, 0) << " |"
                << std::endl;
    }
  }
  return 0;
}

// Leave-one-class-out measure of the out-of-distribution check against the
// "not sure" rule (train/ood_study.h).
int cmd_ood(const Args& a) {
  check_flags(a, {"holdout", "preset", "fashion", "epochs", "seed", "threads", "fashion-count", "per-class"});
  if (a.positional.size() != 1) throw UsageError("ood needs one DATA_DIR");
  if (!a.has("holdout")) throw UsageError("ood needs --holdout CLASS: the class folder to leave out");
  set_threads(a);
  OodStudyConfig c;
  c.data_dir = a.positional[0];
  c.holdout = a.str("holdout", "");
  c.preset = a.str("preset", "fast");
  c.fashion_dir = a.str("fashion", "");
  c.fashion_count = a.integer("fashion-count", 1000);
  c.epochs = a.integer("epochs", 0);
  c.per_class = a.integer("per-class", 0);
  c.seed = uint64_t(a.integer("seed", 1));
  const OodStudy r = run_ood_study(c, print_epoch);
  std::cout << "ood: " << r.arch << " at " << r.size << " px, " << r.epochs << " epochs; train "
            << r.train_count << ", validation " << r.val_count << " (accuracy "
            << fixed(r.val_accuracy, 3) << "), test " << r.test_count << " (accuracy "
            << fixed(r.test_accuracy, 3) << "), left out '" << c.holdout << "' " << r.holdout_count
            << ", fashion " << r.fashion_count << std::endl;
  std::cout << "not-sure rule (threshold " << fixed(r.not_sure_threshold, 3) << "): flags test "
            << fixed(r.not_sure_known, 3) << ", left out " << fixed(r.not_sure_holdout, 3)
            << ", fashion " << fixed(r.not_sure_fashion, 3) << std::endl;
  for (const OodRule& rule : r.rules)
    std::cout << "rule " << rule.name << " (95% of validation under " << fixed(rule.threshold, 4)
              << "): flags test " << fixed(rule.known_flagged, 3) << ", left out "
              << fixed(rule.holdout_flagged, 3) << " (AUROC " << fixed(rule.holdout_auroc, 3)
              << "), fashion " << fixed(rule.fashion_flagged, 3) << " (AUROC "
              << fixed(rule.fashion_auroc, 3) << ")" << std::endl;
  std::cout << "app (not sure or mahalanobis): flags test " << fixed(r.app_known, 3)
            << ", left out " << fixed(r.app_holdout, 3) << ", fashion " << fixed(r.app_fashion, 3)
            << std::endl;
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
  if (cmd == "--version" || cmd == "version") {
    std::cout << "barnlab " << kBarnlabVersion << " (model file format " << kModelFormatVersion
              << ", ONNX opset " << kOnnxOpset << ")" << std::endl;
    return 0;
  }
  try {
    const Args a = parse_args(argc, argv, 2);
    if (cmd == "train") return cmd_train(a);
    if (cmd == "eval") return cmd_eval(a);
    if (cmd == "predict") return cmd_predict(a);
    if (cmd == "sort") return cmd_sort(a);
    if (cmd == "export") return cmd_export(a);
    if (cmd == "bench") return cmd_bench(a);
    if (cmd == "fashion-mnist") return cmd_fashion(a);
    if (cmd == "learning-curve") return cmd_learning_curve(a);
    if (cmd == "ood") return cmd_ood(a);
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
