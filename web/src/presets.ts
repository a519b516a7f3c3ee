// The training settings: a preset (Fast / Balanced / Accurate), whose
// values the engine chooses from the project's photo and class counts
// (presetConfig; the CLI's --preset uses the same definition), or the
// advanced settings. No preset is defined here, nor the list of
// architectures: the engine reports both (EngineStatus, kept in the store).

import type { PresetConfig, TrainConfig } from './engine/protocol';
import type { Key } from './i18n';

export const OPTIMIZERS = ['sgd', 'momentum', 'nesterov', 'adagrad', 'rmsprop', 'adam', 'adamw'] as const;
export const SCHEDULES = ['none', 'step', 'cosine'] as const;
export const SIZES = [28, 32, 48, 64, 96, 112, 128] as const;
export const AUGMENTATIONS = ['basic', 'strong'] as const;

export type PresetName = 'fast' | 'balanced' | 'accurate';

export interface TrainSettings {
  preset: PresetName | 'custom';
  arch: string;
  size: number;
  epochs: number;
  batch: number;
  optimizer: string;
  lr: number;
  weightDecay: number;
  /** < 0: the architecture's own rate. */
  dropout: number;
  augment: boolean;
  valShare: number;
  schedule: string;
  patience: number;
  augmentation: string;
  labelSmoothing: number;
  mixup: number;
  warmupEpochs: number;
  restoreBest: boolean;
}

/**
 * A new project's settings: the Fast preset, resolved by the engine when
 * training starts; the other values are the engine's TrainConfig defaults
 * (what the advanced settings start from), not a preset.
 */
export const DEFAULT_SETTINGS: TrainSettings = {
  preset: 'fast', arch: 'farm-small', size: 64, epochs: 10, batch: 32, optimizer: 'adam', lr: 0.001,
  weightDecay: 0, dropout: -1, augment: true, valShare: 0.2, schedule: 'none', patience: 0,
  augmentation: 'basic', labelSmoothing: 0, mixup: 0, warmupEpochs: 0, restoreBest: false,
};

/** Settings stored before the recipe's fields existed get the defaults for them. */
export function withDefaults(s: Partial<TrainSettings>): TrainSettings {
  return { ...DEFAULT_SETTINGS, ...s };
}

/** The settings a preset's engine config stands for (shown in the advanced settings, stored with a run). */
/**
 * A float32 from the engine as the short decimal it stands for (0.002, not
 * 0.0020000000949949026): six significant digits are within float32's
 * precision, so the engine reads back the same float.
 */
export function fromFloat32(x: number): number {
  return x === 0 || !Number.isFinite(x) ? x : Number(x.toPrecision(6));
}

export function settingsFromPreset(c: PresetConfig): TrainSettings {
  const t = c.train;
  const f = fromFloat32;
  return {
    preset: c.preset as PresetName, arch: c.arch, size: c.size, dropout: f(c.dropout),
    epochs: t.epochs, batch: t.batch, optimizer: t.optimizer, lr: f(t.lr), weightDecay: f(t.weightDecay), augment: t.augment,
    valShare: f(t.valShare), schedule: t.schedule, patience: t.patience, augmentation: t.augmentation,
    labelSmoothing: f(t.labelSmoothing), mixup: f(t.mixup), warmupEpochs: t.warmupEpochs, restoreBest: t.restoreBest,
  };
}

/** The engine's preset config (from presetConfig for this project) for a preset name, if the engine gave one. */
export function presetOf(configs: readonly PresetConfig[], name: string): PresetConfig | undefined {
  return configs.find((c) => c.preset === name);
}

/**
 * The architectures the settings form offers: the engine's list (empty
 * until it has loaded), with the current choice first when the engine does
 * not list it, so the field shows what is set (and Start reports it).
 */
export function archOptions(engineList: readonly string[], current: string): readonly string[] {
  return engineList.includes(current) ? engineList : [current, ...engineList];
}

/** The engine's TrainConfig for these settings. */
export function toTrainConfig(s: TrainSettings, seed: number): TrainConfig {
  return {
    epochs: s.epochs,
    batch: s.batch,
    optimizer: s.optimizer,
    lr: s.lr,
    weightDecay: s.weightDecay,
    valShare: s.valShare,
    seed,
    augment: s.augment,
    schedule: s.schedule,
    patience: s.patience,
    augmentation: s.augmentation,
    labelSmoothing: s.labelSmoothing,
    mixup: s.mixup,
    warmupEpochs: s.warmupEpochs,
    restoreBest: s.restoreBest,
  };
}

/** A problem with the settings: the i18n key of its message. */
export type SettingsProblem = Extract<Key, `err.${string}`>;

/**
 * Problems with settings, as i18n keys; empty when they can be used.
 * `architectures`: the ones the engine reported it can build.
 */
export function validateSettings(s: TrainSettings, architectures: readonly string[]): SettingsProblem[] {
  const errs: SettingsProblem[] = [];
  if (!Number.isInteger(s.epochs) || s.epochs < 1 || s.epochs > 500) errs.push('err.epochs');
  if (!Number.isInteger(s.batch) || s.batch < 1 || s.batch > 512) errs.push('err.batch');
  if (!(s.lr > 0 && s.lr <= 1)) errs.push('err.lr');
  if (!(s.weightDecay >= 0 && s.weightDecay < 1)) errs.push('err.weightDecay');
  if (!(s.dropout < 1 && (s.dropout >= 0 || s.dropout === -1))) errs.push('err.dropout');
  if (!(s.valShare >= 0 && s.valShare <= 0.5)) errs.push('err.valShare');
  if (!architectures.includes(s.arch)) errs.push('err.arch');
  if (!(OPTIMIZERS as readonly string[]).includes(s.optimizer)) errs.push('err.optimizer');
  return errs;
}
