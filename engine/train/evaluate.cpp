#include "train/evaluate.h"

#include <algorithm>
#include <limits>

namespace barnlab {

Evaluation evaluate(Model& model, const Dataset& ds, const std::vector<int>& indices, int batch) {
  const int k = model.num_classes();
  Evaluation ev;
  Tensor x;
  std::vector<int> labels;
  double loss_sum = 0;
  for (size_t begin = 0; begin < indices.size(); begin += size_t(batch)) {
    const size_t end = std::min(indices.size(), begin + size_t(batch));
    make_batch(ds, indices, begin, end, model.normalization(), nullptr, nullptr, x, labels);
    const Tensor out = model.forward(x, Mode::Eval);
    loss_sum += double(model.loss(out, labels)) * double(end - begin);
    const Tensor prob = model.probabilities(out);
    for (size_t i = 0; i < labels.size(); ++i) {
      const float* row = prob.data() + i * size_t(k);
      const int p = argmax(row, size_t(k));
      ev.predicted.push_back(p);
      ev.confidence.push_back(row[p]);
      ev.labels.push_back(labels[i]);
    }
  }
  ev.confusion = confusion_matrix(ev.predicted, ev.labels, k);
  ev.accuracy = accuracy(ev.predicted, ev.labels);
  ev.loss = indices.empty() ? std::numeric_limits<float>::quiet_NaN()
                            : float(loss_sum / double(indices.size()));
  return ev;
}

}  // namespace barnlab
