// The 2x2 stride-2 max-pool kernels on one plane, shared by MaxPool2D and
// the convolution that pools its own output (run-time fusion, model/fusion.h).
// The argmax is the layer's compact form: per output, the winner's place in
// its window, i * 2 + j. Branch-free so the loops vectorise, for wasm too.
#pragma once

#include <cstddef>
#include <cstdint>

namespace barnlab {

// in: one H x W plane (w = W, any H >= 2 * oh, W >= 2 * ow) -> out, arg: OH x OW.
// A later element wins only when strictly greater (the first maximum in
// row-major order, as MaxPool2D's general path).
void pool2x2(const float* in, int w, int oh, int ow, float* out, uint16_t* arg);
// pool2x2 of max(in, 0) (ReLU then pool, one pass), and positive = out > 0
// unless null: the ReLU passes the window's gradient iff its maximum is > 0.
void relu_pool2x2(const float* in, int w, int oh, int ow, float* out, uint16_t* arg,
                  uint8_t* positive);

// The gradient of pool2x2 where its windows tile the plane (H = 2 OH, W = 2 OW):
// g at each window's argmax, +0 elsewhere.
// g, arg: OH x OW -> out: 2OH x 2OW
void unpool2x2(const float* g, const uint16_t* arg, int oh, int ow, float* out);
// The gradient of relu_pool2x2 at its input, for any H x W plane: as
// unpool2x2 then ReLU's mask (g passes where positive is 1), and where the
// windows do not tile the plane, as MaxPool2D's general path (a zeroed
// plane, 0 + g at the argmax, the rows and columns no window covers at +0).
// g, arg, positive: OH x OW -> out: H x W
void unpool2x2_relu(const float* g, const uint16_t* arg, const uint8_t* positive, int oh,
                    int ow, int h, int w, float* out);

}  // namespace barnlab
