// A picture as the lab pages draw it: floats, planar c x h x w, row-major
// (photos, feature maps, filters, saliency maps). Written to JSON by
// lab/json_pictures.h as { "w", "h", "c", "values" }.
#pragma once

#include <vector>

namespace barnlab {

struct Picture {
  int w = 0, h = 0, c = 1;
  std::vector<float> values;
};

}  // namespace barnlab
