#include "train/ood_study.h"

#include <algorithm>

#include "core/error.h"
#include "model/predict.h"
#include "train/calibration.h"
#include "train/ood.h"
#include "train/presets.h"

namespace barnlab {

namespace {

// Calibrated top probability and penultimate features of ds[indices], both
// with test-time augmentation (photo and mirror), as the app checks photos.
struct Scores {
  std::vector<float> top;  // calibrated top probability
  Tensor features;
};

Scores score(Model& model, const Dataset& ds, const std::vector<int>& indices) {
  Scores s;
  s.features = dataset_features(model, ds, indices, true);
  const int k = model.num_classes();
  Tensor x;
  std::vector<int> labels;
  for (size_t begin = 0; begin < indices.size(); begin += 32) {
    const size_t end = std::min(indices.size(), begin + 32);
    make_batch(ds, indices, begin, end, model.normalization(), nullptr, nullptr, x, labels);
    const Tensor p = calibrated_probabilities(model, predict_outputs(model, x, true));
    for (int i = 0; i < p.shape().n; ++i)
      s.top.push_back(*std::max_element(p.data() + size_t(i) * k, p.data() + size_t(i + 1) * k));
  }
  return s;
}

std::vector<int> all_of(const Dataset& ds) {
  std::vector<int> v(ds.count());
  for (size_t i = 0; i < v.size(); ++i) v[i] = int(i);
  return v;
}

std::vector<float> negated(const std::vector<float>& v) {
  std::vector<float> out;
  for (float x : v) out.push_back(-x);
  return out;
}

// Fashion-MNIST test pictures (28 px grey) resized and replicated to the
// model's size and three channels, as a photo of them would arrive.
Dataset fashion_as_photos(const std::string& dir, int count, int size) {
  const Dataset f = load_fashion_mnist(dir, false);
  Dataset out;
  out.channels = 3;
  out.size = size;
  out.classes = {"fashion"};
  for (size_t i = 0; i < f.count() && int(i) < count; ++i) {
    Image img;
    img.width = img.height = f.size;
    img.channels = 1;
    img.pixels.assign(f.image(i), f.image(i) + f.image_bytes());
    out.add(resize_square(img, size, 3).data(), 0);
  }
  return out;
}

}  // namespace

OodStudy run_ood_study(const OodStudyConfig& c,
                       const std::function<void(const EpochReport&)>& on_epoch) {
  std::vector<int> counts = count_image_files(c.data_dir, c.per_class);
  int photos = 0;
  for (int n : counts) photos += n;
  // The preset the app would pick for the known classes only.
  const int known_classes = int(counts.size()) - 1;
  TrainingPreset preset = training_preset(c.preset, photos * known_classes / int(counts.size()),
                                          known_classes);
  TrainConfig cfg = preset.train;
  cfg.seed = c.seed;
  if (c.epochs > 0) cfg.epochs = c.epochs;

  const Dataset all = load_image_folder(c.data_dir, preset.size, nullptr, c.per_class);
  const auto it = std::find(all.classes.begin(), all.classes.end(), c.holdout);
  if (it == all.classes.end())
    throw Error("no class folder named '" + c.holdout + "' in " + c.data_dir + ": name one to leave out");
  const int held = int(it - all.classes.begin());

  Dataset known, unknown;
  known.channels = unknown.channels = all.channels;
  known.size = unknown.size = all.size;
  for (int k = 0; k < int(all.classes.size()); ++k)
    if (k != held) known.classes.push_back(all.classes[size_t(k)]);
  unknown.classes = {c.holdout};
  for (size_t i = 0; i < all.count(); ++i) {
    const int l = all.labels[i];
    if (l == held) unknown.add(all.image(i), 0);
    else known.add(all.image(i), l > held ? l - 1 : l);
  }
  // A test part of the known classes that neither training nor any
  // threshold sees; the trainer splits the rest into training and validation.
  const Split parts = stratified_split(known.labels, known_classes, 0.2f, c.seed + 1000);
  Dataset dev, test;
  dev.channels = test.channels = known.channels;
  dev.size = test.size = known.size;
  dev.classes = test.classes = known.classes;
  for (int i : parts.train) dev.add(known.image(size_t(i)), known.labels[size_t(i)]);
  for (int i : parts.val) test.add(known.image(size_t(i)), known.labels[size_t(i)]);

  Model model = Model::preset(preset.arch, dev.channels, dev.size, dev.classes, preset.dropout, cfg.seed);
  Trainer trainer(model, dev, cfg);
  trainer.fit([](const StepReport&) {}, on_epoch);
  const Split& split = trainer.split();

  OodStudy r;
  r.arch = preset.arch;
  r.size = preset.size;
  r.epochs = cfg.epochs;
  r.train_count = int(split.train.size());
  r.val_count = int(split.val.size());
  r.test_count = int(test.count());
  r.holdout_count = int(unknown.count());
  const CalibrationReport cal = calibrate(model, dev, split.val, true, true);
  r.val_accuracy = cal.figures.accuracy;
  r.not_sure_threshold = model.calibration().threshold;
  r.test_accuracy = calibrate(model, test, all_of(test), true, false).figures.accuracy;

  const Scores train_s = score(model, dev, split.train);
  const Scores val_s = score(model, dev, split.val);
  const Scores test_s = score(model, test, all_of(test));
  const Scores hold_s = score(model, unknown, all_of(unknown));
  Scores fash_s;
  if (!c.fashion_dir.empty()) {
    const Dataset fashion = fashion_as_photos(c.fashion_dir, c.fashion_count, dev.size);
    r.fashion_count = int(fashion.count());
    fash_s = score(model, fashion, all_of(fashion));
  }
  auto below = [&](const std::vector<float>& top) {
    size_t n = 0;
    for (float p : top) n += p < r.not_sure_threshold;
    return top.empty() ? 0.f : float(double(n) / double(top.size()));
  };
  r.not_sure_known = below(test_s.top);
  r.not_sure_holdout = below(hold_s.top);
  r.not_sure_fashion = below(fash_s.top);

  std::vector<int> train_labels;
  for (int i : split.train) train_labels.push_back(dev.labels[size_t(i)]);
  auto add_rule = [&](const std::string& name, const std::vector<float>& val,
                      const std::vector<float>& tst, const std::vector<float>& hold,
                      const std::vector<float>& fash) {
    OodRule rule;
    rule.name = name;
    rule.threshold = quantile_threshold(val, c.keep);
    rule.known_flagged = share_above(tst, rule.threshold);
    rule.holdout_flagged = share_above(hold, rule.threshold);
    rule.fashion_flagged = share_above(fash, rule.threshold);
    rule.holdout_auroc = auroc(tst, hold);
    rule.fashion_auroc = auroc(tst, fash);
    r.rules.push_back(rule);
  };
  // The top probability as a score: larger = less like the classes.
  add_rule("max-probability", negated(val_s.top), negated(test_s.top), negated(hold_s.top),
           negated(fash_s.top));
  std::vector<std::vector<float>> maha;  // val, test, left out, fashion
  for (OodKind kind : {OodKind::kMahalanobis, OodKind::kCosine}) {
    const OodStats st = fit_ood(train_s.features, train_labels, known_classes, kind);
    const auto dist = [&](const Scores& s) {
      return s.features.size() == 0 ? std::vector<float>{} : ood_distances(st, s.features);
    };
    add_rule(kind == OodKind::kMahalanobis ? "mahalanobis" : "cosine", dist(val_s), dist(test_s),
             dist(hold_s), dist(fash_s));
    if (kind == OodKind::kMahalanobis) maha = {dist(val_s), dist(test_s), dist(hold_s), dist(fash_s)};
  }
  // Both at once: a photo's score is the larger of its two ranks among the
  // validation photos (the share of them it is stranger than), so the one
  // threshold still flags 5% of the validation photos.
  const std::vector<float> mp_val = negated(val_s.top);
  const auto ranked = [&](const std::vector<float>& top, const std::vector<float>& dist) {
    std::vector<float> out;
    for (size_t i = 0; i < top.size(); ++i)
      out.push_back(std::max(auroc(mp_val, {-top[i]}), auroc(maha[0], {dist[i]})));
    return out;
  };
  add_rule("max-probability or mahalanobis", ranked(val_s.top, maha[0]), ranked(test_s.top, maha[1]),
           ranked(hold_s.top, maha[2]), ranked(fash_s.top, maha[3]));
  // What the app does when it ships the check: "not sure" below its fitted
  // threshold, or farther than the Mahalanobis threshold.
  const float maha_threshold = r.rules[1].threshold;
  auto either = [&](const std::vector<float>& top, const std::vector<float>& dist) {
    size_t n = 0;
    for (size_t i = 0; i < top.size(); ++i) n += top[i] < r.not_sure_threshold || dist[i] > maha_threshold;
    return top.empty() ? 0.f : float(double(n) / double(top.size()));
  };
  r.app_known = either(test_s.top, maha[1]);
  r.app_holdout = either(hold_s.top, maha[2]);
  r.app_fashion = either(fash_s.top, maha[3]);
  return r;
}

}  // namespace barnlab
