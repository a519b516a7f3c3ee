// The order a run's photos go to the engine in: fixed by the photos
// themselves, so that the same photos, settings and seed train the same
// model however an import interleaved them (ids are random and the stored
// order follows when each photo's decode finished).
import type { PhotoMeta } from '../db';

/** Class index, then file name (code units), then content hash, then id. */
export function trainingOrder(labelOf: Map<string, number>): (a: PhotoMeta, b: PhotoMeta) => number {
  const cmp = (x: string, y: string): number => (x < y ? -1 : x > y ? 1 : 0);
  return (a, b) =>
    labelOf.get(a.classId)! - labelOf.get(b.classId)! || cmp(a.name, b.name) || cmp(a.hash ?? '', b.hash ?? '') || cmp(a.id, b.id);
}
