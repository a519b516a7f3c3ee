// Page 10: the optimizers race. The engine's six optimizers on
// f = x²/20 + y² from (-7, 2), 30 steps, the book's learning rates, paths
// over the contour plot and a table of what each really did (final point,
// distance to the origin, sign flips of y, first step within 0.1). Then the
// same six training one MLP on the Fashion-MNIST records, loss curves side
// by side, one optimizer per engine call so the curves appear one by one.
// Engine: `optimizers.paths`, `optimizers.mnist`.

import { h } from '../../ui/dom';
import { latestOnly, type LabClient } from '../client';
import { button, numberBox, runner, slider } from '../controls';
import { COLORS, contours, frame, heatMap, legend, lines, makeCanvas, marker, path, sequential, type Point } from '../draw';
import { fashionReady } from '../data';
import type { PageParams } from '../pages';
import { int, num, pick, readSettings, writeSettings, type Values } from '../settings';
import { fmt, lt } from '../text';
import './pages-10-18.css';

export const OPTIMIZERS = ['sgd', 'momentum', 'nesterov', 'adagrad', 'rmsprop', 'adam'] as const;
export type OptimizerName = (typeof OPTIMIZERS)[number];
export const NAMES: Record<OptimizerName, string> = { sgd: 'SGD', momentum: 'Momentum', nesterov: 'Nesterov', adagrad: 'AdaGrad', rmsprop: 'RMSProp', adam: 'Adam' };

export const schema = {
  x0: num(-7, -10, 10),
  y0: num(2, -5, 5),
  steps: int(30, 1, 500),
  sgd_lr: num(0.95, 1e-4, 10),
  momentum_lr: num(0.1, 1e-4, 10),
  nesterov_lr: num(0.1, 1e-4, 10),
  adagrad_lr: num(1.5, 1e-4, 10),
  rmsprop_lr: num(0.1, 1e-4, 10),
  adam_lr: num(0.3, 1e-4, 10),
  momentum: num(0.9, 0, 0.999),
  /** 1: also train the MLP on Fashion-MNIST (the curves below). */
  net: int(0, 0, 1),
  /** Training steps of the MLP (engine `steps` of `optimizers.mnist`). */
  net_steps: int(200, 10, 5000),
};
type Settings = Values<typeof schema>;
export const PATH_KEYS = ['x0', 'y0', 'steps', 'sgd_lr', 'momentum_lr', 'nesterov_lr', 'adagrad_lr', 'rmsprop_lr', 'adam_lr', 'momentum'] as const;

/** The query of `optimizers.mnist` for one optimizer (the engine's book learning rates for the MLP). */
export function netQuery(s: Settings, only: OptimizerName): string {
  return `steps=${s.net_steps}&only=${only}`;
}

interface PathResult {
  contour: { x_min: number; x_max: number; y_min: number; y_max: number; nx: number; ny: number; values: number[][] };
  paths: { name: OptimizerName; lr: number; points: ([number | null, number | null] | null)[]; final: [number | null, number | null]; final_distance: number | null; y_sign_flips: number; first_step_within_0_1: number | null }[];
  closest: OptimizerName;
}
interface NetResult {
  curves: { name: OptimizerName; lr: number; loss: (number | null)[]; final_loss: number | null }[];
}

const color = (name: OptimizerName) => COLORS[OPTIMIZERS.indexOf(name) % COLORS.length]!;

