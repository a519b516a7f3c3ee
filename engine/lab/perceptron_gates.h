// Page 1, the perceptron and logic gates: one threshold unit (the engine's
// Perceptron) over the four inputs of a truth table, the NAND + OR -> AND
// two-layer answer to XOR, and Rosenblatt's learning rule one sample at a
// time.
#pragma once

#include <array>
#include <string>
#include <vector>

#include "model/perceptron.h"

namespace barnlab {

class Lab;
class Params;

// The presets: AND, NAND, OR as (w1, w2, b).
Perceptron gate_preset(const std::string& gate);  // "and", "nand", "or"

struct GateResult {
  std::array<int, 4> outputs{}, targets{};
  int correct = 0;
  bool has_line = false;        // the line w1 x + w2 y + b = 0 crosses the view
  float line[2][2] = {};        // its ends clipped to [-0.5, 1.5]^2
};
GateResult perceptron_gate(const Perceptron& p, const std::string& gate);

struct XorResult {
  std::array<int, 4> nand{}, or_{}, and_{};  // the two-layer net's units
  PerceptronRun single;                       // one unit trained on XOR
  GateResult single_gate;
};
XorResult perceptron_xor(int epochs, float lr);

// Step-by-step learning, state kept between calls.
struct PerceptronLearner {
  Perceptron p;
  TruthTable targets{};
  float lr = 0.1f;
  long samples = 0;          // samples learned from
  int epoch_mistakes = 0;    // in the current pass
  bool converged = false;    // a full pass without a mistake happened
  struct Step {
    int sample;              // 0..3
    int target, output;
    Perceptron after;
  };
  // Learns from the next sample of the cycle (0,0), (1,0), (0,1), (1,1).
  Step step();
};

std::string lab_perceptron_gate(Lab& lab, Params& params);
std::string lab_perceptron_xor(Lab& lab, Params& params);
std::string lab_perceptron_start(Lab& lab, Params& params);
std::string lab_perceptron_step(Lab& lab, Params& params);

}  // namespace barnlab
