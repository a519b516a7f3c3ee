// ONNX export: a trained Barnlab model -> a standard ONNX model file (opset
// 13, IR version 7, float32) that ONNX Runtime, PyTorch's onnx tools,
// OpenCV's dnn module or a camera box can run.
//
// The graph takes "pixels": N x C x H x W float32, the photo's values / 255
// (0..1), already resized as Barnlab does it (shorter side to the model's
// size, centre crop; model_input() in model/predict.h). The model's
// normalization is explicit (Sub mean, Div std), then one ONNX node or a few
// per layer, then the calibration temperature (Div) and the loss's
// probability function (Softmax, Sigmoid; none for MSE), to
// "probabilities": N x K, the numbers Barnlab's predict prints. Class names,
// the "not sure" threshold, the temperature and the spec are in the
// model's metadata_props ("classes" is a JSON array of strings).
//
// Why a C++ encoder and not protobufjs with the official onnx.proto: the
// export is needed by the CLI (native, no Node) and the app (wasm) alike,
// and it writes nine message types with five wire forms; interop/protobuf.h
// does that in fifty lines with no generated code and no dependency, and the
// tests check the result with the real parsers (python3-onnx's checker and
// ONNX Runtime).
#pragma once

#include <cstdint>
#include <vector>

#include "model/model.h"

namespace barnlab {

constexpr int kOnnxOpset = 13;
constexpr int kOnnxIrVersion = 7;  // the IR version of opset 13

// Throws Error naming the layer when a layer cannot be written in ONNX
// (an LRN with an even size, whose window ONNX centres differently).
std::vector<uint8_t> export_onnx(Model& model);

}  // namespace barnlab
