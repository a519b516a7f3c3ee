import { describe, expect, it } from 'vitest';
import { dataWarnings, crossClassDuplicates, type CheckPhoto } from '../../src/quality/data-checks';
import { DHASH_H, DHASH_W, dhash, greyOfRgba, hammingWords, hashWords } from '../../src/quality/dhash';

/** A 9 x 8 grey picture from a function of (x, y). */
function picture(f: (x: number, y: number) => number): number[] {
  const out: number[] = [];
  for (let y = 0; y < DHASH_H; y++) for (let x = 0; x < DHASH_W; x++) out.push(Math.max(0, Math.min(255, Math.round(f(x, y)))));
  return out;
}

describe('dhash', () => {
  it('sets a bit where the left neighbour is brighter', () => {
    expect(dhash(picture((x) => 200 - x * 10))).toBe('ffffffffffffffff');
    expect(dhash(picture((x) => x * 10))).toBe('0000000000000000');
    // Only the first row falls to the right in its first pixel pair: bit 7 of byte 0.
    expect(dhash(picture((x, y) => (y === 0 && x === 0 ? 100 : 50)))).toBe('8000000000000000');
  });
  it('barely changes with brightness and noise, and differs between pictures', () => {
    const a = picture((x, y) => 128 + 60 * Math.sin(x * 1.3 + y * 0.7));
    const brighter = a.map((v, i) => Math.min(255, v * 1.1 + 8 + (i % 3 === 0 ? 1 : 0)));
    const other = picture((x, y) => 128 + 60 * Math.cos(x * 0.4 - y * 1.9));
    const d = (p: number[], q: number[]) => hammingWords(hashWords(dhash(p)), hashWords(dhash(q)));
    expect(d(a, brighter)).toBeLessThanOrEqual(2);
    expect(d(a, other)).toBeGreaterThan(10);
  });
  it('rejects a thumbnail of the wrong size', () => {
    expect(() => dhash([1, 2, 3])).toThrow(/72 grey values/);
  });
  it('greys RGBA by luma and counts differing bits', () => {
    expect(Array.from(greyOfRgba([255, 255, 255, 255, 0, 0, 0, 255, 255, 0, 0, 255]))).toEqual([255, 0, 76]);
    expect(hammingWords(hashWords('ffffffff00000000'), hashWords('0000000000000001'))).toBe(33);
  });
});

const classes = [
  { id: 'c', name: 'cow' },
  { id: 'p', name: 'pig' },
];
function photos(cls: string, n: number, hash?: (i: number) => string): CheckPhoto[] {
  return Array.from({ length: n }, (_, i) => ({ id: `${cls}${i}`, classId: cls, name: `${cls}${i}.jpg`, dhash: hash?.(i) }));
}
/** Distinct hashes far apart: each photo i gets its own pattern. */
const distinct = (seed: number) => (i: number) => ((seed * 7919 + i * 104729) >>> 0).toString(16).padStart(8, '0') + ((i * 2654435761 + seed) >>> 0).toString(16).padStart(8, '0');

describe('data warnings', () => {
  it('are empty for two balanced classes of 20 distinct photos', () => {
    expect(dataWarnings(classes, [...photos('c', 20), ...photos('p', 20)])).toEqual([]);
  });
  it('name the classes with fewer than 15 photos', () => {
    expect(dataWarnings(classes, [...photos('c', 14), ...photos('p', 15)])).toEqual([{ kind: 'few', classes: [{ name: 'cow', count: 14 }] }]);
  });
  it('find classes 5x out of balance, not 4x', () => {
    expect(dataWarnings(classes, [...photos('c', 100), ...photos('p', 20)])).toEqual([
      { kind: 'imbalance', big: { name: 'cow', count: 100 }, small: { name: 'pig', count: 20 } },
    ]);
    expect(dataWarnings(classes, [...photos('c', 80), ...photos('p', 20)])).toEqual([]);
  });
  it('find the same photo in two classes, not twice in one class', () => {
    const cows = photos('c', 20, distinct(1));
    const pigs = photos('p', 20, distinct(2));
    // The same picture re-encoded: one bit differs.
    pigs[3] = { ...pigs[3]!, dhash: cows[5]!.dhash!.slice(0, 15) + (cows[5]!.dhash!.endsWith('0') ? '1' : '0') };
    const w = dataWarnings(classes, [...cows, ...pigs]);
    expect(w).toHaveLength(1);
    expect(w[0]).toMatchObject({ kind: 'duplicates', pairs: [{ a: { id: 'c5' }, b: { id: 'p3' }, classA: 'cow', classB: 'pig' }] });
    // Within one class a copy is not a contradiction.
    cows[6] = { ...cows[6]!, dhash: cows[5]!.dhash };
    expect(crossClassDuplicates([...cows])).toEqual([]);
  });
  it('skip photos without a hash', () => {
    expect(crossClassDuplicates([...photos('c', 3), ...photos('p', 3)])).toEqual([]);
  });
});
