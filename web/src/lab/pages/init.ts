// Page 11: weight initialization. Histograms of the activations of each of
// 5 layers of 100 units, for std 1, std 0.01, Xavier and He, with sigmoid,
// tanh or ReLU (a grid: one row per initialization, one column per layer),
// then the training curves of each initialization on Fashion-MNIST, one
// engine call per initialization. Engine: `init.hist`, `init.train`.

import { h } from '../../ui/dom';
import { latestOnly, type LabClient } from '../client';
import { button, choices, runner, slider } from '../controls';
import { bareFrame, COLORS, histogram, lines, makeCanvas } from '../draw';
import { fashionReady } from '../data';
import type { PageParams } from '../pages';
import { choice, int, readSettings, writeSettings, type Values } from '../settings';
import { fmt, lt } from '../text';
import './pages-10-18.css';

export const ACTIVATIONS = ['sigmoid', 'tanh', 'relu'] as const;
export const INITS = ['std1', 'std0.01', 'xavier', 'he'] as const;
type Init = (typeof INITS)[number];
const INIT_NAMES: Record<Init, string> = { std1: 'std 1', 'std0.01': 'std 0.01', xavier: 'Xavier', he: 'He' };

export const schema = {
  activation: choice('sigmoid', ACTIVATIONS),
  layers: int(5, 1, 10),
  seed: int(1, 0, 1_000_000),
  /** 1: also train the five-layer net with each initialization. */
  train: int(0, 0, 1),
  /** Training steps (engine `steps` of `init.train`). */
  train_steps: int(200, 10, 5000),
};
type Settings = Values<typeof schema>;

export function histQuery(s: Settings): string {
  return `activation=${s.activation}&layers=${s.layers}&seed=${s.seed}`;
}
export function trainQuery(s: Settings, init: Init): string {
  return `activation=${s.activation}&steps=${s.train_steps}&seed=${s.seed}&init=${init}`;
}

interface Hist {
  lo: number;
  hi: number;
  counts: number[];
}
interface HistResult {
  inits: { init: Init; weight_std: number; layers: { layer: number; mean: number; std: number; saturated: number; histogram: Hist }[] }[];
}
interface TrainResult {
  curves: { init: Init; loss: (number | null)[]; final_loss: number | null }[];
}

export function setup(el: HTMLElement, lab: LabClient, params: PageParams): void {
  let s: Settings = readSettings(schema, params.query);
  const status = h('p', { class: 'lab-status', role: 'status' });
  const trainStatus = h('p', { class: 'lab-status lab-progress', role: 'status' });
  const key = h('p', { class: 'lab-key', 'data-testid': 'lab-key' });
  const grid = h('div', { class: 'lab-hist-grid', 'data-testid': 'lab-plot' });
  const trainPlot = makeCanvas(0.55, 'lab-plot-train', lt('init.trainTitle'));
  const controls = h('div', { class: 'lab-controls' });
  const trainControls = h('div', { class: 'lab-controls' });
  const run = runner(lab, params.signal, status);
  const runTrain = runner(lab, params.signal, trainStatus);
  const save = () => params.save(writeSettings(schema, s));

  const update = latestOnly(async () => {
    save();
    const r = await run<HistResult>('init.hist', histQuery(s));
    if (!r) return;
    const last = r.inits.map((i) => ({ init: i.init, std: i.layers[i.layers.length - 1]!.std, saturated: i.layers[i.layers.length - 1]!.saturated }));
    key.textContent = lt('init.key', { n: s.layers, spreads: last.map((l) => `${INIT_NAMES[l.init]} ${fmt(l.std, 3)}`).join(' · ') });
    key.dataset.value = JSON.stringify(Object.fromEntries(last.map((l) => [l.init, l.std])));
    grid.style.gridTemplateColumns = `auto repeat(${s.layers}, minmax(0, 1fr))`;
    const cells: HTMLElement[] = [h('span', {}), ...Array.from({ length: s.layers }, (_, k) => h('span', { class: 'lab-hist-head' }, lt('init.layer', { k: k + 1 })))];
    r.inits.forEach((row, ri) => {
      cells.push(h('span', { class: 'lab-hist-head lab-hist-row' }, INIT_NAMES[row.init]));
      for (const l of row.layers) {
        const c = makeCanvas(0.8, ri === 0 && l.layer === 1 ? 'lab-hist-first' : undefined, `${INIT_NAMES[row.init]} ${l.layer}`);
        const top = Math.max(1, ...l.histogram.counts);
        c.draw((ctx, w, hgt) => {
          // No axes: labels on a grid of 20 small plots would hide the bars.
          const f = bareFrame(ctx, w, hgt, [l.histogram.lo, l.histogram.hi], [0, top]);
          histogram(f, l.histogram.counts, [l.histogram.lo, l.histogram.hi], COLORS[ri % COLORS.length]);
        });
        cells.push(h('figure', { class: 'lab-hist-cell', title: `mean ${fmt(l.mean)}, std ${fmt(l.std)}` }, c.el,
          h('figcaption', {}, `σ ${fmt(l.std, 3)}${l.saturated > 0.005 ? ` · ${Math.round(l.saturated * 100)}% ${s.activation === 'relu' ? '= 0' : lt('init.atLimits')}` : ''}`)));
      }
    });
    grid.replaceChildren(...cells);
  });

  let trainRun = 0;
  const train = async () => {
    const mine = ++trainRun;
    if (!(await fashionReady(lab, trainStatus))) return;
    const curves: TrainResult['curves'] = [];
    for (const [i, init] of INITS.entries()) {
      if (mine !== trainRun || params.signal.aborted) return;
      const r = await runTrain<TrainResult>('init.train', trainQuery(s, init));
      if (!r || mine !== trainRun) return;
      curves.push(...r.curves);
      trainStatus.textContent = lt('init.trainProgress', { done: i + 1, total: INITS.length });
      trainStatus.className = 'lab-status lab-progress';
      trainPlot.draw((ctx, w, hgt) => lines(ctx, w, hgt, curves.map((c) => ({ name: `${INIT_NAMES[c.init]} → ${fmt(c.final_loss, 3)}`, ys: c.loss, color: COLORS[INITS.indexOf(c.init)]! })), { xLabel: lt('optimizers.step'), yLabel: lt('optimizers.loss'), x: [0, s.train_steps - 1] }));
    }
    trainPlot.el.dataset.curves = String(curves.length);
  };

  const renderControls = () => {
    controls.replaceChildren(
      choices(lt('init.activation'), ACTIVATIONS.map((a) => ({ value: a, text: a === 'relu' ? 'ReLU' : a })), s.activation, (v) => {
        s = { ...s, activation: v };
        renderControls();
        update();
        if (s.train) void train();
      }, 'init-activation'),
      slider(lt('init.layers'), schema.layers, s.layers, (v) => { s = { ...s, layers: v }; update(); }, { testid: 'init-layers' }),
    );
    trainControls.replaceChildren(
      slider(lt('optimizers.netSteps'), schema.train_steps, s.train_steps, (v) => { s = { ...s, train_steps: v }; save(); }, { step: 10 }),
      h('div', { class: 'lab-buttons' }, button(lt('init.train'), () => { s = { ...s, train: 1 }; save(); void train(); }, 'btn primary', 'init-train')),
    );
  };
  renderControls();
  el.append(controls, key, status, h('div', { class: 'lab-scroll' }, grid),
    h('h3', {}, lt('init.trainTitle')), h('p', { class: 'muted' }, lt('init.trainText')), trainControls, trainStatus, h('figure', { class: 'lab-figure' }, trainPlot.el));
  update();
  if (s.train) void train();
}
