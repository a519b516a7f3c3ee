import { describe, expect, it } from 'vitest';
import { learnedNothing, noBetterThanGuessing } from '../../src/quality/learned-nothing';

/** The Wilson 95% interval of k right out of n, as the engine computes it (train/calibration). */
function wilson(k: number, n: number): [number, number] {
  const z = 1.959964;
  const p = k / n;
  const d = 1 + (z * z) / n;
  const c = (p + (z * z) / (2 * n)) / d;
  const h = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / d;
  return [c - h, c + h];
}

/**
 * The evaluation of a model on `confusion` ([true][predicted]), each wrong
 * answer given with probability `wrongP`, with mean loss `loss`.
 */
function evaluation(confusion: number[][], wrongP: number, loss: number) {
  const count = confusion.flat().reduce((a, b) => a + b, 0);
  const right = confusion.reduce((a, row, i) => a + row[i]!, 0);
  const [accuracyLow, accuracyHigh] = wilson(right, count);
  const misclassified = confusion.flatMap((row, label) => row.flatMap((n, predicted) =>
    label === predicted ? [] : Array.from({ length: n }, (_, index) => ({ index, label, predicted, probability: wrongP }))));
  return { count, accuracyLow, accuracyHigh, confusion, misclassified, loss };
}

describe('learnedNothing', () => {
  it('every photo given the same class, at chance on enough photos: one-class', () => {
    // 3 classes x 20 checking photos, all called "cow": 33% right.
    const ev = evaluation([[20, 0, 0], [20, 0, 0], [20, 0, 0]], 0.9, 3.1);
    expect(learnedNothing(ev, 3)).toBe('one-class');
  });
  it('every class given about 1/K (dead weights, loss ln K): flat, even when the argmax varies', () => {
    const ev = evaluation([[7, 7, 6], [6, 7, 7], [7, 6, 7]], 0.34, Math.log(3));
    expect(learnedNothing(ev, 3)).toBe('flat');
    // Six classes, 72 checking photos (the farm sample's share), exactly uniform.
    const six = Array.from({ length: 6 }, (_, i) => Array.from({ length: 6 }, (_, j) => (j === i ? 2 : j === (i + 1) % 6 ? 10 : 0)));
    expect(learnedNothing(evaluation(six, 1 / 6, Math.log(6)), 6)).toBe('flat');
  });
  it('one class for every photo with varying confidence is an undertrained model, not a dead one', () => {
    const ev = evaluation([[20, 0, 0], [20, 0, 0], [20, 0, 0]], 0.9, 3.1);
    ev.misclassified.forEach((m, i) => (m.probability = 0.4 + (i % 10) * 0.03));
    expect(learnedNothing(ev, 3)).toBeNull();
  });
  it('a model that learned something is not flagged, however weak', () => {
    // 60% right on 3 classes: 1/3 is outside its interval.
    expect(learnedNothing(evaluation([[12, 4, 4], [4, 12, 4], [2, 6, 12]], 0.5, 0.9), 3)).toBeNull();
    // At chance but with varied, confident answers: a bad model, not a dead one.
    expect(learnedNothing(evaluation([[7, 7, 6], [6, 7, 7], [7, 6, 7]], 0.8, 2.4), 3)).toBeNull();
  });
  it('no better than guessing: at chance on enough photos, whatever the answers look like', () => {
    expect(noBetterThanGuessing(evaluation([[20, 0, 0], [20, 0, 0], [20, 0, 0]], 0.9, 3.1), 3)).toBe(true);
    expect(noBetterThanGuessing(evaluation([[7, 7, 6], [6, 7, 7], [7, 6, 7]], 0.8, 2.4), 3)).toBe(true);
    expect(noBetterThanGuessing(evaluation([[12, 4, 4], [4, 12, 4], [2, 6, 12]], 0.5, 0.9), 3)).toBe(false);
    expect(noBetterThanGuessing(evaluation([[3, 0, 0], [2, 0, 0], [2, 0, 0]], 0.9, 3), 3)).toBe(false);
  });
  it('too few checking photos to tell says nothing', () => {
    // 7 checking photos, all one class: the interval reaches past the midpoint of chance and perfect.
    expect(learnedNothing(evaluation([[3, 0, 0], [2, 0, 0], [2, 0, 0]], 0.9, 3), 3)).toBeNull();
    expect(learnedNothing(evaluation([[0, 0], [0, 0]], 0.5, Math.log(2)), 2)).toBeNull();
    expect(learnedNothing(evaluation([[20, 0], [20, 0]], 0.5, Math.log(2)), 1)).toBeNull();
  });
});
