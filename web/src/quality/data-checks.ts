// What predictably fails before a training starts, found from the photos
// alone: a class with too few photos, classes far out of balance, the same
// photo in two classes (by the perceptual hash stored with each photo).
// Each finding carries what the farmer should do; the train screen shows
// them above Start. Pure functions, unit-tested.

import { hammingWords, hashWords } from './dhash';

/** Fewer photos than this in a class: the model will hardly learn it. */
export const FEW_PHOTOS = 15;
/** The biggest class this many times the smallest: the model leans to the big one. */
export const IMBALANCE = 5;
/** Hashes this close (bits of 64) are the same photo. */
export const SAME_PHOTO_BITS = 4;

export interface CheckClass {
  id: string;
  name: string;
}

export interface CheckPhoto {
  id: string;
  classId: string;
  name: string;
  /** dHash, 16 hex digits; absent on photos stored before it existed. */
  dhash?: string;
}

export type DataWarning =
  | { kind: 'few'; classes: { name: string; count: number }[] }
  | { kind: 'imbalance'; big: { name: string; count: number }; small: { name: string; count: number } }
  | { kind: 'duplicates'; pairs: { a: CheckPhoto; b: CheckPhoto; classA: string; classB: string }[] };

/**
 * Photos that appear in two different classes. Compares every pair of
 * hashed photos of different classes (2,700 photos: 3.6 million 64-bit
 * comparisons, some tens of ms), reporting each photo at most once.
 */
export function crossClassDuplicates(photos: readonly CheckPhoto[], maxBits = SAME_PHOTO_BITS): { a: CheckPhoto; b: CheckPhoto }[] {
  const hashed = photos.filter((p) => p.dhash && /^[0-9a-f]{16}$/.test(p.dhash));
  const words = hashed.map((p) => hashWords(p.dhash!));
  const out: { a: CheckPhoto; b: CheckPhoto }[] = [];
  const used = new Set<number>();
  for (let i = 0; i < hashed.length; i++) {
    if (used.has(i)) continue;
    for (let j = i + 1; j < hashed.length; j++) {
      if (used.has(j) || hashed[i]!.classId === hashed[j]!.classId) continue;
      if (hammingWords(words[i]!, words[j]!) <= maxBits) {
        out.push({ a: hashed[i]!, b: hashed[j]! });
        used.add(i);
        used.add(j);
        break;
      }
    }
  }
  return out;
}

/** The warnings for these classes and photos, most serious first; empty when none apply. */
export function dataWarnings(classes: readonly CheckClass[], photos: readonly CheckPhoto[]): DataWarning[] {
  const out: DataWarning[] = [];
  const nameOf = new Map(classes.map((c) => [c.id, c.name]));
  const counts = classes.map((c) => ({ name: c.name, count: photos.filter((p) => p.classId === c.id).length }));
  const dups = crossClassDuplicates(photos.filter((p) => nameOf.has(p.classId)));
  if (dups.length) {
    out.push({ kind: 'duplicates', pairs: dups.map((d) => ({ ...d, classA: nameOf.get(d.a.classId)!, classB: nameOf.get(d.b.classId)! })) });
  }
  // An empty class is "not ready" already (the train screen says so); here: some photos, too few.
  const few = counts.filter((c) => c.count > 0 && c.count < FEW_PHOTOS);
  if (few.length) out.push({ kind: 'few', classes: few });
  const nonEmpty = counts.filter((c) => c.count > 0);
  if (nonEmpty.length >= 2) {
    const big = nonEmpty.reduce((a, b) => (b.count > a.count ? b : a));
    const small = nonEmpty.reduce((a, b) => (b.count < a.count ? b : a));
    if (big.count >= IMBALANCE * small.count) out.push({ kind: 'imbalance', big, small });
  }
  return out;
}
