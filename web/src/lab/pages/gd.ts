// Page 5: gradient descent on f = x0² + x1² from (−3, 4), with the
// learning rate as the control (0.1 converges, 10 diverges, 1e-10 does not
// move). Engine: `gd.path` (the engine's SGD on a two-parameter model).

import { h } from '../../ui/dom';
import { latestOnly, type LabClient } from '../client';
import { button, numberBox, runner, slider } from '../controls';
import { COLORS, frame, makeCanvas, marker, path, vectorField, type Point } from '../draw';
import type { PageParams } from '../pages';
import { int, num, readSettings, writeSettings, type Values } from '../settings';
import { fmt, lt } from '../text';

export const schema = {
  lr: num(0.1, 1e-12, 100),
  steps: int(30, 1, 1000),
  x0: num(-3, -10, 10),
  x1: num(4, -10, 10),
};
type Settings = Values<typeof schema>;

interface GdResult {
  path: (Point | null)[];
  values: (number | null)[];
  final: [number | null, number | null];
  final_value: number | null;
  diverged: boolean;
  moved: boolean;
  field: { range: [number, number]; size: number; vectors: [number, number, number, number][] };
}

const PRESETS = [0.1, 10, 1e-10];

export function setup(el: HTMLElement, lab: LabClient, params: PageParams): void {
  let s: Settings = readSettings(schema, params.query);
  const status = h('p', { class: 'lab-status', role: 'status' });
  const key = h('p', { class: 'lab-key', 'data-testid': 'lab-key' });
  const plot = makeCanvas(0.8, 'lab-plot', lt('gd.title'));
  const values = makeCanvas(0.35, 'lab-plot-values');
  const controls = h('div', { class: 'lab-controls' });
  const run = runner(lab, params.signal, status);

  const update = latestOnly(async () => {
    params.save(writeSettings(schema, s));
    const r = await run<GdResult>('gd.path', `${writeSettings(schema, s)}&field=15`);
    if (!r) return;
    const [fx, fy] = r.final;
    key.textContent = lt('gd.final', { steps: s.steps, x0: fmt(fx), x1: fmt(fy), f: fmt(r.final_value) });
    key.dataset.value = String(r.final_value);
    plot.draw((ctx, w, hgt) => {
      const range = r.field.range;
      const f = frame(ctx, w, hgt, range, range, { square: true, xLabel: 'x0', yLabel: 'x1' });
      vectorField(f, r.field.vectors.map(([x, y, gx, gy]) => [x, y, -gx, -gy] as const));
      path(f, r.path, COLORS[1]!, { dots: true });
      marker(f, [s.x0, s.x1], COLORS[0]!, lt('gd.start'));
      marker(f, [0, 0], '#333', '', 3);
    });
    values.draw((ctx, w, hgt) => {
      const ys = r.values.map((v) => (v === null || v <= 0 ? null : v));
      const f = frame(ctx, w, hgt, [0, Math.max(1, r.values.length - 1)], clampRange(ys), { logY: true, xLabel: lt('gd.steps'), yLabel: 'f' });
      path(f, ys.map((v, i) => (v === null ? null : [i, v] as const)), COLORS[1]!, { dots: r.values.length < 60 });
    });
  });

  const renderControls = () => {
    controls.replaceChildren(
      numberBox(lt('gd.lr'), schema.lr, s.lr, (v) => { s = { ...s, lr: v }; renderControls(); update(); }, 'lab-lr'),
      h('div', { class: 'lab-buttons' }, PRESETS.map((p) => button(`lr = ${p}`, () => { s = { ...s, lr: p }; renderControls(); update(); }, `btn lab-choice${s.lr === p ? ' active' : ''}`, `lab-lr-${p}`))),
      slider(lt('gd.steps'), schema.steps, s.steps, (v) => { s = { ...s, steps: v }; update(); }),
    );
  };
  renderControls();
  el.append(controls, key, status,
    h('figure', { class: 'lab-figure lab-square' }, plot.el),
    h('figure', { class: 'lab-figure' }, h('figcaption', {}, 'f(x0, x1)'), values.el));
  update();
}

/** Log-axis range of positive values (the diverging path spans many decades). */
function clampRange(ys: (number | null)[]): [number, number] {
  const pos = ys.filter((v): v is number => v !== null && Number.isFinite(v) && v > 0);
  if (!pos.length) return [1e-3, 1e3];
  const lo = Math.min(...pos);
  const hi = Math.max(...pos);
  return lo === hi ? [lo / 10, hi * 10] : [Math.max(lo, hi * 1e-30), hi];
}
