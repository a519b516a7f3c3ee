// The parts of Results that say how far to trust the model: the accuracy
// with its 95% interval, the calibration, the classes mixed up most, and a
// saliency map over each photo it got wrong (where it looked: red on the
// background instead of the animal is a warning sign). Figures come from
// the engine's evaluation; older stored evaluations lack some and show less.

import type { Evaluation, SaliencyMap } from '../engine/protocol';
import { percent, t, wholePercent } from '../i18n';
import { h } from './dom';
import { thresholdPercent } from '../threshold';


/** "78% ± 5%" when the evaluation has the interval, else the plain accuracy. */
export function accuracyWithInterval(ev: Evaluation): string {
  if (!Number.isFinite(ev.accuracyLow) || !Number.isFinite(ev.accuracyHigh)) return percent(ev.accuracy);
  const half = (ev.accuracyHigh - ev.accuracyLow) / 2;
  // The same in both languages.
  return `${wholePercent(ev.accuracy)} ± ${wholePercent(Math.max(half, 0.005))}`;
}

/** The interval in words, and the calibration, as notes under the accuracy. */
export function trustNotes(ev: Evaluation): HTMLElement[] {
  const out: HTMLElement[] = [];
  if (Number.isFinite(ev.accuracyLow)) {
    out.push(h('p', { class: 'muted', 'data-testid': 'interval-hint' },
      t('results.intervalHint', { count: ev.count, low: wholePercent(ev.accuracyLow), high: wholePercent(ev.accuracyHigh) })));
  }
  if (Number.isFinite(ev.eceBefore) && Number.isFinite(ev.eceAfter)) {
    out.push(h('p', { class: 'muted small', 'data-testid': 'calibration' },
      t('results.calibration', { before: percent(ev.eceBefore), after: percent(ev.eceAfter), threshold: thresholdPercent(ev.threshold) })));
  }
  if (ev.oodCheck === true && Number.isFinite(ev.oodFlagged)) {
    out.push(h('p', { class: 'muted small', 'data-testid': 'ood-flagged' },
      t('results.oodFlagged', {
        k: Math.round((ev.oodFlagged ?? 0) * ev.count), count: ev.count, p: wholePercent(ev.oodFlagged ?? 0),
      })));
  }
  return out;
}

/** The classes mixed up most, from the engine's list (most first). */
export function confusedCard(ev: Evaluation, names: readonly string[]): HTMLElement | '' {
  if (!Array.isArray(ev.confused)) return '';
  return h('section', { class: 'card', 'data-testid': 'confused' },
    h('h3', {}, t('results.confused')),
    ev.confused.length === 0 ? h('p', {}, t('results.noneConfused')) : h('ul', { class: 'confused-list' },
      ev.confused.map((c) => h('li', { 'data-testid': 'confused-pair' },
        t('results.confusedPair', { count: c.count, actual: names[c.actual] ?? '?', predicted: names[c.predicted] ?? '?' })))),
    ev.confused.length ? h('p', { class: 'muted' }, t('results.confusedHint')) : '');
}

/**
 * A canvas of the saliency map (size x size, 0..255), red where the
 * gradient is large, transparent where it is not; laid over the photo's
 * square thumbnail, which shows the same centre crop the model saw.
 */
export function saliencyCanvas(m: SaliencyMap): HTMLCanvasElement {
  const canvas = h('canvas', { class: 'saliency', width: m.size, height: m.size, 'data-testid': 'saliency', 'aria-hidden': 'true' });
  const values = new Uint8Array(m.map);
  const ctx = canvas.getContext('2d');
  if (!ctx || values.length !== m.size * m.size) return canvas;
  const img = ctx.createImageData(m.size, m.size);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]! / 255;
    img.data[i * 4] = 255;
    img.data[i * 4 + 1] = Math.round(60 * (1 - v));
    img.data[i * 4 + 2] = 0;
    img.data[i * 4 + 3] = Math.round(230 * Math.min(1, v * 1.4) ** 1.2);
  }
  ctx.putImageData(img, 0, 0);
  return canvas;
}
