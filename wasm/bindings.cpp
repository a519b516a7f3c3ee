// Embind bindings: the Session façade (engine/app/session.h) as the
// JavaScript class Engine, typed by barnlab.d.ts. Only conversions live here.
//
// Every call runs inside guard(): a C++ exception is caught here, its message
// kept, the C++ frames unwound, and only then a JavaScript Error thrown, so
// JavaScript never sees a bare exception pointer and the module stays usable.
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
#include "ops/parallel.h"

using emscripten::val;
using namespace barnlab;

namespace {

[[noreturn]] void throw_js(const std::string& message) {
  val::global("Error").new_(message).throw_();
}

template <class F>
auto guard(F&& f) -> decltype(f()) {
  static std::string message;
  try {
    return f();
  } catch (const std::bad_alloc&) {
    message = "out of memory: use fewer or smaller images, or a smaller model";
  } catch (const std::exception& e) {
    message = e.what();
  } catch (...) {
    message = "unexpected engine failure";
  }
  throw_js(message);
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

val strings(const std::vector<std::string>& v) {
  val a = val::array();
  for (size_t i = 0; i < v.size(); ++i) a.set(i, v[i]);
  return a;
}

std::vector<std::string> strings_of(const val& a) {
  std::vector<std::string> out;
  const unsigned n = a["length"].as<unsigned>();
  for (unsigned i = 0; i < n; ++i) out.push_back(a[i].as<std::string>());
  return out;
}

val info_js(const ModelInfo& m) {
  val o = val::object();
  o.set("arch", m.arch);
  o.set("classes", strings(m.classes));
  o.set("size", m.size);
  o.set("channels", m.channels);
  o.set("epochs", double(m.epochs));
  o.set("parameters", double(m.parameters));
  o.set("summary", m.summary);
  return o;
}

template <class T>
T field(const val& o, const char* key, T fallback) {
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

  val createModel(std::string arch, std::string spec, val classes, int size, float dropout) {
    return guard([&] {
      return info_js(session_.create_model(arch, spec, strings_of(classes), size, dropout));
    });
  }
  bool hasModel() { return session_.has_model(); }
  val modelInfo() { return guard([&] { return info_js(session_.model_info()); }); }

  val beginTraining(val c) {
    return guard([&] {
      SessionTrainConfig cfg;
      cfg.epochs = field<int>(c, "epochs", cfg.epochs);
      cfg.batch = field<int>(c, "batch", cfg.batch);
      cfg.optimizer = field<std::string>(c, "optimizer", cfg.optimizer);
      cfg.lr = field<float>(c, "lr", cfg.lr);
      cfg.weight_decay = field<float>(c, "weightDecay", cfg.weight_decay);
      cfg.val_share = field<float>(c, "valShare", cfg.val_share);
      cfg.seed = uint64_t(field<double>(c, "seed", 1));
      cfg.augment = field<bool>(c, "augment", cfg.augment);
      cfg.schedule = field<std::string>(c, "schedule", cfg.schedule);
      cfg.patience = field<int>(c, "patience", cfg.patience);
      const TrainPlan p = session_.begin_training(cfg);
      val o = val::object();
      o.set("trainCount", p.train_count);
      o.set("valCount", p.val_count);
      o.set("stepsPerEpoch", double(p.steps_per_epoch));
      o.set("totalSteps", double(p.total_steps));
      return o;
    });
  }
  val trainSteps(int max_steps) {
    return guard([&] {
      const SessionStep s = session_.train_steps(max_steps);
      const StepReport& r = s.report;
      val o = val::object();
      o.set("step", double(r.step));
      o.set("totalSteps", double(r.total_steps));
      o.set("epoch", double(r.epoch));
      o.set("loss", r.loss);
      o.set("imagesPerSecond", s.images_per_second);
      o.set("finished", r.finished);
      o.set("stoppedEarly", r.stopped_early);
      if (r.epoch_ended) {
        val e = val::object();
        e.set("epoch", double(r.epoch_report.epoch));
        e.set("trainLoss", r.epoch_report.train_loss);
        e.set("trainAcc", r.epoch_report.train_acc);
        e.set("valLoss", r.epoch_report.val_loss);
        e.set("valAcc", r.epoch_report.val_acc);
        o.set("epochEnded", e);
      } else {
        o.set("epochEnded", val::null());
      }
      return o;
    });
  }
  void endTraining() { guard([&] { session_.end_training(); }); }
  bool isTraining() { return session_.is_training(); }

  val evaluate() {
    return guard([&] {
      const SessionEvaluation ev = session_.evaluate();
      val o = val::object();
      o.set("accuracy", ev.figures.accuracy);
      o.set("loss", ev.figures.loss);
      o.set("count", int(ev.figures.labels.size()));
      val confusion = val::array();
      for (size_t i = 0; i < ev.figures.confusion.size(); ++i)
        confusion.set(i, val::array(ev.figures.confusion[i]));
      o.set("confusion", confusion);
      val per = val::array();
      for (size_t i = 0; i < ev.per_class.size(); ++i) {
        val c = val::object();
        c.set("name", ev.per_class[i].name);
        c.set("precision", ev.per_class[i].precision);
        c.set("recall", ev.per_class[i].recall);
        c.set("count", ev.per_class[i].count);
        per.set(i, c);
      }
      o.set("perClass", per);
      val wrong = val::array();
      for (size_t i = 0; i < ev.misclassified.size(); ++i) {
        val m = val::object();
        m.set("index", ev.misclassified[i].index);
        m.set("label", ev.misclassified[i].label);
        m.set("predicted", ev.misclassified[i].predicted);
        m.set("probability", ev.misclassified[i].probability);
        wrong.set(i, m);
      }
      o.set("misclassified", wrong);
      return o;
    });
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
  val importModel(val bytes) {
    return guard([&] {
      const auto b = bytes_of(bytes);
      return info_js(session_.import_model(b.data(), b.size()));
    });
  }

 private:
  Session session_;
};

std::string version() { return "barnlab 0.1.0 (model format 1)"; }
// The engine's preset architectures (Model::preset_names), for the app's choices.
val architectures() { return strings(Model::preset_names()); }
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

}  // namespace

EMSCRIPTEN_BINDINGS(barnlab) {
  emscripten::class_<Engine>("Engine")
      .constructor<>()
      .function("setImageFormat", &Engine::setImageFormat)
      .function("addImage", &Engine::addImage)
      .function("addEncodedImage", &Engine::addEncodedImage)
      .function("removeImage", &Engine::removeImage)
      .function("clearImages", &Engine::clearImages)
      .function("imageCount", &Engine::imageCount)
      .function("createModel", &Engine::createModel)
      .function("hasModel", &Engine::hasModel)
      .function("modelInfo", &Engine::modelInfo)
      .function("beginTraining", &Engine::beginTraining)
      .function("trainSteps", &Engine::trainSteps)
      .function("endTraining", &Engine::endTraining)
      .function("isTraining", &Engine::isTraining)
      .function("evaluate", &Engine::evaluate)
      .function("predict", &Engine::predict)
      .function("predictEncoded", &Engine::predictEncoded)
      .function("exportModel", &Engine::exportModel)
      .function("importModel", &Engine::importModel);
  emscripten::function("version", &version);
  emscripten::function("architectures", &architectures);
  emscripten::function("simd", &simd);
  emscripten::function("threads", &threads);
  emscripten::function("setThreads", &setThreads);
  emscripten::function("memoryBytes", &memoryBytes);
}
