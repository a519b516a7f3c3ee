// Page 17: a CNN looks at a farm photo. A small CNN trained here on the
// farm sample photos (the engine keeps it in the Lab): its first-layer
// filters before and after training and its training curve; then one photo
// (a farm photo or the user's own) through each layer as feature maps, the
// class scores, and the saliency map (gradient of the top class's score with
// respect to the input). Engine: `cnn.train`, `cnn.look`.

import { h } from '../../ui/dom';
import { latestOnly, type LabClient } from '../client';
import { button, choices, runner, slider } from '../controls';
import { COLORS, imageCanvas, lines, makeCanvas, type LabImage } from '../draw';
import type { PageParams } from '../pages';
import { photoPicker } from '../photo-picker';
import { int, num, readSettings, writeSettings, type Values } from '../settings';
import { lt } from '../text';
import './pages-10-18.css';

export const schema = {
  size: int(32, 16, 64),
  epochs: int(8, 1, 50),
  lr: num(0.003, 1e-5, 0.1),
  seed: int(1, 0, 1_000_000),
  photo: int(0, 0, 9999),
};
type Settings = Values<typeof schema>;

export function trainQuery(s: Settings): string {
  return `size=${s.size}&epochs=${s.epochs}&lr=${s.lr}&seed=${s.seed}`;
}
export function lookQuery(s: Settings): string {
  return `photo=${s.photo}`;
}

interface TrainResult {
  classes: string[];
  photos: number;
  train_acc: number[];
  train_loss: number[];
  filters_before: LabImage[];
  filters_after: LabImage[];
}
interface LookResult {
  photo: LabImage;
  trained_on_it: boolean;
  scores: number[];
  top: number;
  top_class: string;
  layers: { layer: string; maps: LabImage[] }[];
  saliency: LabImage;
}

const pct = (v: number) => `${(v * 100).toFixed(0)}%`;

export function setup(el: HTMLElement, lab: LabClient, params: PageParams): void {
  let s: Settings = readSettings(schema, params.query);
  let classes: string[] = [];
  let trained: string | null = null;
  const status = h('p', { class: 'lab-status lab-progress', role: 'status' });
  const lookStatus = h('p', { class: 'lab-status', role: 'status' });
  const key = h('p', { class: 'lab-key', 'data-testid': 'lab-key' });
  const curve = makeCanvas(0.45, 'lab-plot', lt('cnn.curve'));
  const before = h('div', { class: 'lab-images', 'data-testid': 'cnn-filters-before' });
  const after = h('div', { class: 'lab-images', 'data-testid': 'cnn-filters-after' });
  const look = h('div', { class: 'lab-images', 'data-testid': 'cnn-look' });
  const scores = h('div', { class: 'lab-scroll' });
  const maps = h('div', { class: 'lab-layer-maps', 'data-testid': 'cnn-maps' });
  const controls = h('div', { class: 'lab-controls' });
  const run = runner(lab, params.signal, status);
  const runLook = runner(lab, params.signal, lookStatus);
  const save = () => params.save(writeSettings(schema, s));
  const filterRow = (imgs: LabImage[]) => imgs.map((f, i) => imageCanvas(f, 40, { label: `filter ${i + 1}` }));

  const showLook = latestOnly(async () => {
    save();
    if (trained === null) return;
    const r = await runLook<LookResult>('cnn.look', lookQuery(s));
    if (!r) return;
    key.textContent = lt('cnn.key', { name: r.top_class, p: pct(r.scores[r.top] ?? 0) }) + (r.trained_on_it ? ` ${lt('cnn.seen')}` : '');
    key.dataset.value = r.top_class;
    key.dataset.photo = String(s.photo);
    look.replaceChildren(
      h('figure', {}, imageCanvas(r.photo, 160, { testid: 'cnn-photo', label: lt('cnn.input') }), lt('cnn.input')),
      h('figure', {}, imageCanvas(r.saliency, 160, { testid: 'cnn-saliency', label: lt('cnn.saliency') }), lt('cnn.saliency')),
    );
    scores.replaceChildren(h('table', { class: 'lab-table', 'data-testid': 'cnn-scores' },
      h('tbody', {}, r.scores.map((p, i) => h('tr', { class: i === r.top ? 'best' : undefined },
        h('td', {}, classes[i] ?? String(i)),
        h('td', {}, h('span', { class: 'lab-bar', style: `width:${Math.round(p * 120)}px;background:${i === r.top ? COLORS[1] : COLORS[0]}` })),
        h('td', {}, pct(p)))))));
    maps.replaceChildren(...r.layers.map((l) => h('div', { class: 'lab-layer' },
      h('p', { class: 'lab-label' }, lt('cnn.layer', { name: l.layer, n: l.maps.length, w: l.maps[0]?.w ?? 0, h: l.maps[0]?.h ?? 0 })),
      h('div', { class: 'lab-images' }, l.maps.slice(0, 16).map((m) => imageCanvas(m, l.maps.length > 8 ? 44 : 64))))));
  });

  const train = latestOnly(async () => {
    save();
    trained = null;
    try {
      await picker.ready;
    } catch {
      return; // the picker says what to do
    }
    status.textContent = lt('cnn.training');
    status.className = 'lab-status lab-progress';
    const r = await run<TrainResult>('cnn.train', trainQuery(s));
    if (!r) return;
    trained = trainQuery(s);
    classes = r.classes;
    status.textContent = lt('cnn.trained', { n: r.photos, k: r.classes.length, e: s.epochs, acc: pct(r.train_acc.at(-1) ?? 0) });
    curve.draw((ctx, w, hgt) => lines(ctx, w, hgt, [
      { name: lt('cnn.acc'), ys: r.train_acc, color: COLORS[0] },
      { name: lt('cnn.loss'), ys: r.train_loss, color: COLORS[1], dash: [5, 3] },
    ], { xLabel: lt('batchnorm.epochs'), x: [0, Math.max(1, r.train_acc.length - 1)] }));
    before.replaceChildren(...filterRow(r.filters_before));
    after.replaceChildren(...filterRow(r.filters_after));
    showLook();
  });

  const picker = photoPicker(lab, s.photo, (i) => { s = { ...s, photo: i }; showLook(); });

  const renderControls = () => {
    controls.replaceChildren(
      choices(lt('cnn.size'), [16, 32, 48, 64].map((v) => ({ value: String(v), text: `${v} px` })), String(s.size), (v) => { s = { ...s, size: Number(v) }; renderControls(); train(); }, 'cnn-size'),
      slider(lt('batchnorm.epochs'), schema.epochs, s.epochs, (v) => { s = { ...s, epochs: v }; save(); }, { testid: 'cnn-epochs' }),
      slider(lt('batchnorm.lr'), schema.lr, s.lr, (v) => { s = { ...s, lr: v }; save(); }, { log: true, testid: 'cnn-lr' }),
      h('div', { class: 'lab-buttons' }, button(lt('cnn.train'), () => train(), 'btn primary', 'cnn-train')),
    );
  };
  renderControls();
  el.append(controls, status, h('figure', { class: 'lab-figure' }, curve.el),
    h('div', { class: 'lab-figures' },
      h('figure', { class: 'lab-figure' }, h('figcaption', {}, lt('cnn.before')), before),
      h('figure', { class: 'lab-figure' }, h('figcaption', {}, lt('cnn.after')), after)),
    h('h3', {}, lt('cnn.lookTitle')), picker.el, key, lookStatus,
    h('div', { class: 'lab-figures' }, look, scores), maps);
  train();
}
