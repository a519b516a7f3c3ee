// Page 12: batch normalization. The book's experiment: the same 5 x 100 MLP
// trained with and without BatchNorm from a range of initial weight scales,
// a grid of training-accuracy curves filled one scale (one engine call) at a
// time; then one batch through an Affine layer and the engine's BatchNorm:
// per-feature mean and variance before and after.
// Engine: `batchnorm.grid` (with `only=i`), `batchnorm.stats`.

import { h } from '../../ui/dom';
import { latestOnly, type LabClient } from '../client';
import { choices, runner, slider } from '../controls';
import { bareFrame, COLORS, lines, makeCanvas, path } from '../draw';
import { fashionReady, labData } from '../data';
import type { PageParams } from '../pages';
import { choice, int, num, readSettings, writeSettings, type Values } from '../settings';
import { fmt, lt } from '../text';
import './pages-10-18.css';

const OPTIMIZERS = ['sgd', 'momentum', 'adagrad', 'adam'] as const;

export const schema = {
  scales: int(8, 2, 16),
  epochs: int(10, 1, 100),
  n_train: int(300, 100, 1000),
  lr: num(0.05, 1e-5, 1),
  optimizer: choice('sgd', OPTIMIZERS),
  seed: int(1, 0, 1_000_000),
  /** Weight scale of the statistics demo (engine `scale` of `batchnorm.stats`). */
  stats_scale: num(0.01, 1e-4, 10),
};
type Settings = Values<typeof schema>;

export function gridQuery(s: Settings, only: number): string {
  return `scales=${s.scales}&epochs=${s.epochs}&n_train=${s.n_train}&lr=${s.lr}&optimizer=${s.optimizer}&seed=${s.seed}&only=${only}`;
}
export function statsQuery(s: Settings): string {
  return `scale=${s.stats_scale}&seed=${s.seed}`;
}

interface Acc {
  train_acc: number[];
  test_acc: number[];
}
interface GridResult {
  scales: number[];
  runs: { index: number; scale: number; bn: Acc; plain: Acc }[];
}
interface Stats {
  mean: number[];
  var: number[];
}
interface StatsResult {
  before: Stats;
  after: Stats;
}

/** The range of the values with a tenth of margin (so lines at 0 and 1 do not sit on the frame). */
function padded(xs: number[]): [number, number] {
  const lo = Math.min(...xs);
  const hi = Math.max(...xs);
  const m = (hi - lo || 1) * 0.1;
  return [lo - m, hi + m];
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);

