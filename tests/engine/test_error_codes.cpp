// The stable codes of the errors a user can meet in the app (core/error.h):
// the app translates them, the CLI keeps the English message.
#include <catch2/catch.hpp>

#include <cstdint>
#include <string>
#include <vector>

#include "core/error.h"
#include "model/checkpoint.h"

using namespace barnlab;

namespace {

std::string code_of(const std::vector<uint8_t>& bytes) {
  try {
    decode_checkpoint(bytes.data(), bytes.size());
  } catch (const Error& e) {
    return e.code();
  }
  return "(no error)";
}

}  // namespace

TEST_CASE("model file errors carry a code the app can translate", "[error]") {
  CHECK(code_of({'{', '}'}) == errc::kNotModelFile);
  CHECK(code_of({'B', 'A', 'R'}) == errc::kModelTruncated);
  const std::vector<uint8_t> v3 = {'B', 'A', 'R', 'N', 'L', 'A', 'B', 0x1a, 9, 0, 0, 0};  // a future version
  CHECK(code_of(v3) == errc::kModelVersion);
  std::vector<uint8_t> damaged = v3;
  damaged[8] = 1;  // the right version, then a header whose checksum cannot match
  damaged.resize(64, 0xAB);
  CHECK(code_of(damaged) == errc::kModelCorrupt);
}

TEST_CASE("an error without a code keeps its message and an empty code", "[error]") {
  const Error plain("for developers");
  CHECK(plain.code().empty());
  CHECK(std::string(plain.what()) == "for developers");
  const Error coded(errc::kDiverged, "training diverged");
  CHECK(coded.code() == "diverged");
  CHECK(std::string(coded.what()) == "training diverged");
}
