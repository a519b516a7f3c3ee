// Embind bindings: the Session façade (engine/app/session.h) as the
// JavaScript class Engine, typed by barnlab.d.ts. Only conversions live here.
//
// Every call runs inside guard() (wasm/guard.h, shared with lab_bindings.cpp),
// which turns a C++ exception into a JavaScript Error with its message and code.
// Results are copied out of wasm memory (views die when memory grows).
#include <emscripten/bind.h>
#include <emscripten/heap.h>
#include <emscripten/val.h>

#include <algorithm>
#include <new>
#include <string>
#include <vector>

#include "app/session.h"
#include "core/error.h"
#include "interop/onnx.h"
#include "model/checkpoint.h"
#include "ops/parallel.h"
#include "train/step_bench.h"
#include "train/finite.h"
#include "wasm/guard.h"

using emscripten::val;
using namespace barnlab;

namespace {

template <class F>
auto guard(F&& f) -> decltype(f()) {
  return barnlab_wasm::guard(std::forward<F>(f),
                             "out of memory: use fewer or smaller images, or a smaller model");
}

std::vector<uint8_t> bytes_of(const val& array) {
  return emscripten::convertJSArrayToNumberVector<uint8_t>(array);
}

// Interleaved pixels, checked against their stated size.
std::vector<uint8_t> pixels_of(const val& array, int width, int height, int channels) {
  std::vector<uint8_t> px = bytes_of(array);
  const size_t want = size_t(std::max(width, 0)) * size_t(std::max(height, 0)) * size_t(std::max(channels, 0));
  if (px.size() != want)
    throw Error("image buffer has " + std::to_string(px.size()) + " bytes, expected " +
                std::to_string(want));
  return px;
}

val float32_copy(const std::vector<float>& v) {
  return val(emscripten::typed_memory_view(v.size(), v.data())).call<val>("slice");
}

// A JavaScript array of v's elements (strings, numbers, value_objects).
template <class T>
val array_of(const std::vector<T>& v) {
  val a = val::array();
  for (size_t i = 0; i < v.size(); ++i) a.set(i, val(v[i]));
  return a;
}

std::vector<std::string> strings_of(const val& a) {
  std::vector<std::string> out;
  const unsigned n = a["length"].as<unsigned>();
  for (unsigned i = 0; i < n; ++i) out.push_back(a[i].as<std::string>());
  return out;
}

// The objects crossing to JavaScript, as value_objects (fields as in
// barnlab.d.ts). 64-bit counts become doubles: this Embind has no BigInt;
// arrays and the optional epoch figures are JavaScript values (val).
struct JsTrainPlan {
  int trainCount = 0, valCount = 0;
  double stepsPerEpoch = 0, totalSteps = 0;
};

struct JsEpochFigures {
  double epoch = 0;
  float trainLoss = 0, trainAcc = 0, valLoss = 0, valAcc = 0;
};

struct JsStepReport {
  double step = 0, totalSteps = 0, epoch = 0;
  float loss = 0;
  double imagesPerSecond = 0;
  val epochEnded = val::null();  // a JsEpochFigures when the call ended an epoch
  bool finished = false, stoppedEarly = false;
};

struct JsEvaluation {
  float accuracy = 0, loss = 0;
  int count = 0;
  val confusion = val::null(), perClass = val::null(), misclassified = val::null();
  float accuracyLow = 0, accuracyHigh = 0;
  val confused = val::null();
  float eceBefore = 0, eceAfter = 0, temperature = 1, threshold = 0;
  bool oodCheck = false;
  float oodThreshold = 0, oodFlagged = 0;
};

struct JsPrediction {
  val probabilities = val::null();
  int top1 = 0, top2 = 0;
  bool notSure = false;
  bool unfamiliar = false;
  float distance = 0;
};

struct JsPresetConfig {
  std::string preset, arch;
  int size = 0;
  float dropout = -1;
  val train = val::null();
};

struct JsModelInfo {
  std::string arch;
  val classes = val::null();
  int size = 0, channels = 0;
  double epochs = 0, parameters = 0;
  std::string summary;
  float temperature = 1, threshold = 0;
  bool oodCheck = false;
  float oodThreshold = 0;
};

// One field of a value_object: its JavaScript name and the member.
template <class T, class V>
std::pair<const char*, V T::*> field(const char* name, V T::*member) {
  return {name, member};
}

// Registers T as a plain JavaScript object with these fields.
template <class T, class... V>
void object_type(const char* name, std::pair<const char*, V T::*>... fields) {
  emscripten::value_object<T> o(name);
  (o.field(fields.first, fields.second), ...);
}

JsModelInfo info_js(const ModelInfo& m) {
  return JsModelInfo{m.arch,    array_of(m.classes),  m.size,        m.channels, double(m.epochs),
                     double(m.parameters), m.summary, m.temperature, m.threshold,
                     m.ood_check, m.ood_threshold};
}

JsPrediction prediction_js(const SessionPrediction& p) {
  return JsPrediction{float32_copy(p.probabilities), p.top1, p.top2, p.not_sure, p.unfamiliar,
                      p.distance};
}

// A TrainConfig as a plain JavaScript object (every field set).
val train_config_js(const SessionTrainConfig& c) {
  val o = val::object();
  o.set("epochs", c.epochs);
  o.set("batch", c.batch);
  o.set("optimizer", c.optimizer);
  o.set("lr", c.lr);
  o.set("weightDecay", c.weight_decay);
  o.set("valShare", c.val_share);
  o.set("seed", double(c.seed));
  o.set("augment", c.augment);
  o.set("schedule", c.schedule);
  o.set("patience", c.patience);
  o.set("augmentation", c.augmentation);
  o.set("labelSmoothing", c.label_smoothing);
  o.set("mixup", c.mixup);
  o.set("warmupEpochs", c.warmup_epochs);
  o.set("restoreBest", c.restore_best);
  return o;
}

template <class T>
T read(const val& o, const char* key, T fallback) {
  const val v = o[key];
  return v.isUndefined() || v.isNull() ? fallback : v.as<T>();
}

class Engine {
 public:
  void setImageFormat(int size, int channels) {
    guard([&] { session_.set_image_format(size, channels); });
  }
  int addImage(val pixels, int width, int height, int channels, int label) {
    return guard([&] {
      const auto px = pixels_of(pixels, width, height, channels);
      return session_.add_image(px.data(), width, height, channels, label);
    });
  }
  int addEncodedImage(val bytes, int label) {
    return guard([&] {
      const auto b = bytes_of(bytes);
      return session_.add_encoded_image(b.data(), b.size(), label);
    });
  }
  void removeImage(int index) { guard([&] { session_.remove_image(index); }); }
  void clearImages() { guard([&] { session_.clear_images(); }); }
  int imageCount() { return session_.image_count(); }
  void reserveImages(int count) { guard([&] { session_.reserve_images(count); }); }
  int imageCapacity() { return session_.image_capacity(); }

