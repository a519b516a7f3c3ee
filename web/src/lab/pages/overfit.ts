// Page 13: overfitting, weight decay and dropout. The book's deep MLP on 300
// Fashion-MNIST training images, train and test accuracy per epoch, three
// runs side by side: no regularization (the gap), weight decay (lambda
// slider) and dropout (ratio slider). One engine call per run.
// Engine: `overfit.train`.

import { h } from '../../ui/dom';
import type { LabClient } from '../client';
import { button, runner, slider } from '../controls';
import { COLORS, lines, makeCanvas } from '../draw';
import { fashionReady } from '../data';
import type { PageParams } from '../pages';
import { int, num, readSettings, writeSettings, type Values } from '../settings';
import { lt } from '../text';
import './pages-10-18.css';

export const schema = {
  n_train: int(300, 50, 1500),
  epochs: int(50, 1, 500),
  lr: num(0.05, 1e-5, 1),
  weight_decay: num(0.1, 0, 1),
  dropout: num(0.2, 0, 0.9),
  seed: int(1, 0, 1_000_000),
};
type Settings = Values<typeof schema>;

export const RUNS = ['none', 'decay', 'dropout'] as const;
export type Run = (typeof RUNS)[number];

/** The query of one of the three runs: only its own regularization switched on. */
export function runQuery(s: Settings, run: Run): string {
  const wd = run === 'decay' ? s.weight_decay : 0;
  const dr = run === 'dropout' ? s.dropout : 0;
  return `n_train=${s.n_train}&epochs=${s.epochs}&lr=${s.lr}&seed=${s.seed}&weight_decay=${wd}&dropout=${dr}`;
}

interface OverfitResult {
  train_acc: number[];
  test_acc: number[];
  final_train_acc: number;
  final_test_acc: number;
  gap: number;
}

const pct = (v: number) => `${(v * 100).toFixed(1)}%`;

export function setup(el: HTMLElement, lab: LabClient, params: PageParams): void {
  let s: Settings = readSettings(schema, params.query);
  const status = h('p', { class: 'lab-status lab-progress', role: 'status' });
  const key = h('p', { class: 'lab-key', 'data-testid': 'lab-key' });
  const canvases = RUNS.map((r, i) => makeCanvas(0.7, i === 0 ? 'lab-plot' : `lab-plot-${r}`, lt(`overfit.${r}`)));
  const captions = RUNS.map(() => h('figcaption', {}));
  const controls = h('div', { class: 'lab-controls' });
  const run = runner(lab, params.signal, status);
  const save = () => params.save(writeSettings(schema, s));

  let current = 0;
  const train = async () => {
    const mine = ++current;
    save();
    if (!(await fashionReady(lab, status))) return;
    const gaps: Partial<Record<Run, number>> = {};
    for (const [i, name] of RUNS.entries()) {
      if (mine !== current || params.signal.aborted) return;
      status.textContent = lt('overfit.progress', { done: i, total: RUNS.length });
      status.className = 'lab-status lab-progress';
      const r = await run<OverfitResult>('overfit.train', runQuery(s, name));
      if (!r || mine !== current) return;
      gaps[name] = r.gap;
      captions[i]!.textContent = lt('overfit.caption', { name: lt(`overfit.${name}`), train: pct(r.final_train_acc), test: pct(r.final_test_acc), gap: (r.gap * 100).toFixed(1) });
      canvases[i]!.draw((ctx, w, hgt) => lines(ctx, w, hgt, [
        { name: lt('overfit.train'), ys: r.train_acc, color: COLORS[0] },
        { name: lt('overfit.test'), ys: r.test_acc, color: COLORS[1], dash: [5, 3] },
      ], { xLabel: lt('batchnorm.epochs'), yLabel: lt('overfit.accuracy'), y: [0, 1], x: [0, Math.max(1, s.epochs - 1)] }));
      key.textContent = lt('overfit.key', { gaps: RUNS.filter((n) => gaps[n] !== undefined).map((n) => `${lt(`overfit.${n}`)} ${(gaps[n]! * 100).toFixed(1)}`).join(' · ') });
      key.dataset.value = JSON.stringify(gaps);
    }
    status.textContent = lt('overfit.progress', { done: RUNS.length, total: RUNS.length });
  };

  const renderControls = () => {
    controls.replaceChildren(
      slider(lt('overfit.lambda'), schema.weight_decay, s.weight_decay, (v) => { s = { ...s, weight_decay: v }; save(); }, { step: 0.01, testid: 'overfit-lambda' }),
      slider(lt('overfit.ratio'), schema.dropout, s.dropout, (v) => { s = { ...s, dropout: v }; save(); }, { step: 0.05, testid: 'overfit-dropout' }),
      slider(lt('batchnorm.epochs'), schema.epochs, s.epochs, (v) => { s = { ...s, epochs: v }; save(); }, { step: 10, testid: 'overfit-epochs' }),
      slider(lt('overfit.images'), schema.n_train, s.n_train, (v) => { s = { ...s, n_train: v }; save(); }, { step: 50, testid: 'overfit-images' }),
      h('div', { class: 'lab-buttons' }, button(lt('overfit.run'), () => void train(), 'btn primary', 'overfit-run')),
    );
  };
  renderControls();
  el.append(controls, key, status, h('div', { class: 'lab-figures' }, RUNS.map((_, i) => h('figure', { class: 'lab-figure' }, captions[i], canvases[i]!.el))));
  void train();
}
