// load_image_folder: DIR/<class>/<image files> into a Dataset. Files are
// listed and sorted first, then decoded and resized in parallel into fixed
// slots, then taken in order, so the result never depends on threads.
#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <system_error>
#include <vector>

#include "core/error.h"
#include "data/dataset.h"
#include "ops/parallel.h"

namespace barnlab {
namespace {

namespace fs = std::filesystem;

bool is_image_name(const std::string& name) {
  if (name.empty() || name[0] == '.') return false;
  const size_t dot = name.rfind('.');
  if (dot == std::string::npos) return false;
  std::string ext = name.substr(dot + 1);
  for (char& ch : ext) ch = char(std::tolower(static_cast<unsigned char>(ch)));
  return ext == "jpg" || ext == "jpeg" || ext == "png" || ext == "bmp" || ext == "gif";
}

// Sorted names of the entries of dir that pass keep(entry).
template <class Keep>
std::vector<std::string> list_sorted(const fs::path& dir, Keep keep) {
  std::error_code ec;
  std::vector<std::string> names;
  fs::directory_iterator it(dir, ec), end;
  for (; !ec && it != end; it.increment(ec)) {
    if (keep(*it)) names.push_back(it->path().filename().string());
  }
  if (ec) throw Error("cannot list '" + dir.string() + "': " + ec.message());
  std::sort(names.begin(), names.end());
  return names;
}

// Like load_image_file, but the message is only the reason: the caller
// names the file.
std::vector<uint8_t> read_resized(const std::string& path, int size, int channels) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error("cannot open the file");
  const std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)),
                                   std::istreambuf_iterator<char>());
  if (in.bad()) throw Error("cannot read the file");
  return resize_square(decode_image(bytes.data(), bytes.size()), size, channels);
}

struct Decoded {
  std::vector<uint8_t> chw;
  std::string error;
};

void decode_all(const std::vector<std::string>& paths, int size, int channels,
                std::vector<Decoded>& out) {
  out.assign(paths.size(), Decoded{});
  parallel_for(int(paths.size()), [&](int begin, int end) {
    for (int i = begin; i < end; ++i) {
      try {
        out[i].chw = read_resized(paths[i], size, channels);
      } catch (const std::exception& e) {
        out[i].error = e.what();
      }
    }
  });
}

}  // namespace

std::vector<int> count_image_files(const std::string& dir, int max_per_class) {
  const auto classes = list_sorted(fs::path(dir), [](const fs::directory_entry& e) {
    std::error_code err;
    const std::string name = e.path().filename().string();
    return !name.empty() && name[0] != '.' && e.is_directory(err);
  });
  std::vector<int> counts;
  for (const auto& c : classes) {
    const auto files = list_sorted(fs::path(dir) / c, [](const fs::directory_entry& e) {
      std::error_code err;
      return is_image_name(e.path().filename().string()) && !e.is_directory(err);
    });
    const int n = int(files.size());
    counts.push_back(max_per_class > 0 ? std::min(n, max_per_class) : n);
  }
  return counts;
}

Dataset load_image_folder(const std::string& dir, int size, LoadReport* report,
                          int max_per_class) {
  if (size < 1 || size > 4096) throw Error("image size must be 1 to 4096 pixels, not " + std::to_string(size));
  std::error_code ec;
  if (!fs::is_directory(dir, ec))
    throw Error("data directory '" + dir +
                "' does not exist: give a folder with one sub-folder per class");
  Dataset ds;
  ds.channels = 3;
  ds.size = size;
  ds.classes = list_sorted(dir, [](const fs::directory_entry& e) {
    std::error_code err;
    const std::string name = e.path().filename().string();
    return !name.empty() && name[0] != '.' && e.is_directory(err);
  });
  if (ds.classes.size() < 2)
    throw Error("data directory '" + dir + "' has " + std::to_string(ds.classes.size()) +
                " class folder" + (ds.classes.size() == 1 ? "" : "s") +
                ": give at least two sub-folders, one per class, each holding its photos");

  std::vector<Decoded> decoded;
  for (size_t label = 0; label < ds.classes.size(); ++label) {
    const fs::path class_dir = fs::path(dir) / ds.classes[label];
    const auto files = list_sorted(class_dir, [](const fs::directory_entry& e) {
      std::error_code err;
      return is_image_name(e.path().filename().string()) && !e.is_directory(err);
    });
    // With a limit, decode only as many as are still missing, window by
    // window, so a large folder is not decoded in full for a few images.
    size_t next = 0;
    int kept = 0;
    while (next < files.size() && (max_per_class <= 0 || kept < max_per_class)) {
      const size_t want = max_per_class > 0 ? size_t(max_per_class - kept) : files.size();
      const size_t stop = std::min(files.size(), next + want);
      std::vector<std::string> paths;
      for (size_t i = next; i < stop; ++i) paths.push_back((class_dir / files[i]).string());
      decode_all(paths, size, ds.channels, decoded);
      for (size_t i = 0; i < paths.size(); ++i) {
        if (decoded[i].error.empty()) {
          ds.add(decoded[i].chw.data(), int(label));
          ++kept;
        } else if (report) {
          report->warnings.push_back("skipped " + paths[i] + ": " + decoded[i].error);
        }
      }
      next = stop;
    }
    if (kept == 0)
      throw Error("class folder '" + class_dir.string() +
                  "' has no readable images: add photos or remove the folder");
  }
  return ds;
}

}  // namespace barnlab
