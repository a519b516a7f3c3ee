// The learning lab: every page of the research notebook as an experiment
// computed by the engine. One entry point, run(id, params): params is the
// page's URL-hash settings ("lr=0.1&steps=30", see lab/params.h), the result
// JSON text (lab/json.h). Ids and their settings and result fields are
// listed in docs/lab-api.md; the table of ids is lab/registry.cpp.
//
// Each experiment is a plain function from a settings struct to a result
// struct (one small file per page, e.g. lab/gradient_descent.h) plus a
// runner that reads Params into the settings and writes the result as JSON.
// Stateful experiments (mlp2d.start / mlp2d.step) keep their state in the
// Lab under a key. Data the browser supplies (a Fashion-MNIST subset, farm
// photos) is held here too, for the pages that need real images.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/error.h"
#include "data/dataset.h"

namespace barnlab {

class Lab;
class Params;

// Reads its settings from params (calling params.finish() before it changes
// any state) and returns the result as JSON text.
using LabRunner = std::string (*)(Lab& lab, Params& params);

struct LabExperiment {
  const char* id;  // "gd.path"
  LabRunner run;
};
// Every experiment, in notebook order (lab/registry.cpp).
const std::vector<LabExperiment>& lab_experiments();

// State a stateful experiment keeps between calls.
struct LabState {
  virtual ~LabState() = default;
};

class Lab {
 public:
  Lab();
  ~Lab();

  // Runs one experiment. Throws Error for an unknown id (listing the known
  // ones) or a bad setting (naming the key and its range).
  std::string run(const std::string& id, const std::string& params);
  static std::vector<std::string> ids();

  // Named data from the browser. "fashion": N records of 784 pixels (28 x 28,
  // row-major, 0 = background) followed by one label byte 0..9.
  void set_data(const std::string& name, const uint8_t* bytes, size_t size);
  bool has_data(const std::string& name) const;
  // The data set given as name; Error saying to call setData if missing.
  const Dataset& data(const std::string& name) const;

  // A farm photo (encoded JPEG/PNG, checked by decoding) of class `label`
  // named class_name. Labels are 0..K-1; a label's name must stay the same.
  // Label -1 adds a look-only photo (the user's own, pages 16-17): it can be
  // shown and looked at by index but is never trained on.
  void add_photo(const uint8_t* bytes, size_t size, int label, const std::string& class_name);
  void clear_photos();
  int photo_count() const { return int(photos_.size()); }
  const std::vector<std::string>& photo_classes() const { return photo_classes_; }
  // The labelled photos (look-only ones left out) decoded and resized to
  // size x size with channels 1 or 3 (cached per format). Error saying to
  // add photos if there are none.
  const Dataset& photos(int size, int channels);
  // One photo's encoded bytes, as given.
  const std::vector<uint8_t>& photo_bytes(int index) const;
  int photo_label(int index) const;  // -1 for a look-only photo

  // State of a stateful experiment under key. state<T>() throws Error
  // saying to call `start_id` first when there is none (or of another type).
  void set_state(const std::string& key, std::unique_ptr<LabState> state);
  template <class T>
  T& state(const std::string& key, const std::string& start_id) {
    const auto it = states_.find(key);
    T* s = it == states_.end() ? nullptr : dynamic_cast<T*>(it->second.get());
    if (!s) throw Error("lab " + key + ": nothing started yet: run " + start_id + " first");
    return *s;
  }

 private:
  std::map<std::string, Dataset> data_;
  struct Photo {
    std::vector<uint8_t> bytes;
    int label;
  };
  std::vector<Photo> photos_;
  std::vector<std::string> photo_classes_;
  std::map<std::pair<int, int>, Dataset> photo_cache_;
  std::map<std::string, std::unique_ptr<LabState>> states_;
};

}  // namespace barnlab
