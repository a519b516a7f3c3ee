// Page 9: ReLU, Sigmoid, Affine and SoftmaxWithLoss on a tiny batch: the
// input, the output, what each caches for its backward pass, the gradient
// from above and the gradient it sends below. Engine: `layers.show`.

import { h } from '../../ui/dom';
import { latestOnly, type LabClient } from '../client';
import { choices, runner, slider } from '../controls';
import { matrixGrid, type Matrix } from '../draw';
import type { PageParams } from '../pages';
import { choice, int, readSettings, writeSettings, type Values } from '../settings';
import { fmt, lt } from '../text';

const LAYERS = ['relu', 'sigmoid', 'affine', 'softmax_with_loss'] as const;
const NAMES: Record<(typeof LAYERS)[number], string> = { relu: 'ReLU', sigmoid: 'Sigmoid', affine: 'Affine', softmax_with_loss: 'SoftmaxWithLoss' };

export const schema = {
  layer: choice<(typeof LAYERS)[number]>('relu', LAYERS),
  n: int(2, 1, 4),
  d: int(3, 2, 6),
  out: int(2, 1, 6),
  seed: int(1, 0, 1e9),
};
type Settings = Values<typeof schema>;

interface Shown {
  layer: string;
  x: Matrix;
  y: Matrix;
  cache: { name: string; about: string; value: Matrix }[];
  dy: Matrix;
  dx: Matrix;
  params?: { name: string; value: Matrix; grad: Matrix }[];
  loss?: number;
  labels?: number[];
}

export function setup(el: HTMLElement, lab: LabClient, params: PageParams): void {
  let s: Settings = readSettings(schema, params.query);
  const status = h('p', { class: 'lab-status', role: 'status' });
  const run = runner(lab, params.signal, status);
  const key = h('p', { class: 'lab-key', 'data-testid': 'lab-key' });
  const body = h('div', { class: 'lab-layer', 'data-testid': 'lab-plot' });
  const controls = h('div', { class: 'lab-controls' });

  const update = latestOnly(async () => {
    params.save(writeSettings(schema, s));
    const r = await run<Shown>('layers.show', writeSettings(schema, s));
    if (!r) return;
    key.textContent = `${NAMES[s.layer]}: x ${r.x.rows}×${r.x.cols} → y ${r.y.rows}×${r.y.cols}${r.loss !== undefined ? ` · ${lt('layers.loss', { loss: fmt(r.loss) })}` : ''}`;
    key.dataset.value = s.layer;
    const fig = (title: string, m: Matrix, testid?: string) => h('figure', { class: 'lab-figure' }, h('figcaption', {}, title), matrixGrid(m, { shade: true, testid }));
    body.dataset.drawn = 'true';
    body.replaceChildren(
      h('h3', {}, 'forward'),
      h('div', { class: 'lab-figures' }, fig(lt('layers.input'), r.x, 'lab-x'), fig(lt('layers.output'), r.y, 'lab-y'),
        r.labels ? h('figure', { class: 'lab-figure' }, h('figcaption', {}, 'labels'), h('p', {}, r.labels.join(', '))) : null),
      h('h3', {}, lt('layers.cache')),
      h('div', { class: 'lab-figures' }, r.cache.map((c) => fig(`${c.name} (${c.about})`, c.value))),
      h('h3', {}, 'backward'),
      h('div', { class: 'lab-figures' }, fig(lt('layers.upstream'), r.dy, 'lab-dy'), fig(lt('layers.downstream'), r.dx, 'lab-dx')),
      r.params?.length ? h('h3', {}, lt('layers.params')) : '',
      r.params?.length ? h('div', { class: 'lab-figures' }, r.params.flatMap((p) => [fig(p.name, p.value), fig(`dL/d${p.name}`, p.grad)])) : '',
    );
  });

  const renderControls = () => controls.replaceChildren(
    choices(lt('layers.layer'), LAYERS.map((l) => ({ value: l, text: NAMES[l] })), s.layer, (v) => { s = { ...s, layer: v }; renderControls(); update(); }, 'lab-layer'),
    slider('N', schema.n, s.n, (v) => { s = { ...s, n: v }; update(); }),
    slider('D', schema.d, s.d, (v) => { s = { ...s, d: v }; update(); }),
    s.layer === 'affine' ? slider('out', schema.out, s.out, (v) => { s = { ...s, out: v }; update(); }) : '',
    slider(lt('lab.seed'), { kind: 'int', def: 1, min: 0, max: 100 }, Math.min(100, s.seed), (v) => { s = { ...s, seed: v }; update(); }),
  );
  renderControls();
  el.append(controls, key, status, body);
  update();
}
