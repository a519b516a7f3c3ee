// Run-time fusion: a convolution or BatchNorm followed by a ReLU computes the
// ReLU in its own output pass (forward) and masks the gradient it receives
// (backward), so the activation costs no pass of its own over memory. The
// model file, the Lab's layer lists and ONNX keep the two layers; the ReLU
// layer's mask is written as if it had run. The result is the same, bit for
// bit, as running the layers one by one.
//
// A convolution, its ReLU and a 2x2 stride-2 max-pool after it go further:
// the convolution pools each image's output while it is in cache and
// writes only the pool's output and argmax (Conv2D::fuse_relu_pool_once);
// the full-size output and the ReLU's mask are never written, so the ReLU's
// mask() is empty after such a training forward.
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

// The same for the layers after layer (null past the end): arms layer for
// next and, where the three fuse, for after_next too. Returns how many of
// the two layers after it are to be skipped (0, 1 or 2).
int fuse_following(Layer& layer, Layer* next, Layer* after_next);

}  // namespace barnlab
