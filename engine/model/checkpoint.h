// The model file: everything needed to predict with a trained model and to
// resume its training exactly. docs/model-format.md documents the bytes.
// encode/decode are pure: no model objects, no files, so the same code reads
// files natively and bytes in WebAssembly, and a fuzzer can drive decode().
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/tensor.h"

namespace barnlab {

// Version 2 added the calibration (temperature, threshold); version 1 files
// still load, with temperature 1 and threshold 0. Version 3 adds the
// out-of-distribution statistics (train/ood.h); a model without them is
// still written as version 2, byte for byte as before.
constexpr uint32_t kModelFormatVersion = 3;
constexpr uint32_t kOldestModelFormatVersion = 1;

struct NamedTensor {
  std::string name;
  Tensor value;
};

struct Checkpoint {
  std::string spec;                  // model spec text (model/spec.h)
  std::vector<std::string> classes;  // class names, label order
  int channels = 3, size = 64;       // input images are channels x size x size
  std::vector<float> norm_mean, norm_std;  // per channel
  // Training state, so training resumes exactly.
  std::string optimizer;             // "" when no optimizer state is saved
  std::vector<std::pair<std::string, float>> hyper;  // named hyper-parameters (lr, ...)
  uint64_t seed = 0;
  int64_t epoch = 0;                 // completed epochs
  int64_t step = 0;                  // completed optimizer steps
  std::string history_json;          // reserved: the engine writes it empty and ignores it
  std::vector<NamedTensor> params;   // "<i>.<type>.W", ...
  std::vector<NamedTensor> buffers;  // BatchNorm running statistics
  std::vector<NamedTensor> optimizer_state;  // "<param>/<slot>"
  // Calibration fitted on the validation split (version 2).
  float temperature = 1.f;           // probabilities = softmax(logits / temperature), > 0
  float threshold = 0.f;             // "not sure" below this top probability, 0..1
  // The "looks like none of the classes" statistics as flat floats
  // (train/ood.h's ood_to_floats); empty = none (version 3 when present).
  std::vector<float> ood;
};

std::vector<uint8_t> encode_checkpoint(const Checkpoint& ck);
// Never crashes on any input: a wrong magic, another version, a truncated or
// corrupt file (bad checksum, impossible lengths) throws Error with a message
// saying what is wrong and what to do.
Checkpoint decode_checkpoint(const uint8_t* data, size_t size);

// CRC-32 (IEEE 802.3 polynomial, reflected, as zlib's crc32): the model
// file's checksums. Pass a previous result as crc to continue a running sum.
uint32_t crc32(const uint8_t* data, size_t size, uint32_t crc = 0);

void write_file(const std::string& path, const std::vector<uint8_t>& bytes);  // atomic: temp + rename
std::vector<uint8_t> read_file(const std::string& path);

}  // namespace barnlab
