#include "check/gradcheck.h"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "core/error.h"

namespace barnlab {

NumericalGradient numerical_gradient(Tensor& v, const std::function<double()>& f,
                                     const GradCheckOptions& opt) {
  NumericalGradient out{Tensor(v.shape()), std::vector<uint8_t>(v.size(), 0)};
  const double f0 = f();
  for (size_t i = 0; i < v.size(); ++i) {
    const float x = v[i];
    const float xp = x + opt.h, xm = x - opt.h;
    v[i] = xp;
    const double fp = f();
    v[i] = xm;
    const double fm = f();
    v[i] = x;
    out.grad[i] = float((fp - fm) / (double(xp) - double(xm)));
    const double right = (fp - f0) / (double(xp) - double(x));
    const double left = (f0 - fm) / (double(x) - double(xm));
    const double scale = std::max({std::fabs(right), std::fabs(left), double(opt.floor)});
    out.kink[i] = std::fabs(right - left) > opt.kink_slope_ratio * scale;
  }
  return out;
}

GradCheckEntry compare_gradients(const std::string& what, const Tensor& analytic,
                                 const NumericalGradient& numerical,
                                 const std::vector<uint8_t>* skip, const GradCheckOptions& opt) {
  if (analytic.size() != numerical.grad.size())
    throw Error("gradcheck " + what + ": analytic gradient " + analytic.shape().str() +
                " vs numerical " + numerical.grad.shape().str());
  GradCheckEntry e;
  e.what = what;
  for (size_t i = 0; i < analytic.size(); ++i) {
    if (numerical.kink[i] || (skip && (*skip)[i])) {
      ++e.skipped;
      continue;
    }
    ++e.checked;
    const float a = analytic[i], n = numerical.grad[i];
    const float denom = std::max({std::fabs(a), std::fabs(n), opt.floor});
    const float err = std::fabs(a - n) / denom;
    if (!(err <= e.max_error)) {  // NaN counts as worst
      e.max_error = std::isnan(err) ? INFINITY : err;
      e.worst = i;
      e.analytic = a;
      e.numerical = n;
    }
  }
  return e;
}

float GradCheckReport::max_error() const {
  float m = 0.f;
  for (const auto& e : entries) m = std::max(m, e.max_error);
  return m;
}

size_t GradCheckReport::checked() const {
  size_t n = 0;
  for (const auto& e : entries) n += e.checked;
  return n;
}

size_t GradCheckReport::skipped() const {
  size_t n = 0;
  for (const auto& e : entries) n += e.skipped;
  return n;
}

std::string GradCheckReport::str() const {
  std::ostringstream s;
  for (const auto& e : entries)
    s << e.what << ": max error " << e.max_error << " at [" << e.worst << "] analytic "
      << e.analytic << " numerical " << e.numerical << " (" << e.checked << " checked, "
      << e.skipped << " skipped)\n";
  return s.str();
}

GradCheckReport check_layer_gradients(Layer& layer, const Tensor& x_in,
                                      const GradCheckOptions& opt) {
  Tensor x = x_in;
  Tensor y = layer.forward(x, Mode::Train);
  Tensor probe(y.shape());
  Rng rng(opt.probe_seed);
  for (float& v : probe.values()) v = rng.normal();

  const std::vector<Param*> params = layer.params();
  for (Param* p : params) p->grad.fill(0.f);
  const Tensor dx = layer.backward(probe);
  std::vector<Tensor> analytic;
  for (Param* p : params) analytic.push_back(p->grad);

  auto objective = [&]() {
    const Tensor out = layer.forward(x, Mode::Train);
    double sum = 0;
    for (size_t i = 0; i < out.size(); ++i) sum += double(out[i]) * probe[i];
    return sum;
  };

  GradCheckReport report;
  std::vector<uint8_t> near_zero(x.size(), 0);
  if (opt.kink_radius > 0.f)
    for (size_t i = 0; i < x.size(); ++i) near_zero[i] = std::fabs(x[i]) < opt.kink_radius;
  report.entries.push_back(
      compare_gradients("x", dx, numerical_gradient(x, objective, opt), &near_zero, opt));
  for (size_t k = 0; k < params.size(); ++k)
    report.entries.push_back(compare_gradients(
        params[k]->name, analytic[k], numerical_gradient(params[k]->value, objective, opt),
        nullptr, opt));
  return report;
}

GradCheckReport check_loss_gradients(Loss& loss, const Tensor& y_in, const Tensor& t,
                                     const GradCheckOptions& opt) {
  Tensor y = y_in;
  loss.forward(y, t);
  const Tensor dy = loss.backward();
  auto objective = [&]() { return double(loss.forward(y, t)); };
  GradCheckReport report;
  report.entries.push_back(
      compare_gradients("y", dy, numerical_gradient(y, objective, opt), nullptr, opt));
  return report;
}

}  // namespace barnlab
