// The one error type of the engine. Every failure a user can cause (a bad
// spec, a shape mismatch, a corrupt model file, an unreadable dataset) is
// thrown as barnlab::Error with a message that says what went wrong and what
// to do. The CLI prints it; the wasm bindings turn it into a JavaScript Error.
#pragma once

#include <stdexcept>
#include <string>

namespace barnlab {

class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& message) : std::runtime_error(message) {}
};

}  // namespace barnlab
