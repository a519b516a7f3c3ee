// The perceptron learning rule on two-input truth tables (see perceptron.h).
#include "model/perceptron.h"

#include "core/error.h"

namespace barnlab {

TruthTable truth_table(const std::string& gate) {
  if (gate == "and") return {0, 0, 0, 1};
  if (gate == "or") return {0, 1, 1, 1};
  if (gate == "nand") return {1, 1, 1, 0};
  if (gate == "xor") return {0, 1, 1, 0};
  throw Error("unknown gate \"" + gate + "\"; known: and, or, nand, xor");
}

PerceptronRun train_perceptron(const TruthTable& targets, int max_epochs, float lr,
                               Perceptron start) {
  if (!(lr > 0.f)) throw Error("perceptron: the learning rate must be > 0");
  if (max_epochs < 0) throw Error("perceptron: the number of epochs must be >= 0");
  static const float kInputs[4][2] = {{0, 0}, {1, 0}, {0, 1}, {1, 1}};
  PerceptronRun run;
  run.perceptron = start;
  Perceptron& p = run.perceptron;
  while (run.epochs < max_epochs && !run.converged) {
    int mistakes = 0;
    for (int i = 0; i < 4; ++i) {
      if (p.learn(kInputs[i][0], kInputs[i][1], targets[i], lr) != 0) ++mistakes;
    }
    ++run.epochs;
    run.mistakes.push_back(mistakes);
    run.converged = mistakes == 0;
  }
  return run;
}

}  // namespace barnlab
