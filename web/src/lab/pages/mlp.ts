// Page 2: a small MLP trained on 2-D points (XOR, circles, spirals, two
// Gaussians), the decision region as a heat map that updates while it
// trains. Engine: `mlp2d.start` builds the data and the model, each
// `mlp2d.step` trains one epoch and answers the new region. The number of
// epochs trained is kept in the hash, so a link replays the same run.

import { h } from '../../ui/dom';
import { latestOnly, type LabClient } from '../client';
import { button, choices, runner, slider } from '../controls';
import { COLORS, INK, diverging, frame, heatMap, lines, makeCanvas, points, type Point } from '../draw';
import type { PageParams } from '../pages';
import { choice, int, num, pick, readSettings, writeSettings, type Values } from '../settings';
import { fmt, lt } from '../text';

const DATA = ['xor', 'circles', 'spirals', 'gaussians'] as const;
const ACTS = ['relu', 'tanh', 'sigmoid', 'leaky_relu'] as const;
const OPTS = ['sgd', 'momentum', 'nesterov', 'adagrad', 'rmsprop', 'adam'] as const;

export const schema = {
  data: choice<(typeof DATA)[number]>('xor', DATA),
  noise: num(0.1, 0, 1),
  hidden: int(8, 1, 64),
  layers: int(1, 1, 3),
  act: choice<(typeof ACTS)[number]>('tanh', ACTS),
  opt: choice<(typeof OPTS)[number]>('adam', OPTS),
  lr: num(0.03, 1e-5, 10),
  batch: int(16, 1, 2000),
  seed: int(1, 0, 1e9),
  /** Epochs trained: not an engine setting, the moment of training to replay. */
  epochs: int(0, 0, 5000),
};
type Settings = Values<typeof schema>;
const ENGINE_KEYS = ['data', 'noise', 'hidden', 'layers', 'act', 'opt', 'lr', 'batch', 'seed'] as const;

interface MlpState {
  epoch: number;
  loss: number | null;
  accuracy: number;
  history: { epoch: number; loss: number | null; accuracy: number }[];
  grid: { size: number; range: [number, number]; p: number[] };
  points?: Point[];
  labels?: number[];
}

