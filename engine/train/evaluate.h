// A model's figures on a set of images: predictions, their probability,
// loss, accuracy and the confusion matrix, computed with train/metrics.h.
// The trainer validates with it; the CLI's eval and the app's evaluation
// report it.
#pragma once

#include <vector>

#include "data/dataset.h"
#include "model/model.h"
#include "train/metrics.h"

namespace barnlab {

struct Evaluation {
  float accuracy = 0, loss = 0;   // NaN for no images
  ConfusionMatrix confusion;      // [true][predicted], classes x classes
  std::vector<int> predicted;     // per evaluated image (argmax, NaNs ignored)
  std::vector<float> confidence;  // probability of the predicted class
  std::vector<int> labels;
};

// Predicts every image of ds[indices] in batches (Eval mode). Throws Error
// for a label outside the model's classes.
Evaluation evaluate(Model& model, const Dataset& ds, const std::vector<int>& indices,
                    int batch = 64);

}  // namespace barnlab
