// The classic two-input perceptron of chapter 2 of "Deep Learning from
// Scratch": y = 1 if w1 x1 + w2 x2 + b > 0 else 0, trained with Rosenblatt's
// rule w += lr (t - y) x, b += lr (t - y), one sample at a time, on a truth
// table of the four inputs (0,0), (1,0), (0,1), (1,1). The rule converges
// (an epoch without mistakes) whenever the table is linearly separable:
// AND, OR and NAND are learned; XOR never is, whatever the number of epochs.
#pragma once

#include <array>
#include <string>
#include <vector>

namespace barnlab {

struct Perceptron {
  float w1 = 0.f, w2 = 0.f, b = 0.f;
  int predict(float x1, float x2) const { return w1 * x1 + w2 * x2 + b > 0.f ? 1 : 0; }
  // Rosenblatt's rule on one sample; returns the error t - y (0: no change).
  int learn(float x1, float x2, int target, float lr) {
    const int error = target - predict(x1, x2);
    w1 += lr * error * x1;
    w2 += lr * error * x2;
    b += lr * error;
    return error;
  }
};

// Targets for the inputs (0,0), (1,0), (0,1), (1,1), in that order.
using TruthTable = std::array<int, 4>;
// "and", "or", "nand", "xor"; throws Error listing those for another name.
TruthTable truth_table(const std::string& gate);

struct PerceptronRun {
  Perceptron perceptron;          // the weights after the last epoch
  bool converged = false;         // the last epoch made no mistake
  int epochs = 0;                 // epochs run, the mistake-free one included
  std::vector<int> mistakes;      // per epoch
};

// Trains from `start` for at most max_epochs passes over the table, stopping
// after the first pass without a mistake. Requires lr > 0, max_epochs >= 0.
PerceptronRun train_perceptron(const TruthTable& targets, int max_epochs, float lr = 0.1f,
                               Perceptron start = {});

}  // namespace barnlab
