// Page 2, the multi-layer perceptron playground (TensorFlow Playground's
// idea on the engine): a PointNet trained on a 2-D point set, epoch by
// epoch, with the decision region as a grid of class-1 probabilities.
// mlp2d.start builds the set and the net, mlp2d.step trains further; the
// net lives in the Lab between calls.
#pragma once

#include <string>

namespace barnlab {

class Lab;
class Params;

std::string lab_mlp2d_data(Lab& lab, Params& params);
std::string lab_mlp2d_start(Lab& lab, Params& params);
std::string lab_mlp2d_step(Lab& lab, Params& params);

}  // namespace barnlab
