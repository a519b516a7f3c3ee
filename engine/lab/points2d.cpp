#include "lab/points2d.h"

#include <cmath>

#include "core/error.h"
#include "core/rng.h"

namespace barnlab {

namespace {
constexpr float kPi = 3.14159265358979f;
}

const std::vector<std::string>& point_set_names() {
  static const std::vector<std::string> names = {"xor", "circles", "spirals", "gaussians"};
  return names;
}

Tensor Points2D::batch(const std::vector<int>& order, size_t begin, size_t end,
                       std::vector<int>* labels_out) const {
  Tensor x(Shape{int(end - begin), 2, 1, 1});
  if (labels_out) labels_out->clear();
  for (size_t i = begin; i < end; ++i) {
    const int k = order[i];
    x[2 * (i - begin)] = xy[2 * k];
    x[2 * (i - begin) + 1] = xy[2 * k + 1];
    if (labels_out) labels_out->push_back(labels[k]);
  }
  return x;
}

Points2D make_points(const std::string& kind, int n, float noise, uint64_t seed) {
  if (n < 2) throw Error("point set: n must be at least 2");
  Rng rng(seed * 7919 + 17);
  // Every draw is its own statement: the order of evaluation of function
  // arguments differs between compilers (GCC natively, Clang in wasm).
  Points2D p;
  auto add = [&](float x, float y, int label) {
    p.xy.push_back(x);
    p.xy.push_back(y);
    p.labels.push_back(label);
  };
  for (int i = 0; i < n; ++i) {
    const int label = i % 2;
    if (kind == "xor") {
      // Quadrants: class 1 where x and y have opposite signs; points keep a
      // margin of 0.1 from the axes, which noise can cross.
      float x = rng.uniform(0.1f, 1.2f);
      float y = rng.uniform(0.1f, 1.2f);
      if (rng.uniform() < 0.5f) x = -x;
      if ((x < 0) != (label == 1)) y = -y;
      const float nx = rng.normal(), ny = rng.normal();
      add(x + noise * 0.5f * nx, y + noise * 0.5f * ny, label);
    } else if (kind == "circles") {
      // Class 0 inside radius 0.5, class 1 in the ring 0.8..1.2.
      const float r = label == 0 ? 0.5f * std::sqrt(rng.uniform()) : rng.uniform(0.8f, 1.2f);
      const float a = rng.uniform(0.f, 2 * kPi);
      const float nx = rng.normal(), ny = rng.normal();
      add(r * std::cos(a) + noise * 0.3f * nx, r * std::sin(a) + noise * 0.3f * ny, label);
    } else if (kind == "spirals") {
      // Two interleaved arms of 1.5 turns, radius growing to 1.3.
      const float t = rng.uniform();
      const float r = 0.1f + 1.2f * t, a = 3 * kPi * t + label * kPi;
      const float nx = rng.normal(), ny = rng.normal();
      add(r * std::cos(a) + noise * 0.25f * nx, r * std::sin(a) + noise * 0.25f * ny, label);
    } else if (kind == "gaussians") {
      const float c = label == 0 ? -0.6f : 0.6f, s = 0.25f + 0.25f * noise;
      const float nx = rng.normal(), ny = rng.normal();
      add(c + s * nx, c + s * ny, label);
    } else {
      throw Error("no point set \"" + kind + "\": use xor, circles, spirals or gaussians");
    }
  }
  return p;
}

}  // namespace barnlab
