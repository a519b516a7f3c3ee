// Page 15: convolution and padding. The notebook's example (a 4x4 input and
// a 3x3 filter give [[15,16],[6,15]]; with padding 1 a 4x4 output), padding,
// stride and the filter as controls, the output-size formula, the window
// stepped through one position at a time, and the engine's im2col matrix
// (one column per window). Engine: `conv.example` (im2col + Conv2D).

import { h } from '../../ui/dom';
import { latestOnly, type LabClient } from '../client';
import { button, choices, runner } from '../controls';
import { matrixGrid } from '../draw';
import type { PageParams } from '../pages';
import { int, matrix, matrixText, parseMatrix, pick, readSettings, writeSettings, type Values } from '../settings';
import { lt } from '../text';
import './pages-10-18.css';

export const EXAMPLE_INPUT = [[1, 2, 3, 0], [0, 1, 2, 3], [3, 0, 1, 2], [2, 3, 0, 1]];
export const EXAMPLE_FILTER = [[2, 0, 1], [0, 1, 2], [1, 0, 2]];

export const schema = {
  input: matrix(EXAMPLE_INPUT, -1000, 1000, [1, 16], [1, 16]),
  filter: matrix(EXAMPLE_FILTER, -1000, 1000, [1, 7], [1, 7], true),
  pad: int(0, 0, 3),
  stride: int(1, 1, 4),
  /** The window shown (page only; not sent to the engine). */
  win: int(0, 0, 255),
};
type Settings = Values<typeof schema>;
/** The keys `conv.example` takes. */
export const ENGINE_KEYS = ['input', 'filter', 'pad', 'stride'] as const;

interface Window {
  oy: number;
  ox: number;
  top: number;
  left: number;
  products: number[][];
  sum: number;
}
interface ConvResult {
  padded: number[][];
  formula: { h: number; w: number; fh: number; fw: number; oh: number; ow: number };
  output: number[][];
  windows: Window[];
  im2col: { rows: number; cols: number; values: number[][] };
}

const flat = (m: number[][]) => ({ rows: m.length, cols: m[0]?.length ?? 0, data: m.flat() });

