// What a preset's card says beyond its name and plain purpose, derived from
// the values the engine chose for this project (never written by hand): how
// many times it goes over the photos, against the preset before it, and
// whether it looks at them larger. A card only says "more" or "larger" when
// the numbers say so, whatever the engine's presets become.

import type { PresetConfig } from '../engine/protocol';

export type PresetClaim =
  | { key: 'preset.passes'; params: { n: number } }
  | { key: 'preset.passesMore'; params: { n: number; other: string; m: number } }
  | { key: 'preset.larger'; params: { other: string } };

/**
 * The claims for preset `name`: its epochs (each a pass over the training
 * photos), compared with the preset before it in the engine's order, and
 * "larger" when its photo size is bigger than that one's. `other` is the
 * other preset's name (the card translates it).
 */
export function presetClaims(configs: readonly PresetConfig[], name: string): PresetClaim[] {
  const i = configs.findIndex((c) => c.preset === name);
  if (i < 0) return [];
  const c = configs[i];
  const prev = i > 0 ? configs[i - 1] : undefined;
  const claims: PresetClaim[] = [];
  if (prev && c.train.epochs > prev.train.epochs) {
    claims.push({ key: 'preset.passesMore', params: { n: c.train.epochs, other: prev.preset, m: prev.train.epochs } });
  } else {
    claims.push({ key: 'preset.passes', params: { n: c.train.epochs } });
  }
  if (prev && c.size > prev.size) claims.push({ key: 'preset.larger', params: { other: prev.preset } });
  return claims;
}

/**
 * The work one preset does, relative to another's: epochs x pixels a photo
 * (the steps per epoch are the same for one project; a step's cost grows
 * about with the pixels). Used to check the fixed words on the cards
 * ("the quickest", "takes longer", "the most training").
 */
export function presetWork(c: PresetConfig): number {
  return c.train.epochs * c.size * c.size;
}
