// "This doesn't look like any of your classes": the answer for a photo the
// model's out-of-distribution check flags (the engine's train/ood.h: too far
// from every class's photos in the network's own features). It reads like
// "not sure" and gives the best guess, because a farmer may still want it;
// Sort files such photos with the "not sure" ones, never into a class.

import type { Verdict } from './engine/protocol';
import { percent, t } from './i18n';

/** The classes named in the answer: all of up to six, else the first five and "…" (never "…" for one left out). */
export function classList(classes: readonly string[]): string {
  return classes.length > 6 ? `${classes.slice(0, 5).join(', ')}, …` : classes.join(', ');
}

/** The photo goes with the "not sure" ones: below the threshold, or flagged by the check. */
export function isDoubtful(v: Verdict): boolean {
  return v.notSure || v.unfamiliar === true;
}

/** The sentence for a flagged photo, or null when the check did not flag it (or the model has none). */
export function unfamiliarAnswer(v: Verdict, classes: readonly string[]): string | null {
  if (v.unfamiliar !== true) return null;
  return t('predict.unfamiliar', { classes: classList(classes), a: classes[v.top1] ?? '?', pa: percent(v.probabilities[v.top1] ?? 0) });
}
