// Page 3, activation functions: step, sigmoid, tanh, ReLU and leaky ReLU
// through the engine's own layers (forward for the curve, backward with an
// upstream gradient of 1 for the derivative), and softmax of an editable
// vector: shift invariance and the max-subtracted form that stays finite
// where the naive e^v / sum e^v overflows (1010, 1000, 990).
#pragma once

#include <string>
#include <vector>

namespace barnlab {

class Lab;
class Params;

struct ActivationCurve {
  std::string name;
  std::vector<float> y, dy;
};
// points evenly spaced values from lo to hi; alpha is the leaky ReLU slope.
std::vector<ActivationCurve> activation_curves(const std::vector<float>& x, float alpha);

struct SoftmaxDemo {
  std::vector<float> v, softmax, shifted, softmax_shifted, naive;
  float sum = 0, max_shift_difference = 0;
  bool naive_finite = true;
};
SoftmaxDemo softmax_demo(const std::vector<float>& v, float shift);

std::string lab_activation_curves(Lab& lab, Params& params);
std::string lab_activation_softmax(Lab& lab, Params& params);

}  // namespace barnlab
