// Page 1: one threshold unit over the four inputs of a gate, with w1, w2, b
// sliders and the AND / NAND / OR presets; XOR impossible for one unit and
// solved by NAND + OR into AND; the perceptron learning rule step by step.
// Engine: `perceptron.gate`, `perceptron.xor`, `perceptron.start` / `.step`.
// The learning state is rebuilt from the hash (start, then `learned` steps),
// so a shared link shows the same moment of learning.

import { h } from '../../ui/dom';
import { latestOnly, type LabClient } from '../client';
import { button, choices, runner, slider } from '../controls';
import { COLORS, frame, lines, makeCanvas, marker, path, type Canvas, type Point } from '../draw';
import type { PageParams } from '../pages';
import { choice, int, num, readSettings, pick, writeSettings, type Values } from '../settings';
import { fmt, lt } from '../text';

const GATES = ['and', 'nand', 'or', 'xor'] as const;
type Gate = (typeof GATES)[number];

export const schema = {
  w1: num(0.5, -5, 5),
  w2: num(0.5, -5, 5),
  b: num(-0.7, -5, 5),
  gate: choice<Gate>('and', GATES),
  learn: choice<Gate>('or', GATES),
  lr: num(0.1, 0.001, 10),
  learned: int(0, 0, 1000),
};
type Settings = Values<typeof schema>;

export const PRESETS: Record<Exclude<Gate, 'xor'>, [number, number, number]> = {
  and: [0.5, 0.5, -0.7],
  nand: [-0.5, -0.5, 0.7],
  or: [0.5, 0.5, -0.2],
};

interface GateResult {
  inputs: Point[];
  outputs: number[];
  targets: number[];
  correct: number;
  line: [Point, Point] | null;
}
interface XorResult {
  inputs: Point[];
  targets: number[];
  nand: number[];
  or: number[];
  and: number[];
  single: { converged: boolean; epochs: number; mistakes: number[]; outputs: number[]; correct: number };
}
interface LearnState {
  w1: number;
  w2: number;
  b: number;
  line: [Point, Point] | null;
  outputs: number[];
  targets: number[];
  correct: number;
  samples: number;
  epoch: number;
  converged: boolean;
  /** The steps of this call only. */
  history: { sample: number; input: Point; target: number; output: number; mistake: boolean; w1: number; w2: number; b: number }[];
}

const INPUTS: Point[] = [[0, 0], [1, 0], [0, 1], [1, 1]];

/** The unit square with the unit's line and the four inputs (filled = output 1, ring colour = right/wrong). */
function drawSquare(c: Canvas, line: [Point, Point] | null, outputs: number[], targets: number[]): void {
  c.draw((ctx, w, hgt) => {
    const f = frame(ctx, w, hgt, [-0.5, 1.5], [-0.5, 1.5], { square: true, xLabel: 'x1', yLabel: 'x2' });
    if (line) path(f, line, COLORS[1]!, { width: 3 });
    INPUTS.forEach((p, i) => {
      const right = outputs[i] === targets[i];
      marker(f, p, outputs[i] ? COLORS[1]! : COLORS[2]!, `${outputs[i]}${right ? '' : ' ✗'}`, 9);
    });
  });
}

function truthTable(cols: { head: string; values: number[] }[], bad?: boolean[], testid?: string): HTMLElement {
  return h('div', { class: 'lab-scroll' }, h('table', { class: 'lab-table', 'data-testid': testid },
    h('thead', {}, h('tr', {}, h('th', {}, 'x1'), h('th', {}, 'x2'), cols.map((c) => h('th', {}, c.head)))),
    h('tbody', {}, INPUTS.map((p, i) => h('tr', { class: bad?.[i] ? 'bad' : undefined }, h('td', {}, p[0]), h('td', {}, p[1]), cols.map((c) => h('td', {}, c.values[i] ?? '–')))))));
}

