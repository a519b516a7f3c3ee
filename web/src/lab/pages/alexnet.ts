// Page 18: AlexNet and LRN. The layer table of the alexnet-small preset
// (output shape, parameters and operations per layer, as the engine builds
// it, with each layer's share drawn), and the engine's LRN layer on one
// pixel's channel vector with k, n, alpha and beta as controls.
// Engine: `alexnet.table`, `lrn.demo`.

import { h } from '../../ui/dom';
import { latestOnly, type LabClient } from '../client';
import { choices, numberList, runner, slider } from '../controls';
import { COLORS, frame, histogram, lines, makeCanvas } from '../draw';
import type { PageParams } from '../pages';
import { int, list, num, readSettings, writeSettings, type Values } from '../settings';
import { fmt, lt } from '../text';
import './pages-10-18.css';

export const schema = {
  size: int(64, 32, 128),
  channels: int(3, 1, 3),
  classes: int(6, 2, 100),
  /** LRN: one pixel's channel values (engine `input`). */
  x: list([1, 2, 3, 4, 5, 6, 7, 8], -100, 100, [1, 64]),
  /** LRN: channels in the window (engine `size`). */
  n: int(5, 1, 15),
  alpha: num(1e-4, 0, 10),
  beta: num(0.75, 0, 2),
  k: num(2, 0.01, 10),
};
type Settings = Values<typeof schema>;

export function tableQuery(s: Settings): string {
  return `size=${s.size}&channels=${s.channels}&classes=${s.classes}`;
}
export function lrnQuery(s: Settings): string {
  return writeSettings({ input: schema.x, size: schema.n, alpha: schema.alpha, beta: schema.beta, k: schema.k }, { input: s.x, size: s.n, alpha: s.alpha, beta: s.beta, k: s.k });
}

interface Layer {
  index: number;
  type: string;
  describe: string;
  out: number[];
  params: number;
  flops: number;
}
interface TableResult {
  layers: Layer[];
  total_params: number;
  total_flops: number;
}
interface LrnResult {
  x: number[];
  y: number[];
  s: number[];
}

const big = (v: number) => (v >= 1e6 ? `${(v / 1e6).toFixed(2)} M` : v >= 1e3 ? `${(v / 1e3).toFixed(1)} k` : String(v));