export function setup(el: HTMLElement, lab: LabClient, params: PageParams): void {
  let s: Settings = readSettings(schema, params.query);
  const status = h('p', { class: 'lab-status lab-progress', role: 'status' });
  const statsStatus = h('p', { class: 'lab-status', role: 'status' });
  const key = h('p', { class: 'lab-key', 'data-testid': 'lab-key' });
  const grid = h('div', { class: 'lab-bn-cells', 'data-testid': 'lab-plot' });
  const before = makeCanvas(0.6, 'lab-plot-before', lt('batchnorm.before'));
  const after = makeCanvas(0.6, 'lab-plot-after', lt('batchnorm.after'));
  const controls = h('div', { class: 'lab-controls' });
  const run = runner(lab, params.signal, status);
  const runStats = runner(lab, params.signal, statsStatus);
  const save = () => params.save(writeSettings(schema, s));

  let gridRun = 0;
  const fill = async () => {
    const mine = ++gridRun;
    save();
    if (!(await fashionReady(lab, status))) return;
    key.textContent = '';
    delete key.dataset.value;
    const cells = Array.from({ length: s.scales }, () => h('figure', { class: 'lab-bn-cell' }, h('p', { class: 'muted small' }, '…')));
    grid.replaceChildren(...cells);
    const done: GridResult['runs'] = [];
    for (let i = 0; i < s.scales; i++) {
      if (mine !== gridRun || params.signal.aborted) return;
      status.textContent = lt('batchnorm.progress', { done: i, total: s.scales });
      status.className = 'lab-status lab-progress';
      const r = await run<GridResult>('batchnorm.grid', gridQuery(s, i));
      if (!r || mine !== gridRun) return;
      const cell = r.runs[0]!;
      done.push(cell);
      const c = makeCanvas(0.75, i === 0 ? 'lab-cell-first' : undefined, `w = ${fmt(cell.scale)}`);
      c.draw((ctx, w, hgt) => {
        const f = bareFrame(ctx, w, hgt, [0, Math.max(1, s.epochs - 1)], [0, 1]);
        path(f, cell.plain.train_acc.map((v, k) => [k, v] as const), COLORS[7]!, { dash: [4, 3] });
        path(f, cell.bn.train_acc.map((v, k) => [k, v] as const), COLORS[0]!);
      });
      const bnAcc = cell.bn.train_acc.at(-1) ?? 0;
      const plainAcc = cell.plain.train_acc.at(-1) ?? 0;
      cells[i]!.replaceChildren(c.el, h('figcaption', {}, `w ${fmt(cell.scale, 3)} · BN ${Math.round(bnAcc * 100)}% · ${Math.round(plainAcc * 100)}%`));
      const bn = mean(done.map((d) => d.bn.train_acc.at(-1) ?? 0));
      const plain = mean(done.map((d) => d.plain.train_acc.at(-1) ?? 0));
      key.textContent = lt('batchnorm.key', { n: done.length, total: s.scales, bn: Math.round(bn * 100), plain: Math.round(plain * 100) });
      key.dataset.value = JSON.stringify({ bn, plain, n: done.length });
    }
    status.textContent = lt('batchnorm.progress', { done: s.scales, total: s.scales });
    grid.dataset.done = 'true';
  };

  const updateStats = latestOnly(async () => {
    save();
    try {
      await labData(lab).ensureFashion();
    } catch {
      return; // the grid's status says what to do
    }
    const r = await runStats<StatsResult>('batchnorm.stats', statsQuery(s));
    if (!r) return;
    const draw = (c: typeof before, st: Stats) => c.draw((ctx, w, hgt) => lines(ctx, w, hgt, [
      { name: lt('batchnorm.mean'), ys: st.mean, color: COLORS[0] },
      { name: lt('batchnorm.var'), ys: st.var, color: COLORS[1] },
    ], { xLabel: lt('batchnorm.feature'), x: [0, Math.max(1, st.mean.length - 1)], y: padded([...st.mean, ...st.var]) }));
    draw(before, r.before);
    draw(after, r.after);
    statsStatus.textContent = lt('batchnorm.statsKey', { m: fmt(Math.max(...r.after.mean.map(Math.abs)), 4), v: fmt(mean(r.after.var), 4) });
  });

  const renderControls = () => {
    const change = (next: Partial<Settings>) => { s = { ...s, ...next }; renderControls(); void fill(); };
    controls.replaceChildren(
      choices(lt('batchnorm.optimizer'), OPTIMIZERS.map((o) => ({ value: o, text: o === 'sgd' ? 'SGD' : o === 'adagrad' ? 'AdaGrad' : o[0]!.toUpperCase() + o.slice(1) })), s.optimizer, (v) => change({ optimizer: v }), 'batchnorm-optimizer'),
      slider(lt('batchnorm.lr'), schema.lr, s.lr, (v) => { s = { ...s, lr: v }; void fill(); }, { log: true, testid: 'batchnorm-lr' }),
      slider(lt('batchnorm.epochs'), schema.epochs, s.epochs, (v) => { s = { ...s, epochs: v }; void fill(); }, { testid: 'batchnorm-epochs' }),
      slider(lt('batchnorm.scales'), schema.scales, s.scales, (v) => { s = { ...s, scales: v }; void fill(); }, { testid: 'batchnorm-scales' }),
    );
  };
  renderControls();
  el.append(controls, key, status,
    h('p', { class: 'muted small' }, lt('batchnorm.legend')), grid,
    h('h3', {}, lt('batchnorm.statsTitle')),
    slider(lt('batchnorm.statsScale'), schema.stats_scale, s.stats_scale, (v) => { s = { ...s, stats_scale: v }; updateStats(); }, { log: true, testid: 'batchnorm-stats-scale' }),
    statsStatus,
    h('div', { class: 'lab-figures' },
      h('figure', { class: 'lab-figure' }, h('figcaption', {}, lt('batchnorm.before')), before.el),
      h('figure', { class: 'lab-figure' }, h('figcaption', {}, lt('batchnorm.after')), after.el)));
  void fill();
  updateStats();
}