export function setup(el: HTMLElement, lab: LabClient, params: PageParams): void {
  let s: Settings = readSettings(schema, params.query);
  const status = h('p', { class: 'lab-status', role: 'status' });
  const netStatus = h('p', { class: 'lab-status lab-progress', role: 'status' });
  const key = h('p', { class: 'lab-key', 'data-testid': 'lab-key' });
  const plot = makeCanvas(0.6, 'lab-plot', lt('optimizers.title'));
  const netPlot = makeCanvas(0.55, 'lab-plot-net', lt('optimizers.netTitle'));
  const table = h('div', { class: 'lab-scroll' });
  const controls = h('div', { class: 'lab-controls' });
  const netControls = h('div', { class: 'lab-controls' });
  const run = runner(lab, params.signal, status);
  const runNet = runner(lab, params.signal, netStatus);
  const save = () => params.save(writeSettings(schema, s));

  const update = latestOnly(async () => {
    save();
    const r = await run<PathResult>('optimizers.paths', pick(schema, s, PATH_KEYS));
    if (!r) return;
    const best = r.paths.find((p) => p.name === r.closest);
    key.textContent = lt('optimizers.key', { steps: s.steps, name: NAMES[r.closest], d: fmt(best?.final_distance) });
    key.dataset.value = r.closest;
    const c = r.contour;
    plot.draw((ctx, w, hgt) => {
      const f = frame(ctx, w, hgt, [c.x_min, c.x_max], [c.y_min, c.y_max], { xLabel: 'x', yLabel: 'y' });
      const z = c.values.flat().map((v) => Math.log10(1e-3 + v));
      if (c.nx === c.ny) {
        heatMap(f, z, c.nx, [c.x_min, c.x_max], (t) => sequential(0.5 * t), undefined, undefined, [c.y_min, c.y_max]);
        contours(f, c.values.flat(), c.nx, [c.x_min, c.x_max], [0.05, 0.2, 0.5, 1, 2, 4, 8, 16], 'rgba(31,42,31,0.35)', [c.y_min, c.y_max]);
      }
      for (const p of r.paths) path(f, p.points.map((q) => (q && q[0] !== null && q[1] !== null ? ([q[0], q[1]] as Point) : null)), color(p.name), { dots: true, width: 1.6 });
      marker(f, [s.x0, s.y0], '#333', lt('optimizers.start'), 5);
      marker(f, [0, 0], '#fff', '', 3);
      legend(f, r.paths.map((p) => ({ name: NAMES[p.name], color: color(p.name) })));
    });
    table.replaceChildren(h('table', { class: 'lab-table', 'data-testid': 'optimizers-table' },
      h('thead', {}, h('tr', {}, [lt('optimizers.name'), 'lr', lt('optimizers.final'), lt('optimizers.distance'), lt('optimizers.flips'), lt('optimizers.within')].map((t) => h('th', {}, t)))),
      h('tbody', {}, r.paths.map((p) => h('tr', { 'data-name': p.name, class: p.name === r.closest ? 'best' : undefined },
        h('td', {}, h('span', { style: `color:${color(p.name)}` }, '■ '), NAMES[p.name]),
        h('td', {}, fmt(p.lr)),
        h('td', {}, `(${fmt(p.final[0], 3)}, ${fmt(p.final[1], 3)})`),
        h('td', {}, fmt(p.final_distance, 3)),
        h('td', { 'data-testid': `flips-${p.name}` }, String(p.y_sign_flips)),
        h('td', {}, p.first_step_within_0_1 === null ? '—' : String(p.first_step_within_0_1)))))));
  });

  let netRun = 0;
  const trainNet = async () => {
    const mine = ++netRun;
    if (!(await fashionReady(lab, netStatus))) return;
    const curves: NetResult['curves'] = [];
    for (const [i, name] of OPTIMIZERS.entries()) {
      if (mine !== netRun || params.signal.aborted) return;
      const t0 = performance.now();
      const r = await runNet<NetResult>('optimizers.mnist', netQuery(s, name));
      if (!r || mine !== netRun) return;
      curves.push(...r.curves);
      netStatus.textContent = lt('optimizers.netProgress', { done: i + 1, total: OPTIMIZERS.length, s: ((performance.now() - t0) / 1000).toFixed(1) });
      netStatus.className = 'lab-status lab-progress';
      netPlot.draw((ctx, w, hgt) => lines(ctx, w, hgt, curves.map((c) => ({ name: `${NAMES[c.name]} ${fmt(c.lr)}`, ys: c.loss, color: color(c.name) })), { xLabel: lt('optimizers.step'), yLabel: lt('optimizers.loss'), x: [0, s.net_steps - 1] }));
    }
    netPlot.el.dataset.curves = String(curves.length);
  };

  const renderControls = () => {
    const change = (next: Partial<Settings>) => { s = { ...s, ...next }; update(); };
    controls.replaceChildren(
      h('div', { class: 'lab-controls lab-lrs' }, OPTIMIZERS.map((o) => numberBox(`${NAMES[o]} lr`, schema[`${o}_lr`], s[`${o}_lr`], (v) => change({ [`${o}_lr`]: v } as Partial<Settings>), `lr-${o}`))),
      slider(lt('optimizers.momentum'), schema.momentum, s.momentum, (v) => change({ momentum: v }), { step: 0.01, testid: 'optimizers-momentum' }),
      slider(lt('optimizers.steps'), schema.steps, s.steps, (v) => change({ steps: v }), { testid: 'optimizers-steps' }),
      slider('x0', schema.x0, s.x0, (v) => change({ x0: v }), { step: 0.5 }),
      slider('y0', schema.y0, s.y0, (v) => change({ y0: v }), { step: 0.25 }),
      h('div', { class: 'lab-buttons' }, button(lt('optimizers.book'), () => {
        s = { ...readSettings(schema, ''), net: s.net, net_steps: s.net_steps };
        renderControls();
        update();
      }, 'btn', 'optimizers-book')),
    );
    netControls.replaceChildren(
      slider(lt('optimizers.netSteps'), schema.net_steps, s.net_steps, (v) => { s = { ...s, net_steps: v }; save(); }, { step: 10, testid: 'optimizers-net-steps' }),
      h('div', { class: 'lab-buttons' }, button(lt('optimizers.train'), () => { s = { ...s, net: 1 }; save(); void trainNet(); }, 'btn primary', 'optimizers-train')),
    );
  };
  renderControls();
  el.append(controls, key, status, h('figure', { class: 'lab-figure' }, plot.el), table,
    h('h3', {}, lt('optimizers.netTitle')), h('p', { class: 'muted' }, lt('optimizers.netText')), netControls, netStatus, h('figure', { class: 'lab-figure' }, netPlot.el));
  update();
  if (s.net) void trainNet();
}
