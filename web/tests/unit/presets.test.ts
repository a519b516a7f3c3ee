import { describe, expect, it } from 'vitest';
import { ARCHITECTURES, PRESETS, toTrainConfig, validateSettings } from '../../src/presets';

describe('presets', () => {
  it('Fast is farm-small at 64 px for about 10 epochs; Accurate is alexnet-small at 96-128 px', () => {
    expect(PRESETS.fast).toMatchObject({ arch: 'farm-small', size: 64, epochs: 10 });
    expect(PRESETS.accurate.arch).toBe('alexnet-small');
    expect(PRESETS.accurate.size).toBeGreaterThanOrEqual(96);
    expect(PRESETS.accurate.size).toBeLessThanOrEqual(128);
  });
  it('are all valid and use known architectures', () => {
    for (const p of Object.values(PRESETS)) {
      expect(validateSettings(p)).toEqual([]);
      expect(ARCHITECTURES).toContain(p.arch);
    }
  });
  it('make a complete engine TrainConfig', () => {
    const c = toTrainConfig(PRESETS.balanced, 7);
    expect(Object.keys(c).sort()).toEqual(['augment', 'batch', 'epochs', 'lr', 'optimizer', 'patience', 'schedule', 'seed', 'valShare', 'weightDecay']);
    expect(c.seed).toBe(7);
  });
  it('reject bad values', () => {
    expect(validateSettings({ ...PRESETS.fast, lr: 0, epochs: 0, valShare: 0.9, optimizer: 'magic' })).toEqual(['err.epochs', 'err.lr', 'err.valShare', 'err.optimizer']);
  });
});