export function setup(el: HTMLElement, lab: LabClient, params: PageParams): void {
  let s: Settings = readSettings(schema, params.query);
  const status = h('p', { class: 'lab-status', role: 'status' });
  const key = h('p', { class: 'lab-key', 'data-testid': 'lab-key' });
  const table = h('div', { class: 'lab-scroll' });
  const shares = makeCanvas(0.5, 'lab-plot', lt('alexnet.shares'));
  const lrnPlot = makeCanvas(0.5, 'lab-plot-lrn', lt('alexnet.lrnTitle'));
  const lrnKey = h('p', { class: 'lab-value', 'data-testid': 'lrn-key' });
  const controls = h('div', { class: 'lab-controls' });
  const lrnControls = h('div', { class: 'lab-controls' });
  const run = runner(lab, params.signal, status);
  const save = () => params.save(writeSettings(schema, s));

  const updateTable = latestOnly(async () => {
    save();
    const r = await run<TableResult>('alexnet.table', tableQuery(s));
    if (!r) return;
    key.textContent = lt('alexnet.key', { params: big(r.total_params), flops: big(r.total_flops), n: r.layers.length });
    key.dataset.value = String(r.total_params);
    table.replaceChildren(h('table', { class: 'lab-table', 'data-testid': 'alexnet-table' },
      h('thead', {}, h('tr', {}, ['#', lt('alexnet.layer'), lt('alexnet.out'), lt('alexnet.params'), lt('alexnet.flops')].map((t) => h('th', {}, t)))),
      h('tbody', {}, r.layers.map((l) => h('tr', {}, h('td', {}, String(l.index)), h('td', {}, l.describe), h('td', {}, l.out.join('×')), h('td', {}, big(l.params)), h('td', {}, big(l.flops))))),
      h('tfoot', {}, h('tr', {}, h('td', {}, ''), h('td', {}, lt('alexnet.total')), h('td', {}, ''), h('td', {}, big(r.total_params)), h('td', {}, big(r.total_flops))))));
    const n = r.layers.length;
    shares.draw((ctx, w, hgt) => {
      const p = r.layers.map((l) => (100 * l.params) / (r.total_params || 1));
      const f = r.layers.map((l) => (100 * l.flops) / (r.total_flops || 1));
      const fr = frame(ctx, w, hgt, [0.5, n + 0.5], [0, 100], { xLabel: lt('alexnet.layerNo'), yLabel: '%' });
      // Two bars per layer: parameters (left half), operations (right half).
      histogram(fr, p.flatMap((v, i) => [v, f[i]!]).map((v, i) => (i % 2 === 0 ? v : 0)), [0.5, n + 0.5], COLORS[0]);
      histogram(fr, p.flatMap((v, i) => [v, f[i]!]).map((v, i) => (i % 2 === 1 ? v : 0)), [0.5, n + 0.5], COLORS[1]);
      ctx.save();
      ctx.fillStyle = COLORS[0]!;
      ctx.fillText(`■ ${lt('alexnet.params')}`, fr.left + fr.width - 150, fr.top + 14);
      ctx.fillStyle = COLORS[1]!;
      ctx.fillText(`■ ${lt('alexnet.flops')}`, fr.left + fr.width - 150, fr.top + 32);
      ctx.restore();
    });
  });

  const updateLrn = latestOnly(async () => {
    save();
    const r = await run<LrnResult>('lrn.demo', lrnQuery(s));
    if (!r) return;
    const i = r.x.length - 1;
    lrnKey.textContent = lt('alexnet.lrnKey', { c: i + 1, x: fmt(r.x[i]), s: fmt(r.s[i]), y: fmt(r.y[i]) });
    lrnKey.dataset.value = String(r.y[i]);
    lrnPlot.draw((ctx, w, hgt) => lines(ctx, w, hgt, [{ name: 'a (in)', ys: r.x }, { name: 'b (LRN)', ys: r.y }], { xLabel: lt('alexnet.channel'), x: [0, Math.max(1, r.x.length - 1)] }));
  });

  const renderControls = () => {
    const change = (next: Partial<Settings>) => { s = { ...s, ...next }; renderControls(); updateTable(); };
    controls.replaceChildren(
      choices(lt('alexnet.size'), [32, 64, 96, 128].map((v) => ({ value: String(v), text: `${v} px` })), String(s.size), (v) => change({ size: Number(v) }), 'alexnet-size'),
      choices(lt('alexnet.channels'), [{ value: '1', text: lt('alexnet.grey') }, { value: '3', text: lt('alexnet.colour') }], String(s.channels), (v) => change({ channels: Number(v) }), 'alexnet-channels'),
      slider(lt('alexnet.classes'), schema.classes, s.classes, (v) => { s = { ...s, classes: v }; updateTable(); }, { testid: 'alexnet-classes' }),
    );
    const lrn = (next: Partial<Settings>) => { s = { ...s, ...next }; updateLrn(); };
    lrnControls.replaceChildren(
      numberList(lt('alexnet.x'), schema.x, s.x, (v) => lrn({ x: v }), 'lrn-x'),
      slider('k', schema.k, s.k, (v) => lrn({ k: v }), { step: 0.1, testid: 'lrn-k' }),
      slider('n', schema.n, s.n, (v) => lrn({ n: v }), { testid: 'lrn-n' }),
      slider('α', { ...schema.alpha, min: 1e-5 }, Math.max(1e-5, s.alpha), (v) => lrn({ alpha: v }), { log: true, testid: 'lrn-alpha' }),
      slider('β', schema.beta, s.beta, (v) => lrn({ beta: v }), { step: 0.05, testid: 'lrn-beta' }),
    );
  };
  renderControls();
  el.append(controls, key, status, table, h('figure', { class: 'lab-figure' }, h('figcaption', {}, lt('alexnet.shares')), shares.el),
    h('h3', {}, lt('alexnet.lrnTitle')), h('p', { class: 'lab-formula' }, 'b_i = a_i / (k + α/n · Σ_j a_j²)^β'), lrnControls, lrnKey,
    h('figure', { class: 'lab-figure' }, lrnPlot.el));
  updateTable();
  updateLrn();
}
