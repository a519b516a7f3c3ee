import { describe, expect, it } from 'vitest';
import { archOptions, PRESETS, toTrainConfig, validateSettings } from '../../src/presets';

// What the engine reports (BarnlabModule.architectures()); the web side keeps no list of its own.
const ENGINE_ARCHS = ['mlp', 'simple-convnet', 'convnet-bn', 'lenet', 'farm-small', 'alexnet-small'];

describe('presets', () => {
  it('Fast is farm-small at 64 px for about 10 epochs; Accurate is alexnet-small at 96-128 px', () => {
    expect(PRESETS.fast).toMatchObject({ arch: 'farm-small', size: 64, epochs: 10 });
    expect(PRESETS.accurate.arch).toBe('alexnet-small');
    expect(PRESETS.accurate.size).toBeGreaterThanOrEqual(96);
    expect(PRESETS.accurate.size).toBeLessThanOrEqual(128);
  });
  it("are all valid with the engine's architectures", () => {
    for (const p of Object.values(PRESETS)) expect(validateSettings(p, ENGINE_ARCHS)).toEqual([]);
  });
  it('make a complete engine TrainConfig', () => {
    const c = toTrainConfig(PRESETS.balanced, 7);
    expect(Object.keys(c).sort()).toEqual(['augment', 'batch', 'epochs', 'lr', 'optimizer', 'patience', 'schedule', 'seed', 'valShare', 'weightDecay']);
    expect(c.seed).toBe(7);
  });
  it('reject bad values', () => {
    expect(validateSettings({ ...PRESETS.fast, lr: 0, epochs: 0, valShare: 0.9, optimizer: 'magic' }, ENGINE_ARCHS)).toEqual(['err.epochs', 'err.lr', 'err.valShare', 'err.optimizer']);
  });
  it('check the architecture against the list the engine reported', () => {
    expect(validateSettings({ ...PRESETS.fast, arch: 'resnet-152' }, ENGINE_ARCHS)).toEqual(['err.arch']);
    expect(validateSettings(PRESETS.fast, ['mlp'])).toEqual(['err.arch']);
    expect(validateSettings({ ...PRESETS.fast, arch: 'new-preset' }, [...ENGINE_ARCHS, 'new-preset'])).toEqual([]);
  });
  it("offer the engine's architectures, and the current choice even when the engine lacks it", () => {
    expect(archOptions(ENGINE_ARCHS, 'lenet')).toEqual(ENGINE_ARCHS);
    expect(archOptions(['mlp', 'lenet'], 'farm-small')).toEqual(['farm-small', 'mlp', 'lenet']);
    expect(archOptions([], 'farm-small')).toEqual(['farm-small']);
  });
});
