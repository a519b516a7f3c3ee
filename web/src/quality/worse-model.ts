// "The new model is worse than the one in use": after a run, the new model
// replaces the model in use only when it is not clearly worse on its
// checking photos. Judgement, written down:
// - "Clearly worse": its checking accuracy is lower by more than DROP (one
//   point). Both figures come from checking splits of the same project, so
//   a drop of a point or more is a real loss more often than not; when it is
//   noise, nothing is lost either (the new model is stored and one button
//   away). A smaller difference is treated as "as good" and the new model
//   replaces the old, as before.
// - Only comparable figures are compared: both models have a checking result
//   (an imported model has none), the same classes in the same order, and
//   were trained on about the same photos (the checking split is drawn from
//   them). When fewer than SAME_PHOTOS of the photos of the two runs are
//   shared (photos added, removed or re-sorted since), the old figure was
//   measured on other photos: the new model is used, as before, and the
//   notice says why the figures do not compare.
// Pure (tests/unit/worse-model.test.ts).

import type { ModelRecord } from '../db';

/** How much lower (a fraction: 0.01 is one point) the new accuracy must be to keep the old model. */
const DROP = 0.01;
/** The share of the two runs' photos (shared over all) needed to compare their figures. */
const SAME_PHOTOS = 0.8;

export type Comparison =
  /** No comparable figure (or the new model is as good): the new model is used. */
  | { verdict: 'use-new' }
  /** Clearly worse on comparable photos: the model in use stays. */
  | { verdict: 'keep-old'; fresh: number; inUse: number }
  /** Lower, but the photo set changed too much to tell: the new model is used, and that is said. */
  | { verdict: 'photos-changed'; fresh: number; inUse: number };

type Compared = Pick<ModelRecord, 'evaluation' | 'photoIds' | 'info'>;

/** The share of photos the two runs have in common (shared over all, 0..1). */
export function sharedPhotos(a: readonly string[], b: readonly string[]): number {
  const inA = new Set(a);
  const both = new Set([...a, ...b]).size;
  const shared = new Set(b.filter((id) => inA.has(id))).size;
  return both ? shared / both : 0;
}

/** Whether a new model should replace the model in use (`inUse`: none, or the one in use). */
export function compareWithInUse(fresh: Compared, inUse: Compared | null): Comparison {
  const a = fresh.evaluation;
  const b = inUse?.evaluation;
  if (!inUse || !a || !b || !(a.count > 0) || !(b.count > 0)) return { verdict: 'use-new' };
  if (!Number.isFinite(a.accuracy) || !Number.isFinite(b.accuracy)) return { verdict: 'use-new' };
  if (fresh.info.classes.join('\n') !== inUse.info.classes.join('\n')) return { verdict: 'use-new' };
  if (b.accuracy - a.accuracy <= DROP) return { verdict: 'use-new' };
  const figures = { fresh: a.accuracy, inUse: b.accuracy };
  return sharedPhotos(fresh.photoIds, inUse.photoIds) < SAME_PHOTOS ? { verdict: 'photos-changed', ...figures } : { verdict: 'keep-old', ...figures };
}
