// Page 3: step, sigmoid, tanh, ReLU and leaky ReLU with their derivatives
// (each through the engine's layer: forward, and backward with upstream 1),
// and softmax of an editable vector with its shift invariance and the
// overflow-safe form. Engine: `activation.curves`, `activation.softmax`.

import { h } from '../../ui/dom';
import { latestOnly, type LabClient } from '../client';
import { numberBox, numberList, runner, slider } from '../controls';
import { lines, makeCanvas } from '../draw';
import type { PageParams } from '../pages';
import { list, num, readSettings, writeSettings, type Values } from '../settings';
import { fmt, lt } from '../text';

export const schema = {
  range: num(5, 1, 100),
  alpha: num(0.1, 0, 1),
  v: list([1010, 1000, 990], -1e6, 1e6, [1, 20]),
  shift: num(0, -1e6, 1e6),
};
type Settings = Values<typeof schema>;

interface Curves {
  x: number[];
  functions: { name: string; y: (number | null)[]; dy: (number | null)[] }[];
}
interface Softmax {
  v: number[];
  softmax: (number | null)[];
  sum: number | null;
  shifted: number[];
  softmax_shifted: (number | null)[];
  max_shift_difference: number | null;
  naive: (number | null)[];
  naive_finite: boolean;
}

export function setup(el: HTMLElement, lab: LabClient, params: PageParams): void {
  let s: Settings = readSettings(schema, params.query);
  const status = h('p', { class: 'lab-status', role: 'status' });
  const run = runner(lab, params.signal, status);
  const fPlot = makeCanvas(0.6, 'lab-plot', lt('activations.function'));
  const dPlot = makeCanvas(0.6, 'lab-plot-derivative', lt('activations.derivative'));
  const key = h('p', { class: 'lab-key', 'data-testid': 'lab-key' });
  const table = h('div', { class: 'lab-scroll' });
  const save = () => params.save(writeSettings(schema, s));

  const updateCurves = latestOnly(async () => {
    save();
    const r = await run<Curves>('activation.curves', `min=${-s.range}&max=${s.range}&points=201&alpha=${s.alpha}`);
    if (!r) return;
    const opts = { xLabel: 'x', x: [r.x[0]!, r.x[r.x.length - 1]!] as const };
    fPlot.draw((ctx, w, hgt) => lines(ctx, w, hgt, r.functions.map((f) => ({ name: f.name, ys: f.y, xs: r.x })), opts));
    dPlot.draw((ctx, w, hgt) => lines(ctx, w, hgt, r.functions.map((f) => ({ name: f.name, ys: f.dy, xs: r.x })), { ...opts, y: [-0.1, 1.1] }));
  });

  const updateSoftmax = latestOnly(async () => {
    save();
    const r = await run<Softmax>('activation.softmax', `v=${s.v.join(',')}&shift=${s.shift}`);
    if (!r) return;
    key.textContent = `softmax = [${r.softmax.map((p) => fmt(p)).join(', ')}] · ${lt('activations.sum', { sum: fmt(r.sum) })}`;
    key.dataset.value = r.softmax.map((p) => String(p)).join(',');
    const row = (head: string, vals: (number | null)[], testid?: string) => h('tr', { 'data-testid': testid }, h('th', {}, head), vals.map((v) => h('td', {}, fmt(v))));
    table.replaceChildren(h('table', { class: 'lab-table' }, h('tbody', {},
      row('v', r.v),
      row(lt('activations.safe'), r.softmax, 'lab-softmax'),
      row(`v + ${fmt(s.shift)}`, r.shifted),
      row(`softmax(v + ${fmt(s.shift)})`, r.softmax_shifted),
      row(lt('activations.naive'), r.naive, 'lab-naive'),
    )), h('p', { class: 'muted' }, `max |Δ| = ${fmt(r.max_shift_difference)} · ${lt('activations.naive')}: ${r.naive_finite ? 'finite' : '∞ / NaN'}`));
  });

  const softControls = h('div', { class: 'lab-controls' });
  const renderSoftControls = () => softControls.replaceChildren(
    numberList(lt('activations.scores'), schema.v, s.v, (v) => { s = { ...s, v }; updateSoftmax(); }, 'lab-scores'),
    numberBox(lt('activations.shift'), schema.shift, s.shift, (v) => { s = { ...s, shift: v }; updateSoftmax(); }, 'lab-shift'),
    h('div', { class: 'lab-buttons' },
      h('button', { type: 'button', class: 'btn', onclick: () => { s = { ...s, v: [1010, 1000, 990] }; renderSoftControls(); updateSoftmax(); } }, '1010, 1000, 990'),
      h('button', { type: 'button', class: 'btn', onclick: () => { s = { ...s, v: [0.3, 2.9, 4] }; renderSoftControls(); updateSoftmax(); } }, '0.3, 2.9, 4'),
      h('button', { type: 'button', class: 'btn', onclick: () => { s = { ...s, v: [...s.v, 0] }; renderSoftControls(); updateSoftmax(); }, disabled: s.v.length >= 20 }, '+'),
      h('button', { type: 'button', class: 'btn', onclick: () => { s = { ...s, v: s.v.slice(0, -1) }; renderSoftControls(); updateSoftmax(); }, disabled: s.v.length <= 1 }, '−')),
  );
  renderSoftControls();

  el.append(
    h('div', { class: 'lab-controls' },
      slider('x: ±', schema.range, s.range, (v) => { s = { ...s, range: v }; updateCurves(); }, { step: 1 }),
      slider('leaky ReLU α', schema.alpha, s.alpha, (v) => { s = { ...s, alpha: v }; updateCurves(); }, { step: 0.01 })),
    status,
    h('div', { class: 'lab-figures' },
      h('figure', { class: 'lab-figure' }, h('figcaption', {}, lt('activations.function')), fPlot.el),
      h('figure', { class: 'lab-figure' }, h('figcaption', {}, lt('activations.derivative')), dPlot.el)),
    h('h3', {}, lt('activations.softmax')),
    softControls, key, table,
  );
  updateCurves();
  updateSoftmax();
}
