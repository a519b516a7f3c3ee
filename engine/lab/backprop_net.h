// Page 8, the chain rule and backpropagation on the notebook's own network:
// inputs x1..x3, hidden h1, h2, outputs o1, o2, sigmoid everywhere,
// E = 1/2 ((o1 - t1)^2 + (o2 - t2)^2), with
//   z_h1 = w1 x1 + w3 x2 + w5 x3 + b1    z_h2 = w2 x1 + w4 x2 + w6 x3 + b2
//   z_o1 = w7 h1 + w9 h2 + b3            z_o2 = w8 h1 + w10 h2 + b4
// The notebook's numbering is the engine Affine layout (W: inputs x outputs,
// row-major): w1..w6 are the first Affine's W, w7..w10 the second's. Forward
// and backprop run through the engine's Affine, Sigmoid and MSELoss layers;
// the numerical gradient is check/'s central differences of E written out
// from the formulas above in double (h = 1e-3), so the two agree to about
// 1e-9, far below the 1e-6 the page promises. One update step is the
// engine's SGD.
#pragma once

#include <array>
#include <string>

namespace barnlab {

class Lab;
class Params;

struct BackpropNet {
  std::array<float, 3> x{0.5f, 0.1f, 0.8f};
  std::array<float, 10> w{0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f, 0.7f, 0.8f, 0.9f, 1.0f};
  std::array<float, 4> b{0.1f, 0.1f, 0.2f, 0.2f};
  std::array<float, 2> t{0.1f, 0.9f};
};

struct BackpropResult {
  float z_h[2], h[2], z_o[2], o[2], E;
  std::array<float, 14> backprop{}, numerical{};  // dE/d(w1..w10, b1..b4)
  float max_difference = 0;
  float delta_o[2], delta_h[2];                     // dE/dz at each node
  std::array<float, 14> updated{};                  // after one SGD step
  float E_after = 0;
};
BackpropResult backprop_net(const BackpropNet& net, float lr);

std::string lab_backprop_net(Lab& lab, Params& params);

}  // namespace barnlab
