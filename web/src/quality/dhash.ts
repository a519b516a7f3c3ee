// A perceptual "difference hash" of a photo: the photo shrunk to a 9 x 8
// grey thumbnail, one bit per pair of horizontal neighbours (is the left one
// brighter?). Re-encoding, resizing or a little brightness change leave it
// (nearly) the same, so two photos whose hashes differ in a few bits are the
// same picture. Computed in the decode worker, where the photo is decoded,
// and stored with the photo as 16 hex digits.

export const DHASH_W = 9;
export const DHASH_H = 8;

/** grey: DHASH_W x DHASH_H bytes, row by row. Returns 16 hex digits (64 bits). */
export function dhash(grey: ArrayLike<number>): string {
  if (grey.length !== DHASH_W * DHASH_H) throw new Error(`dhash needs ${DHASH_W * DHASH_H} grey values, got ${grey.length}`);
  let hex = '';
  for (let y = 0; y < DHASH_H; y++) {
    let byte = 0;
    for (let x = 0; x < DHASH_W - 1; x++) {
      byte = (byte << 1) | (grey[y * DHASH_W + x]! > grey[y * DHASH_W + x + 1]! ? 1 : 0);
    }
    hex += byte.toString(16).padStart(2, '0');
  }
  return hex;
}

/** Grey values (ITU-R BT.601 luma) of RGBA pixels. */
export function greyOfRgba(rgba: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(rgba.length / 4);
  for (let i = 0; i < out.length; i++) {
    out[i] = Math.round(0.299 * rgba[i * 4]! + 0.587 * rgba[i * 4 + 1]! + 0.114 * rgba[i * 4 + 2]!);
  }
  return out;
}

/** A hash as two 32-bit halves, for fast comparison. */
export function hashWords(hex: string): [number, number] {
  return [parseInt(hex.slice(0, 8), 16) >>> 0, parseInt(hex.slice(8, 16), 16) >>> 0];
}

function popcount32(v: number): number {
  v = v - ((v >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/** Bits in which two hashes differ (0..64). */
export function hammingWords(a: readonly [number, number], b: readonly [number, number]): number {
  return popcount32((a[0] ^ b[0]) >>> 0) + popcount32((a[1] ^ b[1]) >>> 0);
}
