// A model right on fewer than 70% of its checking photos rarely reaches the
// "not sure" threshold with any photo, so Check a photo would answer "Not
// sure" to nearly everything (a new-user walk: a first Fast run at 53% gave
// 12 of 12 farm photos "Not sure"). The page then says why, and what to do.

/** Below this checking accuracy the page explains its "Not sure" answers. */
export const WEAK_MODEL_ACCURACY = 0.7;

/** True for a model whose own checking photos show it is too weak to answer surely. */
export function isWeakModel(evaluation: { accuracy: number; count: number } | null | undefined): boolean {
  return !!evaluation && evaluation.count > 0 && Number.isFinite(evaluation.accuracy) &&
    evaluation.accuracy < WEAK_MODEL_ACCURACY;
}