  JsModelInfo createModel(std::string arch, std::string spec, val classes, int size, float dropout) {
    return guard([&] {
      return info_js(session_.create_model(arch, spec, strings_of(classes), size, dropout));
    });
  }
  bool hasModel() { return session_.has_model(); }
  JsModelInfo modelInfo() { return guard([&] { return info_js(session_.model_info()); }); }

  JsTrainPlan beginTraining(val c) {
    return guard([&] {
      SessionTrainConfig cfg;
      cfg.epochs = read<int>(c, "epochs", cfg.epochs);
      cfg.batch = read<int>(c, "batch", cfg.batch);
      cfg.optimizer = read<std::string>(c, "optimizer", cfg.optimizer);
      cfg.lr = read<float>(c, "lr", cfg.lr);
      cfg.weight_decay = read<float>(c, "weightDecay", cfg.weight_decay);
      cfg.val_share = read<float>(c, "valShare", cfg.val_share);
      cfg.seed = uint64_t(read<double>(c, "seed", 1));
      cfg.augment = read<bool>(c, "augment", cfg.augment);
      cfg.schedule = read<std::string>(c, "schedule", cfg.schedule);
      cfg.patience = read<int>(c, "patience", cfg.patience);
      cfg.augmentation = read<std::string>(c, "augmentation", cfg.augmentation);
      cfg.label_smoothing = read<float>(c, "labelSmoothing", cfg.label_smoothing);
      cfg.mixup = read<float>(c, "mixup", cfg.mixup);
      cfg.warmup_epochs = read<int>(c, "warmupEpochs", cfg.warmup_epochs);
      cfg.restore_best = read<bool>(c, "restoreBest", cfg.restore_best);
      const TrainPlan p = session_.begin_training(cfg);
      return JsTrainPlan{p.train_count, p.val_count, double(p.steps_per_epoch),
                         double(p.total_steps)};
    });
  }
  JsStepReport trainSteps(int max_steps) {
    return guard([&] {
      const SessionStep s = session_.train_steps(max_steps);
      const StepReport& r = s.report;
      const EpochReport& e = r.epoch_report;
      JsStepReport o;
      o.step = double(r.step);
      o.totalSteps = double(r.total_steps);
      o.epoch = double(r.epoch);
      o.loss = r.loss;
      o.imagesPerSecond = s.images_per_second;
      if (r.epoch_ended)
        o.epochEnded = val(JsEpochFigures{double(e.epoch), e.train_loss, e.train_acc, e.val_loss, e.val_acc});
      o.finished = r.finished;
      o.stoppedEarly = r.stopped_early;
      return o;
    });
  }
  void endTraining() { guard([&] { session_.end_training(); }); }
  bool isTraining() { return session_.is_training(); }

