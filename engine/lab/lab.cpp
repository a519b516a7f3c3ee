#include "lab/lab.h"

#include "lab/params.h"

namespace barnlab {

Lab::Lab() = default;
Lab::~Lab() = default;

std::vector<std::string> Lab::ids() {
  std::vector<std::string> out;
  for (const auto& e : lab_experiments()) out.push_back(e.id);
  return out;
}

std::string Lab::run(const std::string& id, const std::string& params) {
  for (const auto& e : lab_experiments()) {
    if (id != e.id) continue;
    Params p(id, params);
    std::string result = e.run(*this, p);
    p.finish();
    return result;
  }
  std::string known;
  for (const auto& e : lab_experiments()) known += (known.empty() ? "" : ", ") + std::string(e.id);
  throw Error("lab: no experiment '" + id + "': the experiments are " + known);
}

void Lab::set_data(const std::string& name, const uint8_t* bytes, size_t size) {
  if (name != "fashion")
    throw Error("lab: no data set '" + name + "': the lab takes \"fashion\"");
  constexpr size_t kRecord = 28 * 28 + 1;
  if (size == 0 || size % kRecord != 0)
    throw Error("lab: fashion data has " + std::to_string(size) + " bytes, not a whole number of " +
                std::to_string(kRecord) +
                "-byte records (784 pixels + 1 label): prepare it with web/scripts/prepare-lab.mjs");
  Dataset ds;
  ds.channels = 1;
  ds.size = 28;
  for (int k = 0; k < 10; ++k) ds.classes.push_back(std::to_string(k));
  ds.pixels.reserve(size / kRecord * 784);
  for (size_t r = 0; r < size / kRecord; ++r) {
    const uint8_t* rec = bytes + r * kRecord;
    if (rec[784] > 9)
      throw Error("lab: fashion record " + std::to_string(r) + " has label " +
                  std::to_string(rec[784]) + ": labels are 0..9");
    ds.add(rec, rec[784]);
  }
  data_[name] = std::move(ds);
}

bool Lab::has_data(const std::string& name) const { return data_.count(name) > 0; }

const Dataset& Lab::data(const std::string& name) const {
  const auto it = data_.find(name);
  if (it == data_.end())
    throw Error("lab: no " + name + " data yet: call setData(\"" + name + "\", bytes) first");
  return it->second;
}

void Lab::add_photo(const uint8_t* bytes, size_t size, int label, const std::string& class_name) {
  if (label < -1 || label > 255)
    throw Error("lab: photo label " + std::to_string(label) +
                ": use 0..255, or -1 for a look-only photo");
  if (label == -1) {
    decode_image(bytes, size);  // throws a readable Error for a bad file
    photos_.push_back({std::vector<uint8_t>(bytes, bytes + size), -1});
    return;
  }
  if (label < int(photo_classes_.size()) && photo_classes_[label] != class_name)
    throw Error("lab: label " + std::to_string(label) + " is class '" + photo_classes_[label] +
                "', not '" + class_name + "': give each class one label");
  decode_image(bytes, size);  // throws a readable Error for a bad file
  if (label >= int(photo_classes_.size())) photo_classes_.resize(label + 1);
  photo_classes_[label] = class_name;
  photos_.push_back({std::vector<uint8_t>(bytes, bytes + size), label});
  photo_cache_.clear();
}

void Lab::clear_photos() {
  photos_.clear();
  photo_classes_.clear();
  photo_cache_.clear();
}

const Dataset& Lab::photos(int size, int channels) {
  if (photos_.empty()) throw Error("lab: no photos yet: add farm photos with addPhoto first");
  if (size < 8 || size > 512 || (channels != 1 && channels != 3))
    throw Error("lab: photos of " + std::to_string(size) + " px and " + std::to_string(channels) +
                " channels: use 8..512 px and 1 or 3 channels");
  const auto key = std::make_pair(size, channels);
  auto it = photo_cache_.find(key);
  if (it != photo_cache_.end()) return it->second;
  Dataset ds;
  ds.channels = channels;
  ds.size = size;
  ds.classes = photo_classes_;
  for (const auto& p : photos_) {
    if (p.label < 0) continue;  // look-only
    const Image img = decode_image(p.bytes.data(), p.bytes.size());
    ds.add(resize_square(img, size, channels).data(), p.label);
  }
  if (ds.count() == 0)
    throw Error("lab: only look-only photos yet: add farm photos with a class label (0..255) first");
  return photo_cache_[key] = std::move(ds);
}

const std::vector<uint8_t>& Lab::photo_bytes(int index) const {
  if (index < 0 || index >= int(photos_.size()))
    throw Error("lab: no photo " + std::to_string(index) + ": there are " +
                std::to_string(photos_.size()));
  return photos_[index].bytes;
}

int Lab::photo_label(int index) const {
  photo_bytes(index);  // checks the index
  return photos_[size_t(index)].label;
}

void Lab::set_state(const std::string& key, std::unique_ptr<LabState> state) {
  states_[key] = std::move(state);
}

}  // namespace barnlab
