// "The model learned nothing": a run can end with finite weights that
// answer the same for every photo (plain SGD on some seeds: the divergence
// guard sees no NaN and lets it through). Such a model is told apart from a
// merely weak one on its checking photos, by two signs together:
// - its accuracy is at chance: 1/K lies in the Wilson 95% interval of the
//   accuracy, and that interval is narrow enough to tell (its top below the
//   midpoint between chance and perfect; with a handful of checking photos
//   nothing is said);
// - its answers do not depend on the photo: one class for every photo with
//   the same probability each time (within SAME: dead weights give the same
//   output for every input), or about 1/K for every class (each wrong
//   answer's probability within FLAT of 1/K, and the mean loss within
//   FLAT_LOSS of ln K, the loss of the uniform answer). A model that gives
//   one class with varying confidence is undertrained (two epochs of a warm-up),
//   not dead: it is left alone.
// Pure (tests/unit/learned-nothing.test.ts).

import type { Evaluation } from '../engine/protocol';

/** How far from 1/K a probability may be and still be "about 1/K". */
const FLAT = 0.05;
/** How much the probability of the one class given may vary and still be "the same answer". */
const SAME = 0.01;
/** How far from ln K (relative) the mean loss may be for "about 1/K everywhere". */
const FLAT_LOSS = 0.05;

export type Deadness = 'one-class' | 'flat';

/**
 * The first sign alone: on enough checking photos the accuracy is at chance
 * (1/K inside its Wilson interval, whose top is below the midpoint between
 * chance and perfect). A model with only this sign may still be learning
 * (too few epochs): it is kept, and the farmer told.
 */
export function noBetterThanGuessing(ev: Pick<Evaluation, 'count' | 'accuracyLow' | 'accuracyHigh'>, classCount: number): boolean {
  if (classCount < 2 || ev.count <= 0) return false;
  const chance = 1 / classCount;
  return ev.accuracyLow <= chance && chance <= ev.accuracyHigh && ev.accuracyHigh < (chance + 1) / 2;
}

/** Why the model learned nothing, or null when it learned something (or there are too few photos to tell). */
export function learnedNothing(ev: Pick<Evaluation, 'count' | 'accuracyLow' | 'accuracyHigh' | 'confusion' | 'misclassified' | 'loss'>,
  classCount: number): Deadness | null {
  if (!noBetterThanGuessing(ev, classCount)) return null;
  const chance = 1 / classCount;
  const predicted = ev.confusion[0]?.map((_, j) => ev.confusion.reduce((sum, row) => sum + (row[j] ?? 0), 0)) ?? [];
  const p = ev.misclassified.map((m) => m.probability);
  if (predicted.filter((n) => n > 0).length === 1 && p.length > 0 && Math.max(...p) - Math.min(...p) <= SAME) return 'one-class';
  const flat = ev.misclassified.every((m) => Math.abs(m.probability - chance) <= FLAT)
    && Math.abs(ev.loss - Math.log(classCount)) <= FLAT_LOSS * Math.log(classCount);
  return flat ? 'flat' : null;
}