export function setup(el: HTMLElement, lab: LabClient, params: PageParams): void {
  let s: Settings = readSettings(schema, params.query);
  const status = h('p', { class: 'lab-status', role: 'status' });
  const learnStatus = h('p', { class: 'lab-status', role: 'status' });
  const run = runner(lab, params.signal, learnStatus);
  const run1 = runner(lab, params.signal, status);

  // 1. One unit with sliders.
  const gateControls = h('div', { class: 'lab-controls' });
  const gateKey = h('p', { class: 'lab-key', 'data-testid': 'lab-key' });
  const gatePlot = makeCanvas(0.85, 'lab-plot', lt('perceptron.title'));
  const gateTable = h('div');
  const updateGate = latestOnly(async () => {
    params.save(writeSettings(schema, s));
    const r = await run1<GateResult>('perceptron.gate', pick(schema, s, ['w1', 'w2', 'b', 'gate']));
    if (!r) return;
    gateKey.textContent = `${s.gate.toUpperCase()}: ${r.correct} / 4`;
    gateKey.dataset.value = String(r.correct);
    drawSquare(gatePlot, r.line, r.outputs, r.targets);
    gateTable.replaceChildren(truthTable([{ head: lt('perceptron.output'), values: r.outputs }, { head: lt('perceptron.target'), values: r.targets }], r.outputs.map((o, i) => o !== r.targets[i]), 'lab-truth'));
  });
  const renderGateControls = () => {
    gateControls.replaceChildren(
      choices(lt('perceptron.gate'), GATES.map((g) => ({ value: g, text: g.toUpperCase() })), s.gate, (g) => {
        s = g === 'xor' ? { ...s, gate: g } : { ...s, gate: g, w1: PRESETS[g][0], w2: PRESETS[g][1], b: PRESETS[g][2] };
        renderGateControls();
        updateGate();
      }, 'lab-gate'),
      slider('w1', schema.w1, s.w1, (v) => { s = { ...s, w1: v }; updateGate(); }, { step: 0.05 }),
      slider('w2', schema.w2, s.w2, (v) => { s = { ...s, w2: v }; updateGate(); }, { step: 0.05 }),
      slider('b', schema.b, s.b, (v) => { s = { ...s, b: v }; updateGate(); }, { step: 0.05 }),
    );
  };
  renderGateControls();

  // 2. XOR: one unit fails, two layers succeed.
  const xorBox = h('div');
  const xorPlot = makeCanvas(0.45);
  void run<XorResult>('perceptron.xor', '').then((r) => {
    if (!r) return;
    xorBox.replaceChildren(
      h('p', { class: 'muted' }, 'AND(NAND(x1, x2), OR(x1, x2))'),
      truthTable([{ head: 'NAND', values: r.nand }, { head: 'OR', values: r.or }, { head: 'AND', values: r.and }, { head: 'XOR', values: r.targets }], r.and.map((v, i) => v !== r.targets[i]), 'lab-xor'),
      h('p', { class: 'lab-key', 'data-testid': 'lab-xor-single', 'data-value': String(r.single.correct) }, lt('perceptron.xorFail', { correct: r.single.correct })),
    );
    xorPlot.draw((ctx, w, hgt) => lines(ctx, w, hgt, [{ name: 'mistakes', ys: r.single.mistakes }], { xLabel: 'epoch', yLabel: 'mistakes', y: [0, 4.4] }));
  });

  // 3. The learning rule, step by step.
  const learnControls = h('div', { class: 'lab-controls' });
  const learnKey = h('p', { class: 'lab-key', 'data-testid': 'lab-learn' });
  const learnPlot = makeCanvas(0.85, 'lab-plot-learn');
  const learnWeights = h('p', { class: 'muted' });
  const learnSteps = h('div', { class: 'lab-scroll' });
  const show = (st: LearnState) => {
    learnKey.textContent = st.converged ? lt('perceptron.learnConverged', { steps: st.samples })
      : st.samples >= 40 && s.learn === 'xor' ? lt('perceptron.learnNever', { steps: st.samples })
      : lt('perceptron.learnSteps', { steps: st.samples, correct: st.correct });
    learnWeights.textContent = `w1 = ${fmt(st.w1)}, w2 = ${fmt(st.w2)}, b = ${fmt(st.b)}`;
    const last = st.history.slice(-8);
    learnSteps.replaceChildren(last.length ? h('table', { class: 'lab-table', 'data-testid': 'lab-learn-steps' },
      h('thead', {}, h('tr', {}, ['#', 'x', lt('perceptron.target'), lt('perceptron.output'), 'w1', 'w2', 'b'].map((t) => h('th', {}, t)))),
      h('tbody', {}, last.map((r, i) => h('tr', { class: r.mistake ? 'bad' : undefined },
        h('td', {}, st.samples - last.length + i + 1), h('td', {}, `(${r.input.join(', ')})`), h('td', {}, r.target), h('td', {}, r.output),
        h('td', {}, fmt(r.w1)), h('td', {}, fmt(r.w2)), h('td', {}, fmt(r.b)))))) : '');
    drawSquare(learnPlot, st.line, st.outputs, st.targets);
  };
  const restartLearning = latestOnly(async () => {
    params.save(writeSettings(schema, s));
    let st = await run<LearnState>('perceptron.start', `gate=${s.learn}&lr=${s.lr}`);
    if (st && s.learned > 0) st = await run<LearnState>('perceptron.step', `steps=${s.learned}`);
    if (st) show(st);
  });
  const stepBy = latestOnly<number>(async (k) => {
    const st = await run<LearnState>('perceptron.step', `steps=${k}`);
    if (!st) return;
    s = { ...s, learned: st.samples };
    params.save(writeSettings(schema, s));
    show(st);
  });
  const renderLearnControls = () => {
    learnControls.replaceChildren(
      choices(lt('perceptron.learnTarget'), GATES.map((g) => ({ value: g, text: g.toUpperCase() })), s.learn, (g) => { s = { ...s, learn: g, learned: 0 }; renderLearnControls(); restartLearning(); }),
      slider(lt('perceptron.learnRate'), schema.lr, s.lr, (v) => { s = { ...s, lr: v, learned: 0 }; restartLearning(); }, { log: true }),
      h('div', { class: 'lab-buttons' },
        button(lt('lab.step'), () => stepBy(1), 'btn primary', 'lab-step'),
        button('+4', () => stepBy(4)),
        button('+20', () => stepBy(20)),
        button(lt('lab.restart'), () => { s = { ...s, learned: 0 }; restartLearning(); })),
    );
  };
  renderLearnControls();

  el.append(
    gateControls, gateKey, status,
    h('div', { class: 'lab-figures' }, h('figure', { class: 'lab-figure' }, gatePlot.el), h('figure', { class: 'lab-figure' }, h('figcaption', {}, lt('perceptron.truth')), gateTable)),
    h('h3', {}, lt('perceptron.xorTitle')),
    h('div', { class: 'lab-figures' }, xorBox, h('figure', { class: 'lab-figure' }, xorPlot.el)),
    h('h3', {}, lt('perceptron.learnTitle')),
    learnControls, learnKey, learnWeights, learnStatus,
    h('div', { class: 'lab-figures' }, h('figure', { class: 'lab-figure lab-narrow' }, learnPlot.el), learnSteps),
  );
  updateGate();
  restartLearning();
}
