// How far to trust a model, from its validation figures: accuracy with a
// 95% interval (the validation split is small), the pairs of classes it
// mixes up most, and whether one answer is sure enough to give. Pure.

/**
 * The Wilson score interval of an accuracy measured on n photos (95%):
 * unlike the normal approximation it stays inside 0..1 and is sensible for
 * small n and accuracies near 1. Returns the interval and its half-width.
 */
export function accuracyInterval(accuracy: number, n: number, z = 1.96): { low: number; high: number; half: number } {
  if (!(n > 0) || !Number.isFinite(accuracy)) return { low: NaN, high: NaN, half: NaN };
  const p = Math.min(1, Math.max(0, accuracy));
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const spread = (z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  const low = Math.max(0, centre - spread);
  const high = Math.min(1, centre + spread);
  return { low, high, half: (high - low) / 2 };
}

export interface ConfusedPair {
  a: number;
  b: number;
  /** Photos of a seen as b. */
  aAsB: number;
  /** Photos of b seen as a. */
  bAsA: number;
}

/** Pairs of classes mixed up (in either direction), most mixed first, at most `k`. */
export function mostConfused(confusion: readonly (readonly number[])[], k = 3): ConfusedPair[] {
  const out: ConfusedPair[] = [];
  for (let a = 0; a < confusion.length; a++) {
    for (let b = a + 1; b < confusion.length; b++) {
      const aAsB = confusion[a]?.[b] ?? 0;
      const bAsA = confusion[b]?.[a] ?? 0;
      if (aAsB + bAsA > 0) out.push({ a, b, aAsB, bAsA });
    }
  }
  return out.sort((x, y) => y.aAsB + y.bAsA - (x.aAsB + x.bAsA) || x.a - y.a || x.b - y.b).slice(0, k);
}

export interface Verdict {
  /** False: the top probability is below the threshold, say "not sure". */
  sure: boolean;
  /** The two most likely classes (index, probability), best first. */
  top: { index: number; p: number }[];
}

/** Whether the model is sure of its answer: the top probability reaches the threshold. */
export function verdict(probabilities: readonly number[], threshold: number): Verdict {
  const ranked = probabilities.map((p, index) => ({ index, p })).sort((x, y) => y.p - x.p);
  const best = ranked[0]?.p ?? 0;
  return { sure: !(best < threshold), top: ranked.slice(0, 2) };
}
