// Page 16: pooling. Max and average pooling of an editable grid (the
// positions of the maxima marked: where max pooling's backward pass sends
// the gradient), then on a real photo's feature map (an
// edge filter + ReLU, then both poolings). Engine: `pool.grid` (MaxPool2D,
// AvgPool2D) and `pool.photo`.

import { h } from '../../ui/dom';
import { latestOnly, type LabClient } from '../client';
import { choices, runner } from '../controls';
import { imageCanvas, matrixGrid, type LabImage } from '../draw';
import type { PageParams } from '../pages';
import { photoPicker } from '../photo-picker';
import { choice, int, matrix, matrixText, parseMatrix, pick, readSettings, writeSettings, type Values } from '../settings';
import { lt } from '../text';
import './pages-10-18.css';

export const EXAMPLE = [[1, 2, 1, 0], [0, 1, 2, 3], [3, 0, 1, 2], [2, 4, 0, 1]];
const FILTERS = ['vertical', 'horizontal', 'blur'] as const;

export const schema = {
  input: matrix(EXAMPLE, -1000, 1000, [1, 16], [1, 16]),
  size: int(2, 1, 5),
  stride: int(2, 1, 5),
  pad: int(0, 0, 4),
  photo: int(0, 0, 9999),
  /** The photo's size in pixels (the engine's `size` of `pool.photo`). */
  px: int(64, 16, 128),
  filter: choice('vertical', FILTERS),
  pool: int(2, 2, 4),
};
type Settings = Values<typeof schema>;
export const GRID_KEYS = ['input', 'size', 'stride', 'pad'] as const;

/** The query text of `pool.photo` (its `size` is the page's `px`). */
export function photoQuery(s: Settings): string {
  return `photo=${s.photo}&size=${s.px}&filter=${s.filter}&pool=${s.pool}`;
}

interface GridResult {
  max: number[][];
  avg: number[][];
  /** The gradient of ones routed back through max pooling: non-zero where a maximum was taken. */
  max_backward: number[][];
}
interface PhotoResult {
  input: LabImage;
  feature: LabImage;
  max: LabImage;
  avg: LabImage;
}

const flat = (m: number[][]) => ({ rows: m.length, cols: m[0]?.length ?? 0, data: m.flat() });

export function setup(el: HTMLElement, lab: LabClient, params: PageParams): void {
  let s: Settings = readSettings(schema, params.query);
  const status = h('p', { class: 'lab-status', role: 'status' });
  const photoStatus = h('p', { class: 'lab-status', role: 'status' });
  const key = h('p', { class: 'lab-key', 'data-testid': 'lab-key' });
  const grids = h('div', { class: 'lab-grids', 'data-testid': 'lab-plot' });
  const images = h('div', { class: 'lab-images', 'data-testid': 'pool-images' });
  const controls = h('div', { class: 'lab-controls' });
  const photoControls = h('div', { class: 'lab-controls' });
  const run = runner(lab, params.signal, status);
  const runPhoto = runner(lab, params.signal, photoStatus);
  const save = () => params.save(writeSettings(schema, s));

  const updateGrid = latestOnly(async () => {
    save();
    const r = await run<GridResult>('pool.grid', pick(schema, s, GRID_KEYS));
    if (!r) return;
    const maxima = new Set(r.max_backward.flat().flatMap((g, k) => (g !== 0 ? [k] : [])));
    grids.replaceChildren(
      h('figure', { class: 'lab-figure' }, matrixGrid(flat(s.input), { highlight: maxima, caption: lt('pool.input') })),
      h('figure', { class: 'lab-figure' }, matrixGrid(flat(r.max), { caption: lt('pool.max'), testid: 'pool-max' })),
      h('figure', { class: 'lab-figure' }, matrixGrid(flat(r.avg), { caption: lt('pool.avg'), digits: 2, testid: 'pool-avg' })),
    );
    key.textContent = lt('pool.key', { max: JSON.stringify(r.max).replace(/,/g, ', ') });
    key.dataset.value = JSON.stringify(r.max);
  });

  const updatePhoto = latestOnly(async () => {
    save();
    try {
      await picker.ready;
    } catch {
      return; // the picker shows what to do
    }
    const r = await runPhoto<PhotoResult>('pool.photo', photoQuery(s));
    if (!r) return;
    const fig = (img: LabImage, caption: string, testid: string) => h('figure', {}, imageCanvas(img, 128, { testid, label: caption }), caption);
    images.replaceChildren(
      fig(r.input, lt('pool.photo'), 'pool-photo'),
      fig(r.feature, lt('pool.feature', { w: r.feature.w, h: r.feature.h }), 'pool-feature'),
      fig(r.max, lt('pool.maxImage', { w: r.max.w, h: r.max.h }), 'pool-photo-max'),
      fig(r.avg, lt('pool.avgImage', { w: r.avg.w, h: r.avg.h }), 'pool-photo-avg'),
    );
  });

  const picker = photoPicker(lab, s.photo, (i) => { s = { ...s, photo: i }; updatePhoto(); });

  const renderControls = () => {
    const change = (next: Partial<Settings>) => { s = { ...s, ...next }; renderControls(); updateGrid(); };
    const input = h('input', {
      type: 'text', class: 'text-input lab-matrix-text', value: matrixText(s.input), 'aria-label': lt('pool.input'), 'data-testid': 'pool-input', spellcheck: 'false',
      onchange: () => {
        const m = parseMatrix(schema.input, input.value.replace(/\s+/g, ''));
        if (m) change({ input: m });
        else {
          status.textContent = lt('conv.badMatrix', { max: 16 });
          status.className = 'lab-status error';
        }
      },
    });
    const opts = (ns: number[]) => ns.map((n) => ({ value: String(n), text: String(n) }));
    controls.replaceChildren(
      h('label', { class: 'lab-control' }, h('span', { class: 'lab-label' }, lt('pool.input')), input),
      choices(lt('pool.size'), opts([1, 2, 3, 4, 5]), String(s.size), (v) => change({ size: Number(v), pad: Math.min(s.pad, Number(v) - 1) }), 'pool-size'),
      choices(lt('pool.stride'), opts([1, 2, 3, 4, 5]), String(s.stride), (v) => change({ stride: Number(v) }), 'pool-stride'),
      choices(lt('conv.pad'), opts([...Array(s.size).keys()]), String(s.pad), (v) => change({ pad: Number(v) }), 'pool-pad'),
    );
    photoControls.replaceChildren(
      picker.el,
      choices(lt('pool.filter'), FILTERS.map((f) => ({ value: f, text: lt(`pool.${f}`) })), s.filter, (v) => { s = { ...s, filter: v }; renderControls(); updatePhoto(); }, 'pool-filter'),
      choices(lt('pool.window'), opts([2, 3, 4]), String(s.pool), (v) => { s = { ...s, pool: Number(v) }; renderControls(); updatePhoto(); }, 'pool-window'),
    );
  };
  renderControls();
  el.append(controls, key, status, grids, h('h3', {}, lt('pool.photoTitle')), photoControls, photoStatus, images);
  updateGrid();
  updatePhoto();
}
