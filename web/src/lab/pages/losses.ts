// Page 4: MSE, cross-entropy, binary cross-entropy and RMSE of an editable
// prediction against a one-hot target, with the book's two examples
// (MSE 0.0975 / 0.5975, CE 0.5108 / 2.3026). Engine: `loss.compare`; the
// curves over p are a sweep of the same call on two-class predictions.

import { h } from '../../ui/dom';
import { latestOnly, type LabClient } from '../client';
import { choices, numberList, runner } from '../controls';
import { COLORS, frame, histogram, lines, makeCanvas, marker } from '../draw';
import type { PageParams } from '../pages';
import { int, list, readSettings, writeSettings, type Values } from '../settings';
import { fmt, lt } from '../text';

export const BOOK_RIGHT = [0.1, 0.05, 0.6, 0, 0.05, 0.1, 0, 0.1, 0, 0];
export const BOOK_WRONG = [0.1, 0.05, 0.1, 0, 0.05, 0.1, 0, 0.6, 0, 0];

export const schema = {
  y: list(BOOK_RIGHT, 0, 1, [2, 20]),
  t: int(2, 0, 19),
};
type Settings = Values<typeof schema>;

interface Losses {
  y: number[];
  t: number[];
  mse: number | null;
  rmse: number | null;
  ce: number | null;
  bce: number | null;
  sum: number;
}

export function setup(el: HTMLElement, lab: LabClient, params: PageParams): void {
  let s: Settings = readSettings(schema, params.query);
  if (s.t >= s.y.length) s = { ...s, t: 0 };
  const status = h('p', { class: 'lab-status', role: 'status' });
  const run = runner(lab, params.signal, status);
  const key = h('p', { class: 'lab-key', 'data-testid': 'lab-key' });
  const bars = makeCanvas(0.5, 'lab-plot', lt('losses.prediction'));
  const sweep = makeCanvas(0.55, 'lab-plot-sweep', lt('losses.curve'));
  const table = h('div', { class: 'lab-scroll' });
  const controls = h('div', { class: 'lab-controls' });

  const update = latestOnly(async () => {
    params.save(writeSettings(schema, s));
    const r = await run<Losses>('loss.compare', writeSettings(schema, s));
    if (!r) return;
    key.textContent = `MSE ${fmt(r.mse)} · CE ${fmt(r.ce)}`;
    key.dataset.value = `${r.mse},${r.ce}`;
    table.replaceChildren(h('table', { class: 'lab-table', 'data-testid': 'lab-losses' }, h('tbody', {},
      [['MSE  ½Σ(y−t)²', r.mse], ['RMSE', r.rmse], ['CE  −log y_t', r.ce], ['BCE', r.bce], ['Σy', r.sum]].map(([n, v]) => h('tr', {}, h('th', {}, String(n)), h('td', {}, fmt(v as number | null)))))));
    bars.draw((ctx, w, hgt) => {
      const f = frame(ctx, w, hgt, [0, r.y.length], [0, 1], { xLabel: lt('losses.target'), yLabel: 'y' });
      histogram(f, r.y, [0, r.y.length], COLORS[2]!);
      marker(f, [s.t + 0.5, 1], COLORS[1]!, 't', 6);
    });
  });

  // Loss against the probability p of the right class (two classes: [p, 1 − p], target 0), each point one engine call.
  void (async () => {
    const ps = Array.from({ length: 20 }, (_, i) => (i + 1) / 20);
    const rs: Losses[] = [];
    for (const p of ps) {
      const r = await run<Losses>('loss.compare', `y=${p},${Number((1 - p).toFixed(4))}&t=0`);
      if (!r) return;
      rs.push(r);
    }
    sweep.draw((ctx, w, hgt) => lines(ctx, w, hgt, [
      { name: 'CE', ys: rs.map((r) => r.ce), xs: ps },
      { name: 'MSE', ys: rs.map((r) => r.mse), xs: ps },
      { name: 'BCE', ys: rs.map((r) => r.bce), xs: ps, dash: [6, 4] },
    ], { xLabel: 'p', x: [0, 1] }));
  })();

  const renderControls = () => controls.replaceChildren(
    numberList(lt('losses.prediction'), schema.y, s.y, (y) => { s = { ...s, y }; update(); }, 'lab-y'),
    choices(lt('losses.target'), s.y.map((_, i) => ({ value: String(i), text: String(i) })), String(s.t), (v) => { s = { ...s, t: Number(v) }; renderControls(); update(); }, 'lab-t'),
    choices(lt('losses.preset'), [{ value: 'good', text: lt('losses.good') }, { value: 'bad', text: lt('losses.bad') }],
      s.t === 2 && same(s.y, BOOK_RIGHT) ? 'good' : s.t === 2 && same(s.y, BOOK_WRONG) ? 'bad' : ('' as 'good'),
      (v) => { s = { y: v === 'good' ? [...BOOK_RIGHT] : [...BOOK_WRONG], t: 2 }; renderControls(); update(); }, 'lab-preset'),
  );
  renderControls();
  el.append(controls, key, status,
    h('div', { class: 'lab-figures' }, h('figure', { class: 'lab-figure' }, bars.el), h('figure', { class: 'lab-figure' }, table)),
    h('figure', { class: 'lab-figure' }, h('figcaption', {}, lt('losses.curve')), sweep.el));
  update();
}

function same(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}
