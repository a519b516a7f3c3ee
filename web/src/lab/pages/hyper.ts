// Page 14: hyperparameter search. Random search of the learning rate and
// the weight decay on a log scale, each trial a small MLP scored on a
// validation split of the training records (never the test records), one
// engine call per trial so the scatter fills in as it runs; points coloured
// by validation accuracy, the best fifth of the trials outlined and their
// span drawn as the region to search next. Engine: `hyper.search` (`only=i`).

import { h } from '../../ui/dom';
import type { LabClient } from '../client';
import { button, numberBox, runner, slider } from '../controls';
import { frame, makeCanvas, points, sequential, INK, type Point } from '../draw';
import { fashionReady } from '../data';
import type { PageParams } from '../pages';
import { int, num, readSettings, writeSettings, type Values } from '../settings';
import { lt } from '../text';
import './pages-10-18.css';

export const schema = {
  trials: int(20, 1, 200),
  epochs: int(10, 1, 100),
  n_train: int(500, 100, 1500),
  val_share: num(0.2, 0.05, 0.5),
  lr_min_exp: num(-4, -10, 1),
  lr_max_exp: num(-0.5, -10, 1),
  wd_min_exp: num(-8, -10, 1),
  wd_max_exp: num(-4, -10, 1),
  seed: int(1, 0, 1_000_000),
};
type Settings = Values<typeof schema>;

export function trialQuery(s: Settings, only: number): string {
  return `${writeSettings(schema, s)}&only=${only}`;
}

interface Trial {
  index: number;
  lr: number;
  weight_decay: number;
  val_acc: number;
  train_acc: number;
}
interface SearchResult {
  trials: Trial[];
}

/** The best fifth of the trials (at least one), best first: what the page outlines. */
export function bestFifth(trials: readonly Trial[]): Trial[] {
  const sorted = [...trials].sort((a, b) => b.val_acc - a.val_acc);
  return sorted.slice(0, Math.max(1, Math.round(trials.length / 5)));
}

