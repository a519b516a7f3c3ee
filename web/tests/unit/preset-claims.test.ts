// The preset cards' words against what each preset really trains: the
// engine's own presetConfig (the wasm build, loaded under Node) for few,
// middling and many photos, and made-up configs for the comparisons' edges.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { PresetConfig } from '../../src/engine/protocol';
import { en, format } from '../../src/i18n';
import { presetClaims, presetWork } from '../../src/quality/preset-claims';

const wasmDir = path.resolve(__dirname, '../../src/engine/wasm');
const haveWasm = fs.existsSync(path.join(wasmDir, 'barnlab.js'));

interface PresetModule { presets(): string[]; presetConfig(p: string, photos: number, classes: number): PresetConfig }

async function engine(): Promise<PresetModule> {
  const { default: factory } = await import(pathToFileURL(path.join(wasmDir, 'barnlab.js')).href) as
    { default: (o: { wasmBinary: Uint8Array }) => Promise<PresetModule> };
  return factory({ wasmBinary: fs.readFileSync(path.join(wasmDir, 'barnlab.wasm')) });
}

const cfg = (preset: string, size: number, epochs: number): PresetConfig => ({
  preset, arch: 'farm-res', size, dropout: -1,
  train: { epochs, batch: 16, optimizer: 'adamw', lr: 0.002, weightDecay: 0.05, valShare: 0.2, seed: 1, augment: true,
    schedule: 'cosine', patience: 0, augmentation: 'strong', labelSmoothing: 0.1, mixup: 0.2, warmupEpochs: 2, restoreBest: false },
});

describe('preset card claims', () => {
  it('say "more" and "larger" only when the numbers are', () => {
    const configs = [cfg('fast', 32, 120), cfg('balanced', 48, 240), cfg('accurate', 48, 240)];
    expect(presetClaims(configs, 'fast')).toEqual([{ key: 'preset.passes', params: { n: 120 } }]);
    expect(presetClaims(configs, 'balanced')).toEqual([
      { key: 'preset.passesMore', params: { n: 240, other: 'fast', m: 120 } }, { key: 'preset.larger', params: { other: 'fast' } }]);
    // Same epochs, same size as the one before: no comparison at all.
    expect(presetClaims(configs, 'accurate')).toEqual([{ key: 'preset.passes', params: { n: 240 } }]);
    expect(presetClaims(configs, 'missing')).toEqual([]);
  });

  it.skipIf(!haveWasm)("hold for the engine's presets at every photo count, with the fixed words true too", async () => {
    const m = await engine();
    const names = m.presets();
    expect(names).toEqual(['fast', 'balanced', 'accurate']);
    // Few (under 60 a class), middling, many (250 a class and more); 2 and 6 classes.
    for (const [photos, classes] of [[30, 3], [120, 6], [400, 4], [2700, 6], [1000, 2], [20000, 5]]) {
      const configs = names.map((n) => m.presetConfig(n, photos, classes));
      const [fast, balanced, accurate] = configs;
      const where = `${photos} photos, ${classes} classes`;
      for (let i = 0; i < configs.length; i++) {
        const c = configs[i];
        const claims = presetClaims(configs, c.preset);
        // The passes said are the epochs trained.
        expect(claims[0].params, where).toMatchObject({ n: c.train.epochs });
        const prev = configs[i - 1];
        if (claims[0].key === 'preset.passesMore') expect(c.train.epochs, where).toBeGreaterThan(prev.train.epochs);
        expect(claims.some((x) => x.key === 'preset.larger'), where).toBe(prev !== undefined && c.size > prev.size);
        // One batch size for a project, so the steps per epoch are the same for all three.
        expect(c.train.batch, where).toBe(fast.train.batch);
      }
      // "The quickest" (Fast), "takes longer" (Balanced), "the most training" (Accurate).
      expect(presetWork(fast), where).toBeLessThan(presetWork(balanced));
      expect(presetWork(balanced), where).toBeLessThan(presetWork(accurate));
      expect(accurate.train.epochs, where).toBe(Math.max(...configs.map((c) => c.train.epochs)));
      // Not "the biggest model": every preset trains the same network.
      expect(new Set(configs.map((c) => c.arch)).size, where).toBe(1);
    }
    expect(en['preset.accurate.hint']).not.toMatch(/biggest|model/i);
    expect(format(en['preset.passesMore'], { n: 240, other: 'Fast', m: 120 })).toBe('Goes over your photos 240 times (Fast: 120).');
  });
});
