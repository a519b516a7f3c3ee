// Barnlab's version, printed by `barnlab --version` and written into
// exported files (ONNX producer_version). Raise it with web/package.json's.
#pragma once

namespace barnlab {

constexpr const char* kBarnlabVersion = "0.1.0";

}  // namespace barnlab
