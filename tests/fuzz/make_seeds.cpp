// Writes the fuzzer's seed corpus: a few valid model files, from the empty
// checkpoint to one with every field. Usage: make_seeds <seed dir>
#include <cstdio>
#include <string>

#include "core/error.h"
#include "model/checkpoint.h"

using namespace barnlab;

static Tensor ramp(Shape s) {
  Tensor t(s);
  for (size_t i = 0; i < t.size(); ++i) t[i] = 0.25f * float(i) - 1.f;
  return t;
}

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s <seed dir>\n", argv[0]);
    return 2;
  }
  const std::string dir = argv[1];
  try {
    Checkpoint empty;
    write_file(dir + "/empty.barnlab", encode_checkpoint(empty));

    Checkpoint small;
    small.spec = "input 1x2x2\naffine 2\nsoftmax\n";
    small.classes = {"no", "yes"};
    small.channels = 1;
    small.size = 2;
    small.params = {{"0.Affine.W", ramp({4, 2, 1, 1})}, {"0.Affine.b", ramp({1, 2, 1, 1})}};
    write_file(dir + "/small.barnlab", encode_checkpoint(small));

    Checkpoint full = small;
    full.channels = 3;
    full.size = 4;
    full.norm_mean = {0.5f, 0.4f, 0.3f};
    full.norm_std = {0.2f, 0.2f, 0.25f};
    full.optimizer = "adam";
    full.hyper = {{"lr", 1e-3f}, {"beta1", 0.9f}, {"beta2", 0.999f}};
    full.seed = 42;
    full.epoch = 3;
    full.step = 120;
    full.history_json = R"([{"epoch":1,"loss":0.7}])";
    full.params = {{"0.Conv2D.W", ramp({2, 3, 3, 3})}, {"0.Conv2D.b", ramp({1, 2, 1, 1})}};
    full.buffers = {{"1.BatchNorm.running_mean", ramp({1, 2, 1, 1})}};
    for (const NamedTensor& p : full.params) {
      full.optimizer_state.push_back({p.name + "/m", ramp(p.value.shape())});
      full.optimizer_state.push_back({p.name + "/v", ramp(p.value.shape())});
    }
    write_file(dir + "/full.barnlab", encode_checkpoint(full));
  } catch (const Error& e) {
    std::fprintf(stderr, "make_seeds: %s\n", e.what());
    return 1;
  }
  return 0;
}
