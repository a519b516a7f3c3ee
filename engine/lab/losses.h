// Page 4, loss functions: the engine's losses on an editable prediction y
// (probabilities) against a one-hot target, and the book's two examples
// (y1 puts 0.6 on the true class 2: MSE 0.0975, CE 0.5108; y2 puts 0.6 on
// class 7: MSE 0.5975, CE 2.3026).
//   mse:  MSELoss, 0.5 * sum (y - t)^2
//   rmse: rmse(), sqrt(mean (y - t)^2)
//   ce:   SoftmaxWithLoss on logits log(y + 1e-7): softmax gives back y
//         (renormalised if y does not sum to 1), so the loss is -log y_t
//   bce:  BCELoss on logits log(p / (1 - p)), p = y clamped to [1e-7, 1 - 1e-7]
#pragma once

#include <string>
#include <vector>

namespace barnlab {

class Lab;
class Params;

struct LossFigures {
  float mse = 0, rmse = 0, ce = 0, bce = 0, sum = 0;
};
LossFigures loss_figures(const std::vector<float>& y, int target);
// The book's two predictions for target 2.
std::vector<float> book_prediction(int which);  // 1 or 2

std::string lab_loss_compare(Lab& lab, Params& params);

}  // namespace barnlab
