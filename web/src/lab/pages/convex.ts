// Page 6: a convex bowl, a surface with two minima, and the saddle x² − y²;
// the start point is chosen by tapping the plot; plain gradient descent and
// momentum from it. Engine: `surface.paths` (the engine's SGD and Momentum).

import { h } from '../../ui/dom';
import { latestOnly, type LabClient } from '../client';
import { choices, runner, slider } from '../controls';
import { COLORS, contours, frame, heatMap, legend, makeCanvas, marker, path, sequential, type Frame, type Point } from '../draw';
import type { PageParams } from '../pages';
import { choice, int, num, readSettings, writeSettings, type Values } from '../settings';
import { fmt, lt } from '../text';

const SURFACES = ['bowl', 'two_minima', 'saddle'] as const;

export const schema = {
  surface: choice<(typeof SURFACES)[number]>('two_minima', SURFACES),
  x: num(1.5, -2, 2),
  y: num(0.5, -2, 2),
  lr: num(0.05, 1e-4, 1),
  momentum: num(0.9, 0, 0.99),
  steps: int(100, 1, 1000),
};
type Settings = Values<typeof schema>;

interface PathResult {
  optimizer: string;
  points: (Point | null)[];
  values: (number | null)[];
  final: [number | null, number | null];
  final_value: number | null;
  left_range: boolean;
  steps_near_saddle: number;
}
interface Surface {
  surface: string;
  range: [number, number];
  grid: { size: number; z: (number | null)[] };
  minima: [number, number, number][];
  saddle: Point | null;
  paths: PathResult[];
}

export function setup(el: HTMLElement, lab: LabClient, params: PageParams): void {
  let s: Settings = readSettings(schema, params.query);
  const status = h('p', { class: 'lab-status', role: 'status' });
  const run = runner(lab, params.signal, status);
  const key = h('div', { class: 'lab-key', 'data-testid': 'lab-key' });
  const plot = makeCanvas(1, 'lab-plot', lt('convex.title'));
  const controls = h('div', { class: 'lab-controls' });
  let lastFrame: Frame | null = null;

  const update = latestOnly(async () => {
    params.save(writeSettings(schema, s));
    const r = await run<Surface>('surface.paths', `${writeSettings(schema, s)}&grid=41`);
    if (!r) return;
    const names: Record<string, string> = { sgd: lt('convex.gd'), momentum: lt('convex.mom') };
    key.replaceChildren(...r.paths.map((p) => h('div', { 'data-optimizer': p.optimizer },
      lt('convex.end', { name: names[p.optimizer] ?? p.optimizer, x: fmt(p.final[0], 3), y: fmt(p.final[1], 3), f: fmt(p.final_value, 4) }),
      r.saddle ? lt('convex.nearSaddle', { n: p.steps_near_saddle }) : '')));
    key.dataset.value = r.paths.map((p) => p.final.map((v) => fmt(v, 3)).join(',')).join(';');
    plot.draw((ctx, w, hgt) => {
      const f = frame(ctx, w, hgt, r.range, r.range, { square: true, xLabel: 'x', yLabel: 'y' });
      lastFrame = f;
      heatMap(f, r.grid.z, r.grid.size, r.range, sequential);
      const zs = r.grid.z.filter((v): v is number => v !== null && Number.isFinite(v)).sort((a, b) => a - b);
      const levels = Array.from({ length: 12 }, (_, i) => zs[Math.floor(((i + 0.5) / 12) * (zs.length - 1))]!);
      contours(f, r.grid.z, r.grid.size, r.range, levels);
      for (const m of r.minima) marker(f, [m[0], m[1]], '#fff', `min ${fmt(m[2], 3)}`, 4);
      if (r.saddle) marker(f, r.saddle, '#fff', 'saddle', 4);
      r.paths.forEach((p, i) => path(f, p.points, COLORS[i + 1]!, { dots: true, width: 2 }));
      marker(f, [s.x, s.y], COLORS[0]!, '', 7);
      legend(f, r.paths.map((p, i) => ({ name: names[p.optimizer] ?? p.optimizer, color: COLORS[i + 1]! })));
    });
  });

  plot.el.addEventListener('click', (ev) => {
    if (!lastFrame) return;
    const box = plot.el.getBoundingClientRect();
    const [x, y] = lastFrame.toData(ev.clientX - box.left, ev.clientY - box.top);
    if (Math.abs(x) > 2 || Math.abs(y) > 2) return;
    s = { ...s, x: Number(x.toFixed(2)), y: Number(y.toFixed(2)) };
    update();
  });

  const renderControls = () => controls.replaceChildren(
    choices(lt('convex.surface'), [
      { value: 'bowl' as const, text: lt('convex.bowl') },
      { value: 'two_minima' as const, text: lt('convex.twoMinima') },
      { value: 'saddle' as const, text: lt('convex.saddle') },
    ], s.surface, (v) => {
      s = { ...s, surface: v, ...(v === 'saddle' ? { x: 1.5, y: 0.001 } : {}) };
      renderControls();
      update();
    }, 'lab-surface'),
    slider(lt('convex.lr'), schema.lr, s.lr, (v) => { s = { ...s, lr: v }; update(); }, { log: true }),
    slider(lt('convex.momentum'), schema.momentum, s.momentum, (v) => { s = { ...s, momentum: v }; update(); }, { step: 0.01 }),
    slider(lt('convex.steps'), schema.steps, s.steps, (v) => { s = { ...s, steps: v }; update(); }, { step: 1 }),
  );
  renderControls();
  el.append(controls, h('p', { class: 'muted' }, lt('convex.tap')), key, status, h('figure', { class: 'lab-figure lab-square' }, plot.el));
  update();
}
