// Page 7: the same net on the same data trained with the whole set per
// step, one example per step, and mini-batches of 8/32/128: loss per epoch,
// loss against time, and the loss of each step (SGD's noise). Engine:
// `batch.compare` (one call trains all five runs; a button starts it).

import { h } from '../../ui/dom';
import type { LabClient } from '../client';
import { button, choices, runner, slider } from '../controls';
import { COLORS, lines, makeCanvas } from '../draw';
import type { PageParams } from '../pages';
import { choice, int, num, readSettings, writeSettings, type Values } from '../settings';
import { fmt, lt } from '../text';

const DATA = ['xor', 'circles', 'spirals', 'gaussians'] as const;

export const schema = {
  data: choice<(typeof DATA)[number]>('spirals', DATA),
  n: int(256, 32, 1024),
  noise: num(0.1, 0, 1),
  epochs: int(20, 1, 100),
  lr: num(0.1, 1e-4, 10),
  seed: int(1, 0, 1e9),
};
type Settings = Values<typeof schema>;

interface Run {
  name: string;
  batch: number;
  loss: (number | null)[];
  seconds: number[];
  step_loss: (number | null)[];
  steps: number;
}

export function setup(el: HTMLElement, lab: LabClient, params: PageParams): void {
  let s: Settings = readSettings(schema, params.query);
  const status = h('p', { class: 'lab-status', role: 'status' });
  const run = runner(lab, params.signal, status);
  const key = h('div', { class: 'lab-key', 'data-testid': 'lab-key' });
  const perEpoch = makeCanvas(0.6, 'lab-plot', lt('batch.perEpoch'));
  const perTime = makeCanvas(0.6, 'lab-plot-time', lt('batch.perSecond'));
  const perStep = makeCanvas(0.45, 'lab-plot-steps', lt('batch.perStep'));
  const controls = h('div', { class: 'lab-controls' });
  const go = button(lt('lab.run'), () => void compute(), 'btn primary', 'lab-run');
  let busy = false;

  const name = (r: Run) => (r.name === 'full' ? `${lt('batch.full')} (${r.batch})` : `${r.name} (${r.batch})`);
  const compute = async () => {
    if (busy) return;
    busy = true;
    go.disabled = true;
    params.save(writeSettings(schema, s));
    const r = await run<{ runs: Run[] }>('batch.compare', writeSettings(schema, s));
    busy = false;
    go.disabled = false;
    if (!r) return;
    key.replaceChildren(...r.runs.map((x) => h('div', { 'data-run': x.name },
      lt('batch.summary', { name: name(x), steps: x.steps, loss: fmt(x.loss[x.loss.length - 1]), ms: Math.round((x.seconds[x.seconds.length - 1] ?? 0) * 1000) }))));
    key.dataset.value = r.runs.map((x) => `${x.name}:${x.loss[x.loss.length - 1]}`).join(';');
    perEpoch.draw((ctx, w, hgt) => lines(ctx, w, hgt, r.runs.map((x, i) => ({ name: name(x), ys: x.loss, color: COLORS[i] })), { xLabel: 'epoch', yLabel: 'loss', logY: true }));
    perTime.draw((ctx, w, hgt) => lines(ctx, w, hgt, r.runs.map((x, i) => ({ name: name(x), ys: x.loss, xs: x.seconds.map((t) => t * 1000), color: COLORS[i] })), { xLabel: 'ms', yLabel: 'loss', logY: true }));
    const first = 200;
    perStep.draw((ctx, w, hgt) => lines(ctx, w, hgt, r.runs.map((x, i) => ({ name: name(x), ys: x.step_loss.slice(0, first), color: COLORS[i] })).filter((_, i) => r.runs[i]!.batch <= 32), { xLabel: 'step', yLabel: 'loss' }));
  };

  const renderControls = () => controls.replaceChildren(
    choices(lt('mlp.data'), DATA.map((d) => ({ value: d, text: d })), s.data, (v) => { s = { ...s, data: v }; renderControls(); }),
    slider(lt('batch.epochs'), schema.epochs, s.epochs, (v) => { s = { ...s, epochs: v }; }, { step: 1 }),
    slider(lt('batch.lr'), schema.lr, s.lr, (v) => { s = { ...s, lr: v }; }, { log: true }),
    slider('n', schema.n, s.n, (v) => { s = { ...s, n: v }; }, { step: 32 }),
    slider(lt('lab.seed'), { kind: 'int', def: 1, min: 0, max: 100 }, Math.min(100, s.seed), (v) => { s = { ...s, seed: v }; }),
  );
  renderControls();
  el.append(controls, h('div', { class: 'lab-buttons' }, go), key, status,
    h('div', { class: 'lab-figures' },
      h('figure', { class: 'lab-figure' }, h('figcaption', {}, lt('batch.perEpoch')), perEpoch.el),
      h('figure', { class: 'lab-figure' }, h('figcaption', {}, lt('batch.perSecond')), perTime.el)),
    h('figure', { class: 'lab-figure' }, h('figcaption', {}, lt('batch.perStep')), perStep.el));
  void compute();
}