  double measureStepTime(std::string arch, int channels, int size, int batch, int steps) {
    return guard([&] { return session_.measure_step_time(arch, channels, size, batch, steps); });
  }

  JsEvaluation evaluate() {
    return guard([&] {
      const SessionEvaluation ev = session_.evaluate();
      val confusion = val::array();
      for (size_t i = 0; i < ev.figures.confusion.size(); ++i)
        confusion.set(i, val::array(ev.figures.confusion[i]));
      return JsEvaluation{ev.figures.accuracy, ev.figures.loss, int(ev.figures.labels.size()),
                          confusion, array_of(ev.per_class), array_of(ev.misclassified),
                          ev.accuracy_low, ev.accuracy_high, array_of(ev.confused),
                          ev.ece_before, ev.ece_after, ev.temperature, ev.threshold,
                          ev.ood_check, ev.ood_threshold, ev.ood_flagged};
    });
  }
  JsPrediction classify(val pixels, int width, int height, int channels, bool tta) {
    return guard([&] {
      const auto px = pixels_of(pixels, width, height, channels);
      return prediction_js(session_.classify(px.data(), width, height, channels, tta));
    });
  }
  JsPrediction classifyEncoded(val bytes, bool tta) {
    return guard([&] {
      const auto b = bytes_of(bytes);
      return prediction_js(session_.classify_encoded(b.data(), b.size(), tta));
    });
  }
  val saliency(val pixels, int width, int height, int channels, int class_index) {
    return guard([&] {
      const auto px = pixels_of(pixels, width, height, channels);
      return float32_copy(session_.saliency(px.data(), width, height, channels, class_index));
    });
  }
  val saliencyOfImage(int index, int class_index) {
    return guard([&] { return float32_copy(session_.saliency_of_image(index, class_index)); });
  }
  val predict(val pixels, int width, int height, int channels) {
    return guard([&] {
      const auto px = pixels_of(pixels, width, height, channels);
      return float32_copy(session_.predict(px.data(), width, height, channels));
    });
  }
  val predictEncoded(val bytes) {
    return guard([&] {
      const auto b = bytes_of(bytes);
      return float32_copy(session_.predict_encoded(b.data(), b.size()));
    });
  }
  val exportModel() {
    return guard([&] {
      const std::vector<uint8_t> b = session_.export_model();
      return val(emscripten::typed_memory_view(b.size(), b.data())).call<val>("slice");
    });
  }
  JsModelInfo importModel(val bytes) {
    return guard([&] {
      const auto b = bytes_of(bytes);
      return info_js(session_.import_model(b.data(), b.size()));
    });
  }

