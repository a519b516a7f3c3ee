// JSON shapes the CNN pages share: a grid as an array of rows, a picture as
// { "w", "h", "c", "values" } (planar, row-major).
#pragma once

#include "lab/conv_steps.h"
#include "lab/json.h"
#include "lab/picture.h"

namespace barnlab {

inline Json& write_grid(Json& j, const Grid& g) {
  j.begin_array();
  for (const auto& row : g) j.numbers(row);
  return j.end_array();
}

inline Json& write_picture(Json& j, const Picture& p) {
  j.begin_object();
  j.key("w").integer(p.w).key("h").integer(p.h).key("c").integer(p.c);
  j.key("values").numbers(p.values);
  return j.end_object();
}

}  // namespace barnlab
