// Run-time fusion: a convolution or BatchNorm followed by a ReLU computes the
// ReLU in its own output pass (forward) and masks the gradient it receives
// (backward), so the activation costs no pass of its own over memory. The
// model file, the Lab's layer lists and ONNX keep the two layers; the ReLU
// layer's mask is written as if it had run. The result is the same, bit for
// bit, as running the layers one by one.
#pragma once

namespace barnlab {

class Layer;

// On by default. Off, or with the reference kernels (ops/profile.h), every
// layer runs by itself; tests and `barnlab bench` compare the two.
void set_runtime_fusion(bool on);
bool runtime_fusion();

// When fusion applies to the pair (layer, next), arms layer to compute next
// in its next forward() and returns true; next is then to be skipped in
// that forward and in the backward after it.
bool fuse_relu_after(Layer& layer, Layer* next);

}  // namespace barnlab