export function setup(el: HTMLElement, lab: LabClient, params: PageParams): void {
  let s: Settings = readSettings(schema, params.query);
  let result: ConvResult | null = null;
  let timer: ReturnType<typeof setInterval> | null = null;
  const status = h('p', { class: 'lab-status', role: 'status' });
  const key = h('p', { class: 'lab-key', 'data-testid': 'lab-key' });
  const formula = h('p', { class: 'lab-formula', 'data-testid': 'conv-formula' });
  const controls = h('div', { class: 'lab-controls' });
  const stepper = h('div', { class: 'lab-buttons' });
  const grids = h('div', { class: 'lab-grids', 'data-testid': 'lab-plot' });
  const im2col = h('div', { class: 'lab-scroll' });
  const run = runner(lab, params.signal, status);
  params.signal.addEventListener('abort', () => stop());

  const save = () => params.save(writeSettings(schema, s));

  const stop = () => {
    if (timer) clearInterval(timer);
    timer = null;
  };

  const show = () => {
    if (!result) return;
    const r = result;
    const n = r.windows.length;
    const k = Math.min(s.win, n - 1);
    const w = r.windows[k]!;
    const fh = r.formula.fh;
    const fw = r.formula.fw;
    const inWindow = new Set<number>();
    for (let i = 0; i < fh; i++) for (let j = 0; j < fw; j++) inWindow.add((w.top + i) * r.padded[0]!.length + w.left + j);
    const outCell = new Set([w.oy * r.formula.ow + w.ox]);
    grids.replaceChildren(
      h('figure', { class: 'lab-figure' }, matrixGrid(flat(r.padded), { highlight: inWindow, caption: s.pad ? lt('conv.padded', { p: s.pad }) : lt('conv.input'), testid: 'conv-padded' })),
      h('figure', { class: 'lab-figure' }, matrixGrid(flat(s.filter), { caption: lt('conv.filter') })),
      h('figure', { class: 'lab-figure' }, matrixGrid(flat(w.products), { caption: lt('conv.products', { sum: w.sum }) })),
      h('figure', { class: 'lab-figure' }, matrixGrid(flat(r.output), { highlight: outCell, caption: lt('conv.output'), testid: 'conv-output' })),
    );
    const col = new Set<number>();
    for (let i = 0; i < r.im2col.rows; i++) col.add(i * r.im2col.cols + k);
    im2col.replaceChildren(matrixGrid(flat(r.im2col.values), { highlight: col, caption: lt('conv.im2col', { rows: r.im2col.rows, cols: r.im2col.cols }), testid: 'conv-im2col' }));
    stepper.replaceChildren(
      button('←', () => { stop(); s = { ...s, win: (k + n - 1) % n }; save(); show(); }, 'btn', 'conv-prev'),
      h('span', { class: 'lab-value', 'data-testid': 'conv-window' }, lt('conv.window', { k: k + 1, n, sum: w.sum })),
      button('→', () => { stop(); s = { ...s, win: (k + 1) % n }; save(); show(); }, 'btn', 'conv-next'),
      button(timer ? lt('conv.stop') : lt('conv.play'), () => {
        if (timer) stop();
        else timer = setInterval(() => { s = { ...s, win: (s.win + 1) % n }; save(); show(); }, 800);
        show();
      }, 'btn', 'conv-play'),
    );
  };

  const update = latestOnly(async () => {
    save();
    const r = await run<ConvResult>('conv.example', pick(schema, s, ENGINE_KEYS));
    if (!r) return;
    result = r;
    const f = r.formula;
    formula.replaceChildren(
      h('span', {}, `OH = (${f.h} + 2·${s.pad} − ${f.fh}) / ${s.stride} + 1 = ${f.oh}`), h('br', {}),
      h('span', {}, `OW = (${f.w} + 2·${s.pad} − ${f.fw}) / ${s.stride} + 1 = ${f.ow}`));
    key.textContent = lt('conv.key', { out: JSON.stringify(r.output).replace(/,/g, ', ') });
    key.dataset.value = JSON.stringify(r.output);
    show();
  });

  const matrixBox = (label: string, field: typeof schema.input | typeof schema.filter, value: number[][], set: (m: number[][]) => void, testid: string) => {
    const input = h('input', {
      type: 'text', class: 'text-input lab-matrix-text', value: matrixText(value), 'aria-label': label, 'data-testid': testid, spellcheck: 'false',
      onchange: () => {
        const m = parseMatrix(field, input.value.replace(/\s+/g, ''));
        if (!m) {
          status.textContent = lt('conv.badMatrix', { max: field.rows[1] });
          status.className = 'lab-status error';
          return;
        }
        set(m);
      },
    });
    return h('label', { class: 'lab-control' }, h('span', { class: 'lab-label' }, label), input);
  };

  const renderControls = () => {
    const change = (next: Partial<Settings>) => { stop(); s = { ...s, ...next, win: 0 }; renderControls(); update(); };
    controls.replaceChildren(
      matrixBox(lt('conv.input'), schema.input, s.input, (m) => change({ input: m }), 'conv-input'),
      matrixBox(lt('conv.filter'), schema.filter, s.filter, (m) => change({ filter: m }), 'conv-filter'),
      choices(lt('conv.pad'), [0, 1, 2, 3].map((p) => ({ value: String(p), text: String(p) })), String(s.pad), (v) => change({ pad: Number(v) }), 'conv-pad'),
      choices(lt('conv.stride'), [1, 2, 3, 4].map((p) => ({ value: String(p), text: String(p) })), String(s.stride), (v) => change({ stride: Number(v) }), 'conv-stride'),
      h('div', { class: 'lab-buttons' },
        button(lt('conv.example'), () => change({ input: EXAMPLE_INPUT, filter: EXAMPLE_FILTER, pad: 0, stride: 1 }), 'btn', 'conv-example'),
        button(lt('conv.example1'), () => change({ input: EXAMPLE_INPUT, filter: EXAMPLE_FILTER, pad: 1, stride: 1 }), 'btn', 'conv-example-pad')),
    );
  };
  renderControls();
  el.append(controls, formula, key, status, stepper, grids, h('h3', {}, lt('conv.im2colTitle')), im2col);
  update();
}
