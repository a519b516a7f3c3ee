// Embind bindings of the learning lab (engine/lab/lab.h) as the JavaScript
// class Lab, typed in barnlab.d.ts. Results are JSON text (copied out of
// wasm memory as a JavaScript string), so only conversions live here.
//
// As in bindings.cpp, every call runs inside the guard of wasm/guard.h: a
// C++ exception becomes a JavaScript Error with the engine's message and code.
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <new>
#include <string>
#include <vector>

#include "lab/lab.h"
#include "wasm/guard.h"

using emscripten::val;

namespace {

template <class F>
auto lab_guard(F&& f) -> decltype(f()) {
  return barnlab_wasm::guard(std::forward<F>(f),
                             "out of memory: use smaller settings (fewer points, steps or images)");
}

class JsLab {
 public:
  std::string run(std::string id, std::string params) {
    return lab_guard([&] { return lab_.run(id, params); });
  }
  void setData(std::string name, val bytes) {
    lab_guard([&] {
      const auto b = emscripten::convertJSArrayToNumberVector<uint8_t>(bytes);
      lab_.set_data(name, b.data(), b.size());
    });
  }
  void addPhoto(val bytes, int label, std::string class_name) {
    lab_guard([&] {
      const auto b = emscripten::convertJSArrayToNumberVector<uint8_t>(bytes);
      lab_.add_photo(b.data(), b.size(), label, class_name);
    });
  }
  void clearPhotos() { lab_.clear_photos(); }
  int photoCount() const { return lab_.photo_count(); }

 private:
  barnlab::Lab lab_;
};

}  // namespace

EMSCRIPTEN_BINDINGS(barnlab_lab) {
  emscripten::class_<JsLab>("Lab")
      .constructor<>()
      .function("run", &JsLab::run)
      .function("setData", &JsLab::setData)
      .function("addPhoto", &JsLab::addPhoto)
      .function("clearPhotos", &JsLab::clearPhotos)
      .function("photoCount", &JsLab::photoCount);
}