 private:
  Session session_;
};

// A model file's bytes -> the ONNX model's bytes (interop/onnx.h), for the
// Models screen's "Download as ONNX"; the training session is not touched.
val onnxFromModel(val bytes) {
  return guard([&] {
    const auto b = bytes_of(bytes);
    Model model = Model::load(b.data(), b.size());
    require_finite(model, "export the model");
    const std::vector<uint8_t> onnx = export_onnx(model);
    return val(emscripten::typed_memory_view(onnx.size(), onnx.data())).call<val>("slice");
  });
}

std::string version() {
  return "barnlab 0.1.0 (model format " + std::to_string(kModelFormatVersion) + ")";
}
// The engine's preset architectures (Model::preset_names), for the app's choices.
val architectures() { return array_of(Model::preset_names()); }
val presets() { return array_of(std::vector<std::string>{"fast", "balanced", "accurate"}); }
JsPresetConfig presetConfig(std::string preset, int photo_count, int class_count) {
  return guard([&] {
    const PresetChoice p = preset_config(preset, photo_count, class_count);
    return JsPresetConfig{p.preset, p.arch, p.size, p.dropout, train_config_js(p.train)};
  });
}
bool simd() {
#ifdef __wasm_simd128__
  return true;
#else
  return false;
#endif
}
int threads() { return hardware_threads(); }
void setThreads(int n) { set_num_threads(n); }
// Bytes of wasm memory now reserved (it only grows), for the memory figures.
double memoryBytes() { return double(emscripten_get_heap_size()); }
// `barnlab bench <workload> --profile` in wasm, for the browser bench: the
// per-layer table of train/step_bench.h, ending with the step against its GEMMs.
std::string benchProfile(std::string workload, int steps, int warmup) {
  return guard([&] {
    return format_profile(run_step_bench(bench_workload(workload), std::max(1, steps),
                                         std::max(0, warmup), true));
  });
}

// The machine's own parallel ceiling in this runtime (train/step_bench.h):
// G operations/s of a trivially parallel arithmetic loop on `threads` threads.
double arithmeticThroughput(int threads) {
  const double gops = arithmetic_throughput(threads);
  set_num_threads(1);
  return gops;
}

}  // namespace

