#include "lab/perceptron_gates.h"

#include <cmath>
#include <memory>

#include "core/error.h"
#include "lab/json.h"
#include "lab/lab.h"
#include "lab/params.h"

namespace barnlab {

namespace {

const float kInputs[4][2] = {{0, 0}, {1, 0}, {0, 1}, {1, 1}};
const std::vector<std::string> kGates = {"and", "or", "nand", "xor"};
constexpr float kLo = -0.5f, kHi = 1.5f;  // the view around the unit square

// Ends of w1 x + w2 y + b = 0 inside [kLo, kHi]^2.
bool clip_line(const Perceptron& p, float out[2][2]) {
  std::vector<std::array<float, 2>> hits;
  auto add = [&](float x, float y) {
    if (x < kLo - 1e-6f || x > kHi + 1e-6f || y < kLo - 1e-6f || y > kHi + 1e-6f) return;
    for (const auto& h : hits)
      if (std::fabs(h[0] - x) < 1e-6f && std::fabs(h[1] - y) < 1e-6f) return;
    hits.push_back({x, y});
  };
  if (p.w2 != 0.f) {
    for (const float x : {kLo, kHi}) add(x, -(p.w1 * x + p.b) / p.w2);
  }
  if (p.w1 != 0.f) {
    for (const float y : {kLo, kHi}) add(-(p.w2 * y + p.b) / p.w1, y);
  }
  if (hits.size() < 2) return false;
  for (int i = 0; i < 2; ++i) {
    out[i][0] = hits[i][0];
    out[i][1] = hits[i][1];
  }
  return true;
}

void write_weights(Json& j, const Perceptron& p) {
  j.key("w1").number(p.w1).key("w2").number(p.w2).key("b").number(p.b);
}

void write_gate(Json& j, const GateResult& g) {
  j.key("outputs").numbers(g.outputs);
  j.key("targets").numbers(g.targets);
  j.key("correct").integer(g.correct);
  j.key("line");
  if (g.has_line) {
    j.begin_array().point(g.line[0][0], g.line[0][1]).point(g.line[1][0], g.line[1][1]).end_array();
  } else {
    j.null();
  }
}

void write_inputs(Json& j) {
  j.key("inputs").begin_array();
  for (const auto& x : kInputs) j.point(x[0], x[1]);
  j.end_array();
}

}  // namespace

Perceptron gate_preset(const std::string& gate) {
  if (gate == "and") return {0.5f, 0.5f, -0.7f};
  if (gate == "nand") return {-0.5f, -0.5f, 0.7f};
  if (gate == "or") return {0.5f, 0.5f, -0.2f};
  throw Error("no preset for gate \"" + gate + "\": the presets are and, nand, or");
}

GateResult perceptron_gate(const Perceptron& p, const std::string& gate) {
  GateResult r;
  const TruthTable t = truth_table(gate);
  for (int i = 0; i < 4; ++i) {
    r.outputs[i] = p.predict(kInputs[i][0], kInputs[i][1]);
    r.targets[i] = t[i];
    r.correct += r.outputs[i] == t[i];
  }
  r.has_line = clip_line(p, r.line);
  return r;
}

XorResult perceptron_xor(int epochs, float lr) {
  XorResult r;
  const Perceptron nand = gate_preset("nand"), or_ = gate_preset("or"), and_ = gate_preset("and");
  for (int i = 0; i < 4; ++i) {
    const float x1 = kInputs[i][0], x2 = kInputs[i][1];
    r.nand[i] = nand.predict(x1, x2);
    r.or_[i] = or_.predict(x1, x2);
    r.and_[i] = and_.predict(float(r.nand[i]), float(r.or_[i]));
  }
  r.single = train_perceptron(truth_table("xor"), epochs, lr);
  r.single_gate = perceptron_gate(r.single.perceptron, "xor");
  return r;
}

PerceptronLearner::Step PerceptronLearner::step() {
  const int i = int(samples % 4);
  if (i == 0) epoch_mistakes = 0;
  Step s;
  s.sample = i;
  s.target = targets[i];
  s.output = p.predict(kInputs[i][0], kInputs[i][1]);
  if (p.learn(kInputs[i][0], kInputs[i][1], targets[i], lr) != 0) ++epoch_mistakes;
  ++samples;
  if (i == 3 && epoch_mistakes == 0) converged = true;
  s.after = p;
  return s;
}

namespace {

struct LearnerState : LabState {
  PerceptronLearner learner;
  std::string gate;
};

std::string learner_json(const LearnerState& st, const std::vector<PerceptronLearner::Step>& steps) {
  const PerceptronLearner& l = st.learner;
  const GateResult g = perceptron_gate(l.p, st.gate);
  Json j;
  j.begin_object();
  j.key("gate").string(st.gate);
  write_weights(j, l.p);
  write_gate(j, g);
  j.key("samples").integer(l.samples);
  j.key("epoch").integer(l.samples / 4);
  j.key("converged").boolean(l.converged);
  j.key("history").begin_array();
  for (const auto& s : steps) {
    j.begin_object();
    j.key("sample").integer(s.sample);
    j.key("input").point(kInputs[s.sample][0], kInputs[s.sample][1]);
    j.key("target").integer(s.target).key("output").integer(s.output);
    j.key("mistake").boolean(s.target != s.output);
    write_weights(j, s.after);
    j.end_object();
  }
  j.end_array();
  j.end_object();
  return j.str();
}

}  // namespace

std::string lab_perceptron_gate(Lab&, Params& params) {
  Perceptron p;
  p.w1 = float(params.number("w1", 0.5, -5, 5));
  p.w2 = float(params.number("w2", 0.5, -5, 5));
  p.b = float(params.number("b", -0.7, -5, 5));
  const std::string gate = params.choice("gate", "and", kGates);
  params.finish();
  const GateResult g = perceptron_gate(p, gate);
  Json j;
  j.begin_object();
  write_weights(j, p);
  j.key("gate").string(gate);
  write_inputs(j);
  write_gate(j, g);
  j.key("presets").begin_object();
  for (const char* name : {"and", "nand", "or"}) {
    const Perceptron q = gate_preset(name);
    j.key(name).numbers(std::vector<float>{q.w1, q.w2, q.b});
  }
  j.end_object();
  j.end_object();
  return j.str();
}

std::string lab_perceptron_xor(Lab&, Params& params) {
  const int epochs = params.integer("epochs", 50, 1, 1000);
  const float lr = float(params.number("lr", 0.1, 0.001, 10));
  params.finish();
  const XorResult r = perceptron_xor(epochs, lr);
  Json j;
  j.begin_object();
  write_inputs(j);
  j.key("targets").numbers(truth_table("xor"));
  j.key("nand").numbers(r.nand);
  j.key("or").numbers(r.or_);
  j.key("and").numbers(r.and_);
  j.key("single").begin_object();
  j.key("converged").boolean(r.single.converged);
  j.key("epochs").integer(r.single.epochs);
  j.key("mistakes").integers(r.single.mistakes);
  write_weights(j, r.single.perceptron);
  write_gate(j, r.single_gate);
  j.end_object();
  j.end_object();
  return j.str();
}

std::string lab_perceptron_start(Lab& lab, Params& params) {
  auto st = std::make_unique<LearnerState>();
  st->gate = params.choice("gate", "and", kGates);
  st->learner.targets = truth_table(st->gate);
  st->learner.lr = float(params.number("lr", 0.1, 0.001, 10));
  st->learner.p.w1 = float(params.number("w1", 0, -5, 5));
  st->learner.p.w2 = float(params.number("w2", 0, -5, 5));
  st->learner.p.b = float(params.number("b", 0, -5, 5));
  params.finish();
  const std::string out = learner_json(*st, {});
  lab.set_state("perceptron", std::move(st));
  return out;
}

std::string lab_perceptron_step(Lab& lab, Params& params) {
  const int steps = params.integer("steps", 1, 1, 1000);
  params.finish();
  auto& st = lab.state<LearnerState>("perceptron", "perceptron.start");
  std::vector<PerceptronLearner::Step> done;
  for (int i = 0; i < steps; ++i) done.push_back(st.learner.step());
  return learner_json(st, done);
}

}  // namespace barnlab
