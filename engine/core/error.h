// The one error type of the engine. Every failure a user can cause (a bad
// spec, a shape mismatch, a corrupt model file, an unreadable dataset) is
// thrown as barnlab::Error with a message that says what went wrong and what
// to do. The CLI prints it; the wasm bindings turn it into a JavaScript Error.
//
// The errors a user can meet in the app also carry a stable code (one of
// errc::): the app shows its own translated text for the code and falls back
// to the English message. A code never changes once used; add new ones.
#pragma once

#include <stdexcept>
#include <string>

namespace barnlab {

namespace errc {
inline constexpr const char* kNotModelFile = "not-model-file";
inline constexpr const char* kModelVersion = "model-version";
inline constexpr const char* kModelCorrupt = "model-corrupt";
inline constexpr const char* kModelTruncated = "model-truncated";
inline constexpr const char* kEmptyClass = "empty-class";
inline constexpr const char* kNoTrainingImages = "no-training-images";
inline constexpr const char* kDiverged = "diverged";
inline constexpr const char* kOutOfMemory = "out-of-memory";
inline constexpr const char* kBusy = "busy";
}  // namespace errc

class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& message) : std::runtime_error(message) {}
  // code: one of errc:: (empty: the message is for developers only).
  Error(const char* code, const std::string& message) : std::runtime_error(message), code_(code) {}

  const std::string& code() const { return code_; }

 private:
  std::string code_;
};

}  // namespace barnlab
