// Page 5, gradient descent and the learning rate: f = x0^2 + x1^2 from
// (-3, 4) with the engine's SGD optimizer; the path, f along it, and the
// gradient field around it. lr 0.1 converges, 10 diverges, 1e-10 does not
// move (in float, -3 - 1e-10 * -6 rounds back to -3).
#pragma once

#include <string>

namespace barnlab {

class Lab;
class Params;

std::string lab_gd_path(Lab& lab, Params& params);

}  // namespace barnlab
