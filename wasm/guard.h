// The one error guard of the Embind layer (bindings.cpp's Engine and
// lab_bindings.cpp's Lab): every call from JavaScript runs inside guard().
// A C++ exception is caught here, its message (and the engine's stable code,
// engine/core/error.h, if any) kept, the C++ frames unwound, and only then a
// JavaScript Error thrown, so JavaScript never sees a bare exception pointer
// and the module stays usable. The Error gets the code as `code`, so the app
// can show its own translated text.
#pragma once

#include <emscripten/val.h>

#include <new>
#include <string>
#include <utility>

#include "core/error.h"

namespace barnlab_wasm {

[[noreturn]] inline void throw_js(const std::string& message, const std::string& code) {
  emscripten::val error = emscripten::val::global("Error").new_(message);
  if (!code.empty()) error.set("code", code);
  error.throw_();
  __builtin_unreachable();
}

// Runs f(); out_of_memory is the message for std::bad_alloc (say what to make smaller).
template <class F>
auto guard(F&& f, const char* out_of_memory) -> decltype(f()) {
  // Static: the JavaScript throw below skips C++ destructors, so local strings would leak.
  static std::string message;
  static std::string code;
  code.clear();
  try {
    return std::forward<F>(f)();
  } catch (const std::bad_alloc&) {
    message = out_of_memory;
    code = barnlab::errc::kOutOfMemory;
  } catch (const barnlab::Error& e) {
    message = e.what();
    code = e.code();
  } catch (const std::exception& e) {
    message = e.what();
  } catch (...) {
    message = "unexpected engine failure";
  }
  throw_js(message, code);
}

}  // namespace barnlab_wasm
