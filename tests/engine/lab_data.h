// Data the lab tests share, loaded once per test run: Fashion-MNIST's test
// split (10 000 records, the smaller file) standing in for the records the
// browser gives the Lab, and the farm photos directory.
#pragma once

#include <string>

#include "data/dataset.h"

namespace barnlab::test {

inline const Dataset& lab_fashion() {
  static const Dataset ds = load_fashion_mnist(kFashionMnistDir, false);
  return ds;
}

inline std::string farm_photos_dir() { return std::string(BARNLAB_SHARED_DATA) + "/farm-animals-6"; }

}  // namespace barnlab::test