EMSCRIPTEN_BINDINGS(barnlab) {
  object_type("TrainPlan", field("trainCount", &JsTrainPlan::trainCount),
              field("valCount", &JsTrainPlan::valCount),
              field("stepsPerEpoch", &JsTrainPlan::stepsPerEpoch),
              field("totalSteps", &JsTrainPlan::totalSteps));
  object_type("EpochFigures", field("epoch", &JsEpochFigures::epoch),
              field("trainLoss", &JsEpochFigures::trainLoss),
              field("trainAcc", &JsEpochFigures::trainAcc), field("valLoss", &JsEpochFigures::valLoss),
              field("valAcc", &JsEpochFigures::valAcc));
  object_type("StepReport", field("step", &JsStepReport::step),
              field("totalSteps", &JsStepReport::totalSteps), field("epoch", &JsStepReport::epoch),
              field("loss", &JsStepReport::loss),
              field("imagesPerSecond", &JsStepReport::imagesPerSecond),
              field("epochEnded", &JsStepReport::epochEnded),
              field("finished", &JsStepReport::finished),
              field("stoppedEarly", &JsStepReport::stoppedEarly));
  object_type("Evaluation", field("accuracy", &JsEvaluation::accuracy),
              field("loss", &JsEvaluation::loss), field("count", &JsEvaluation::count),
              field("confusion", &JsEvaluation::confusion), field("perClass", &JsEvaluation::perClass),
              field("misclassified", &JsEvaluation::misclassified),
              field("accuracyLow", &JsEvaluation::accuracyLow),
              field("accuracyHigh", &JsEvaluation::accuracyHigh),
              field("confused", &JsEvaluation::confused), field("eceBefore", &JsEvaluation::eceBefore),
              field("eceAfter", &JsEvaluation::eceAfter),
              field("temperature", &JsEvaluation::temperature),
              field("threshold", &JsEvaluation::threshold),
              field("oodCheck", &JsEvaluation::oodCheck),
              field("oodThreshold", &JsEvaluation::oodThreshold),
              field("oodFlagged", &JsEvaluation::oodFlagged));
  object_type("Prediction", field("probabilities", &JsPrediction::probabilities),
              field("top1", &JsPrediction::top1), field("top2", &JsPrediction::top2),
              field("notSure", &JsPrediction::notSure),
              field("unfamiliar", &JsPrediction::unfamiliar),
              field("distance", &JsPrediction::distance));
  object_type("PresetConfig", field("preset", &JsPresetConfig::preset),
              field("arch", &JsPresetConfig::arch), field("size", &JsPresetConfig::size),
              field("dropout", &JsPresetConfig::dropout), field("train", &JsPresetConfig::train));
  object_type("ConfusedPair", field("actual", &ConfusedPair::actual),
              field("predicted", &ConfusedPair::predicted), field("count", &ConfusedPair::count));
  object_type("ModelInfo", field("arch", &JsModelInfo::arch), field("classes", &JsModelInfo::classes),
              field("size", &JsModelInfo::size), field("channels", &JsModelInfo::channels),
              field("epochs", &JsModelInfo::epochs), field("parameters", &JsModelInfo::parameters),
              field("summary", &JsModelInfo::summary),
              field("temperature", &JsModelInfo::temperature),
              field("threshold", &JsModelInfo::threshold),
              field("oodCheck", &JsModelInfo::oodCheck),
              field("oodThreshold", &JsModelInfo::oodThreshold));
  object_type("ClassFigures", field("name", &ClassFigures::name),
              field("precision", &ClassFigures::precision), field("recall", &ClassFigures::recall),
              field("count", &ClassFigures::count));
  object_type("Misclassified", field("index", &Misclassified::index),
              field("label", &Misclassified::label), field("predicted", &Misclassified::predicted),
              field("probability", &Misclassified::probability));
  emscripten::class_<Engine>("Engine")
      .constructor<>()
      .function("setImageFormat", &Engine::setImageFormat)
      .function("addImage", &Engine::addImage)
      .function("addEncodedImage", &Engine::addEncodedImage)
      .function("removeImage", &Engine::removeImage)
      .function("clearImages", &Engine::clearImages)
      .function("reserveImages", &Engine::reserveImages)
      .function("imageCapacity", &Engine::imageCapacity)
      .function("imageCount", &Engine::imageCount)
      .function("createModel", &Engine::createModel)
      .function("hasModel", &Engine::hasModel)
      .function("modelInfo", &Engine::modelInfo)
      .function("beginTraining", &Engine::beginTraining)
      .function("trainSteps", &Engine::trainSteps)
      .function("endTraining", &Engine::endTraining)
      .function("isTraining", &Engine::isTraining)
      .function("measureStepTime", &Engine::measureStepTime)
      .function("evaluate", &Engine::evaluate)
      .function("predict", &Engine::predict)
      .function("predictEncoded", &Engine::predictEncoded)
      .function("classify", &Engine::classify)
      .function("classifyEncoded", &Engine::classifyEncoded)
      .function("saliency", &Engine::saliency)
      .function("saliencyOfImage", &Engine::saliencyOfImage)
      .function("exportModel", &Engine::exportModel)
      .function("importModel", &Engine::importModel);
  emscripten::function("version", &version);
  emscripten::function("onnxFromModel", &onnxFromModel);
  emscripten::function("architectures", &architectures);
  emscripten::function("presets", &presets);
  emscripten::function("presetConfig", &presetConfig);
  emscripten::function("simd", &simd);
  emscripten::function("threads", &threads);
  emscripten::function("setThreads", &setThreads);
  emscripten::function("memoryBytes", &memoryBytes);
  emscripten::function("benchProfile", &benchProfile);
  emscripten::function("arithmeticThroughput", &arithmeticThroughput);
}
