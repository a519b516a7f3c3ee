#include "lab/losses.h"

#include <algorithm>
#include <cmath>

#include "lab/json.h"
#include "lab/lab.h"
#include "lab/params.h"
#include "layers/bce_loss.h"
#include "layers/mse_loss.h"
#include "layers/softmax_with_loss.h"

namespace barnlab {

std::vector<float> book_prediction(int which) {
  if (which == 1) return {0.1f, 0.05f, 0.6f, 0.f, 0.05f, 0.1f, 0.f, 0.1f, 0.f, 0.f};
  return {0.1f, 0.05f, 0.1f, 0.f, 0.05f, 0.1f, 0.f, 0.6f, 0.f, 0.f};
}

LossFigures loss_figures(const std::vector<float>& y, int target) {
  const int k = int(y.size());
  const Shape shape{1, k, 1, 1};
  Tensor yt(shape, std::vector<float>(y.begin(), y.end()));
  Tensor t(shape, 0.f);
  t[target] = 1.f;
  LossFigures f;
  for (float v : y) f.sum += v;
  MSELoss mse;
  f.mse = mse.forward(yt, t);
  f.rmse = rmse(yt, t);
  Tensor logits(shape), logodds(shape);
  for (int i = 0; i < k; ++i) {
    logits[i] = std::log(y[i] + 1e-7f);
    const float p = std::clamp(y[i], 1e-7f, 1.f - 1e-7f);
    logodds[i] = std::log(p / (1.f - p));
  }
  SoftmaxWithLoss ce;
  f.ce = ce.forward(logits, t);
  BCELoss bce;
  f.bce = bce.forward(logodds, t);
  return f;
}

std::string lab_loss_compare(Lab&, Params& params) {
  const std::vector<double> yd = params.list("y", "0.1,0.05,0.6,0,0.05,0.1,0,0.1,0,0", 2, 20, 0, 1);
  const int t = params.integer("t", 2, 0, int(yd.size()) - 1);
  params.finish();
  const std::vector<float> y(yd.begin(), yd.end());
  const LossFigures f = loss_figures(y, t);
  Json j;
  j.begin_object();
  j.key("y").numbers(y);
  std::vector<int> onehot(y.size(), 0);
  onehot[t] = 1;
  j.key("t").integers(onehot);
  j.key("mse").number(f.mse).key("rmse").number(f.rmse).key("ce").number(f.ce).key("bce").number(f.bce);
  j.key("sum").number(f.sum);
  j.key("book").begin_object();
  for (int which : {1, 2}) {
    const LossFigures b = loss_figures(book_prediction(which), 2);
    j.key(which == 1 ? "y1" : "y2").begin_object().key("mse").number(b.mse).key("ce").number(b.ce).end_object();
  }
  j.end_object();
  j.end_object();
  return j.str();
}

}  // namespace barnlab
