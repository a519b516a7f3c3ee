// Numerical gradient checking by central differences. It sits above
// layers/ (it drives a Layer's forward and backward) and is part of the
// engine, not only of the tests: the learning lab shows a tiny network's
// numerical gradient beside the one backprop computes.
//
// A layer is checked through the scalar L(x, params) = sum_i y_i * r_i with
// y = forward(x, Train) and r a fixed random probe, so dL/dy = r and
// backward(r) must give dL/dx and the parameter gradients. L is summed in
// double; each element is perturbed by +-h (the step actually taken in float
// is used as the denominator). A loss is checked through its own value.
//
// Elements where the function is not differentiable are skipped: where the
// two one-sided slopes disagree (ReLU at 0, max-pool ties, Step's jump), and,
// when kink_radius > 0, input elements with |x| < kink_radius (e.g. 2h for
// ReLU-like layers, as ggml's grad_expect skips near 0).
//
// The error of an element is |analytic - numerical| / max(|analytic|,
// |numerical|, floor): relative for gradients larger than floor, absolute
// below it, where float rounding of L dominates the numerical estimate.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "layers/layer.h"

namespace barnlab {

struct GradCheckOptions {
  float h = 1e-2f;            // central difference step
  float floor = 1e-2f;        // error is absolute for gradients smaller than this
  float kink_radius = 0.f;    // skip input elements with |x| < kink_radius
  float kink_slope_ratio = 0.5f;  // skip where one-sided slopes differ by more than this, relatively
  uint64_t probe_seed = 7;    // seed of the probe r
};

struct NumericalGradient {
  Tensor grad;                // dL/dv, v's shape
  std::vector<uint8_t> kink;  // 1 where the one-sided slopes disagree
};

// Central differences of f with respect to every element of v (which f reads).
// v is restored afterwards.
NumericalGradient numerical_gradient(Tensor& v, const std::function<double()>& f,
                                     const GradCheckOptions& opt);

// One compared tensor ("x", "conv.W", ...).
struct GradCheckEntry {
  std::string what;
  float max_error = 0.f;  // as defined above
  size_t checked = 0, skipped = 0;
  size_t worst = 0;       // index of the largest error
  float analytic = 0.f, numerical = 0.f;  // at worst
};

// Compares analytic against numerical gradients; skip (optional) marks
// elements to leave out in addition to the numerical kinks.
GradCheckEntry compare_gradients(const std::string& what, const Tensor& analytic,
                                 const NumericalGradient& numerical,
                                 const std::vector<uint8_t>* skip, const GradCheckOptions& opt);

struct GradCheckReport {
  std::vector<GradCheckEntry> entries;
  float max_error() const;
  size_t checked() const;
  size_t skipped() const;
  std::string str() const;  // one line per entry, for test failure messages
};

// Checks dL/dx and every parameter gradient of layer (built and initialised)
// at input x.
GradCheckReport check_layer_gradients(Layer& layer, const Tensor& x,
                                      const GradCheckOptions& opt = {});
// Checks dL/dy of loss at outputs y against targets t.
GradCheckReport check_loss_gradients(Loss& loss, const Tensor& y, const Tensor& t,
                                     const GradCheckOptions& opt = {});

}  // namespace barnlab