export function setup(el: HTMLElement, lab: LabClient, params: PageParams): void {
  let s: Settings = readSettings(schema, params.query);
  const status = h('p', { class: 'lab-status', role: 'status' });
  const run = runner(lab, params.signal, status);
  const key = h('p', { class: 'lab-key', 'data-testid': 'lab-key' });
  const region = makeCanvas(1, 'lab-plot', lt('mlp.title'));
  const curve = makeCanvas(0.55, 'lab-plot-loss');
  const controls = h('div', { class: 'lab-controls' });
  const playBtn = button(lt('lab.play'), () => (playing ? pause() : play()), 'btn primary', 'lab-play');
  let data: { points: Point[]; labels: number[] } = { points: [], labels: [] };
  let playing = false;
  let generation = 0;

  const show = (st: MlpState) => {
    if (st.points && st.labels) data = { points: st.points, labels: st.labels };
    key.textContent = lt('mlp.status', { step: st.epoch, loss: fmt(st.loss), acc: `${(st.accuracy * 100).toFixed(1)}%` });
    key.dataset.value = String(st.accuracy);
    region.draw((ctx, w, hgt) => {
      const r = st.grid.range;
      const f = frame(ctx, w, hgt, r, r, { square: true, xLabel: 'x', yLabel: 'y' });
      // The region in paler tones than the points, so a point on its own side stays visible.
      heatMap(f, st.grid.p, st.grid.size, r, (t) => diverging(0.5 + (t - 0.5) * 0.55), 0, 1);
      points(f, data.points, data.labels.map((l) => (l ? COLORS[1]! : COLORS[2]!)), 4, INK);
    });
    curve.draw((ctx, w, hgt) => lines(ctx, w, hgt, [
      { name: lt('mlp.loss'), ys: st.history.map((e) => e.loss), xs: st.history.map((e) => e.epoch) },
      { name: 'accuracy', ys: st.history.map((e) => e.accuracy), xs: st.history.map((e) => e.epoch) },
    ], { xLabel: 'epoch', x: [0, Math.max(10, st.epoch)], y: [0, Math.max(1, ...st.history.map((e) => e.loss ?? 0))] }));
  };

  const save = () => params.save(writeSettings(schema, s));
  // While training plays, the hash is written at most twice a second (browsers throttle history updates).
  let lastSave = 0;
  const saveSoon = () => {
    const now = performance.now();
    if (now - lastSave < 500) return;
    lastSave = now;
    save();
  };

  /** Builds data and model, then replays `s.epochs` epochs (a shared link's moment). */
  const restart = latestOnly(async () => {
    const gen = ++generation;
    save();
    let st = await run<MlpState>('mlp2d.start', pick(schema, s, ENGINE_KEYS));
    let done = 0;
    while (st && done < s.epochs && gen === generation) {
      const k = Math.min(200, s.epochs - done);
      st = await run<MlpState>('mlp2d.step', `epochs=${k}`);
      done += k;
    }
    if (st && gen === generation) show(st);
    if (playing && gen === generation) void loop(gen);
  });

  const loop = async (gen: number) => {
    while (playing && gen === generation && !params.signal.aborted) {
      const st = await run<MlpState>('mlp2d.step', 'epochs=1');
      if (!st || gen !== generation) break;
      s = { ...s, epochs: st.epoch };
      saveSoon();
      show(st);
      if (st.epoch >= schema.epochs.max) break;
    }
    if (gen === generation) {
      save();
      pause();
    }
  };
  const play = () => {
    playing = true;
    playBtn.textContent = lt('lab.pause');
    void loop(generation);
  };
  function pause(): void {
    playing = false;
    playBtn.textContent = lt('lab.play');
  }
  params.signal.addEventListener('abort', () => { playing = false; });

  const change = (next: Partial<Settings>, rerender = false) => {
    s = { ...s, ...next, epochs: 0 };
    if (rerender) renderControls();
    restart();
  };
  const renderControls = () => {
    controls.replaceChildren(
      choices(lt('mlp.data'), DATA.map((d) => ({ value: d, text: d })), s.data, (v) => change({ data: v }, true), 'lab-data'),
      slider(lt('mlp.noise'), schema.noise, s.noise, (v) => change({ noise: v }), { step: 0.05 }),
      slider(lt('mlp.hidden'), schema.hidden, s.hidden, (v) => change({ hidden: v })),
      slider('layers', schema.layers, s.layers, (v) => change({ layers: v })),
      choices(lt('mlp.activation'), ACTS.map((d) => ({ value: d, text: d })), s.act, (v) => change({ act: v }, true)),
      choices(lt('mlp.optimizer'), OPTS.map((d) => ({ value: d, text: d })), s.opt, (v) => change({ opt: v }, true)),
      slider(lt('mlp.lr'), schema.lr, s.lr, (v) => change({ lr: v }), { log: true }),
      slider('batch', schema.batch, s.batch, (v) => change({ batch: v }), { step: 1 }),
      slider(lt('lab.seed'), { kind: 'int', def: 1, min: 0, max: 100 }, Math.min(100, s.seed), (v) => change({ seed: v })),
    );
  };
  renderControls();
  el.append(
    h('div', { class: 'lab-buttons' }, playBtn,
      button('+1', () => { pause(); void stepOnce(1); }, 'btn', 'lab-step'),
      button('+50', () => { pause(); void stepOnce(50); }),
      button(lt('lab.restart'), () => { pause(); change({}); })),
    key, status,
    h('div', { class: 'lab-figures' }, h('figure', { class: 'lab-figure' }, region.el), h('figure', { class: 'lab-figure' }, h('figcaption', {}, lt('mlp.loss')), curve.el)),
    controls,
  );
  const stepOnce = async (k: number) => {
    const gen = generation;
    const st = await run<MlpState>('mlp2d.step', `epochs=${k}`);
    if (!st || gen !== generation) return;
    s = { ...s, epochs: st.epoch };
    save();
    show(st);
  };
  restart();
}
