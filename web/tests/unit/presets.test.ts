import { describe, expect, it } from 'vitest';
import type { PresetConfig } from '../../src/engine/protocol';
import { archOptions, DEFAULT_SETTINGS, fromFloat32, presetOf, settingsFromPreset, toTrainConfig, validateSettings, withDefaults } from '../../src/presets';

// What the engine reports (BarnlabModule.architectures()); the web side keeps no list of its own.
const ENGINE_ARCHS = ['mlp', 'simple-convnet', 'convnet-bn', 'lenet', 'farm-small', 'alexnet-small'];

// The shape of the engine's presetConfig (values made up: the engine defines the presets).
const engineConfig: PresetConfig = {
  preset: 'balanced', arch: 'convnet-bn', size: 96, dropout: -1,
  train: {
    epochs: 24, batch: 32, optimizer: 'adam', lr: 0.002, weightDecay: 0.05, valShare: 0.2, seed: 42, augment: true,
    schedule: 'cosine', patience: 0, augmentation: 'strong', labelSmoothing: 0.1, mixup: 0.2, warmupEpochs: 2, restoreBest: true,
  },
};

describe('settings', () => {
  it("take a preset's values from the engine's config, and give them back to the engine unchanged", () => {
    const s = settingsFromPreset(engineConfig);
    expect(s).toMatchObject({ preset: 'balanced', arch: 'convnet-bn', size: 96, dropout: -1, epochs: 24, mixup: 0.2, restoreBest: true });
    expect(toTrainConfig(s, engineConfig.train.seed)).toEqual(engineConfig.train);
    expect(validateSettings(s, ENGINE_ARCHS)).toEqual([]);
    expect(presetOf([engineConfig], 'balanced')).toBe(engineConfig);
    expect(presetOf([engineConfig], 'fast')).toBeUndefined();
  });
  it('show float32 values from the engine as the decimals they stand for, which read back as the same float32', () => {
    const lr32 = Math.fround(0.002);
    expect(String(lr32)).toBe('0.0020000000949949026');
    const s = settingsFromPreset({ ...engineConfig, train: { ...engineConfig.train, lr: lr32, weightDecay: Math.fround(0.05) } });
    expect(s.lr).toBe(0.002);
    expect(s.weightDecay).toBe(0.05);
    expect(Math.fround(s.lr)).toBe(lr32);
    for (const x of [0, 1e-4, 0.1, 0.3, 3e-3, 1e-6, 0.9]) expect(Math.fround(fromFloat32(Math.fround(x)))).toBe(Math.fround(x));
  });
  it('fill in the recipe fields of settings stored before they existed', () => {
    const old = { preset: 'custom' as const, arch: 'lenet', size: 28, epochs: 3 };
    expect(withDefaults(old)).toMatchObject({ ...old, augmentation: 'basic', labelSmoothing: 0, mixup: 0, warmupEpochs: 0, restoreBest: false });
  });
  it('make a complete engine TrainConfig', () => {
    const c = toTrainConfig(DEFAULT_SETTINGS, 7);
    expect(Object.keys(c).sort()).toEqual(Object.keys(engineConfig.train).sort());
    expect(c.seed).toBe(7);
  });
  it('reject bad values; dropout -1 is the network\'s own', () => {
    const s = { ...DEFAULT_SETTINGS, arch: 'farm-small' };
    expect(validateSettings({ ...s, lr: 0, epochs: 0, valShare: 0.9, optimizer: 'magic' }, ENGINE_ARCHS)).toEqual(['err.epochs', 'err.lr', 'err.valShare', 'err.optimizer']);
    expect(validateSettings({ ...s, dropout: -1 }, ENGINE_ARCHS)).toEqual([]);
    expect(validateSettings({ ...s, dropout: -0.5 }, ENGINE_ARCHS)).toEqual(['err.dropout']);
  });
  it('check the architecture against the list the engine reported', () => {
    const s = { ...DEFAULT_SETTINGS, arch: 'farm-small' };
    expect(validateSettings({ ...s, arch: 'resnet-152' }, ENGINE_ARCHS)).toEqual(['err.arch']);
    expect(validateSettings(s, ['mlp'])).toEqual(['err.arch']);
    expect(validateSettings({ ...s, arch: 'new-preset' }, [...ENGINE_ARCHS, 'new-preset'])).toEqual([]);
  });
  it("offer the engine's architectures, and the current choice even when the engine lacks it", () => {
    expect(archOptions(ENGINE_ARCHS, 'lenet')).toEqual(ENGINE_ARCHS);
    expect(archOptions(['mlp', 'lenet'], 'farm-small')).toEqual(['farm-small', 'mlp', 'lenet']);
    expect(archOptions([], 'farm-small')).toEqual(['farm-small']);
  });
});
