// Page 6, convex and non-convex: gradient descent (engine SGD) and momentum
// (engine Momentum) from one start point on a convex bowl, a surface with
// two minima ((x^2 - 1)^2 + 0.3 x + y^2: global near x = -1.04, local near
// x = 0.96) and the saddle x^2 - y^2; the surface sampled on a grid for the
// contour plot. From (1.5, 0.5) with lr 0.05, plain descent stops in the
// local minimum and momentum 0.9 carries past the ridge to the global one;
// from just off the saddle's axis descent crawls near (0, 0) for many steps.
#pragma once

#include <string>
#include <vector>

namespace barnlab {

class Lab;
class Params;

struct SurfaceMinimum {
  double x, y, f;
};
// Minima of the named surface (none for the saddle), found by Newton's
// method from the analytic derivative, for the plot's markers.
std::vector<SurfaceMinimum> surface_minima(const std::string& name);

std::string lab_surface_paths(Lab& lab, Params& params);

}  // namespace barnlab