export function setup(el: HTMLElement, lab: LabClient, params: PageParams): void {
  let s: Settings = readSettings(schema, params.query);
  const status = h('p', { class: 'lab-status lab-progress', role: 'status' });
  const key = h('p', { class: 'lab-key', 'data-testid': 'lab-key' });
  const plot = makeCanvas(0.75, 'lab-plot', lt('hyper.title'));
  const table = h('div', { class: 'lab-scroll' });
  const controls = h('div', { class: 'lab-controls' });
  const run = runner(lab, params.signal, status);
  const save = () => params.save(writeSettings(schema, s));

  const draw = (trials: Trial[]) => {
    const best = bestFifth(trials);
    const top = new Set(best.map((t) => t.index));
    const accs = trials.map((t) => t.val_acc);
    const lo = Math.min(...accs);
    const hi = Math.max(...accs);
    plot.draw((ctx, w, hgt) => {
      const f = frame(ctx, w, hgt, [s.lr_min_exp, s.lr_max_exp], [s.wd_min_exp, s.wd_max_exp], { xLabel: lt('hyper.lrAxis'), yLabel: lt('hyper.wdAxis') });
      if (best.length > 1) {
        const xs = best.map((t) => Math.log10(t.lr));
        const ys = best.map((t) => Math.log10(t.weight_decay));
        const x0 = f.px(Math.min(...xs));
        const x1 = f.px(Math.max(...xs));
        const y0 = f.py(Math.max(...ys));
        const y1 = f.py(Math.min(...ys));
        ctx.save();
        ctx.fillStyle = 'rgba(192,98,43,0.12)';
        ctx.strokeStyle = 'rgba(192,98,43,0.8)';
        ctx.setLineDash([5, 3]);
        ctx.fillRect(x0 - 8, y0 - 8, x1 - x0 + 16, y1 - y0 + 16);
        ctx.strokeRect(x0 - 8, y0 - 8, x1 - x0 + 16, y1 - y0 + 16);
        ctx.restore();
      }
      const pts: Point[] = trials.map((t) => [Math.log10(t.lr), Math.log10(t.weight_decay)]);
      points(f, pts, trials.map((t) => sequential(0.15 + (0.85 * (t.val_acc - lo)) / (hi - lo || 1))), 7, INK);
      points(f, trials.filter((t) => top.has(t.index)).map((t) => [Math.log10(t.lr), Math.log10(t.weight_decay)] as Point), '#c0622b', 3, '');
    });
    table.replaceChildren(h('table', { class: 'lab-table', 'data-testid': 'hyper-table' },
      h('thead', {}, h('tr', {}, ['#', lt('hyper.lr'), lt('hyper.wd'), lt('hyper.val'), lt('hyper.trainAcc')].map((t) => h('th', {}, t)))),
      h('tbody', {}, best.map((t) => h('tr', {}, h('td', {}, String(t.index + 1)), h('td', {}, t.lr.toExponential(2)), h('td', {}, t.weight_decay.toExponential(2)),
        h('td', {}, `${(t.val_acc * 100).toFixed(1)}%`), h('td', {}, `${(t.train_acc * 100).toFixed(1)}%`))))));
    const b = best[0]!;
    key.textContent = lt('hyper.key', { n: trials.length, lr: b.lr.toExponential(2), wd: b.weight_decay.toExponential(2), acc: (b.val_acc * 100).toFixed(1) });
    key.dataset.value = JSON.stringify({ best: b.val_acc, trials: trials.length });
  };

  let current = 0;
  const search = async () => {
    const mine = ++current;
    save();
    if (s.lr_min_exp >= s.lr_max_exp || s.wd_min_exp >= s.wd_max_exp) {
      status.textContent = lt('hyper.badRange');
      status.className = 'lab-status error';
      return;
    }
    if (!(await fashionReady(lab, status))) return;
    const trials: Trial[] = [];
    for (let i = 0; i < s.trials; i++) {
      if (mine !== current || params.signal.aborted) return;
      const r = await run<SearchResult>('hyper.search', trialQuery(s, i));
      if (!r || mine !== current) return;
      trials.push(...r.trials);
      status.textContent = lt('hyper.progress', { done: i + 1, total: s.trials });
      status.className = 'lab-status lab-progress';
      draw(trials);
    }
    plot.el.dataset.trials = String(trials.length);
  };

  const renderControls = () => {
    controls.replaceChildren(
      slider(lt('hyper.trials'), schema.trials, s.trials, (v) => { s = { ...s, trials: v }; save(); }, { testid: 'hyper-trials' }),
      slider(lt('batchnorm.epochs'), schema.epochs, s.epochs, (v) => { s = { ...s, epochs: v }; save(); }, { testid: 'hyper-epochs' }),
      slider(lt('hyper.valShare'), schema.val_share, s.val_share, (v) => { s = { ...s, val_share: v }; save(); }, { step: 0.05, testid: 'hyper-val' }),
      slider(lt('hyper.lrMin'), schema.lr_min_exp, s.lr_min_exp, (v) => { s = { ...s, lr_min_exp: v }; save(); }, { step: 0.5 }),
      slider(lt('hyper.lrMax'), schema.lr_max_exp, s.lr_max_exp, (v) => { s = { ...s, lr_max_exp: v }; save(); }, { step: 0.5 }),
      slider(lt('hyper.wdMin'), schema.wd_min_exp, s.wd_min_exp, (v) => { s = { ...s, wd_min_exp: v }; save(); }, { step: 0.5 }),
      slider(lt('hyper.wdMax'), schema.wd_max_exp, s.wd_max_exp, (v) => { s = { ...s, wd_max_exp: v }; save(); }, { step: 0.5 }),
      numberBox(lt('lab.seed'), schema.seed, s.seed, (v) => { s = { ...s, seed: v }; save(); }, 'hyper-seed'),
      h('div', { class: 'lab-buttons' }, button(lt('hyper.run'), () => void search(), 'btn primary', 'hyper-run')),
    );
  };
  renderControls();
  el.append(controls, key, status, h('figure', { class: 'lab-figure' }, h('figcaption', {}, lt('hyper.caption')), plot.el), h('h3', {}, lt('hyper.best')), table);
  void search();
}
