// Training presets and the advanced settings they fill in. The list of
// architectures is not here: the engine reports the ones it can build
// (EngineStatus.architectures, kept in the store).

import type { TrainConfig } from './engine/protocol';
import type { Key } from './i18n';

export const OPTIMIZERS = ['sgd', 'momentum', 'nesterov', 'adagrad', 'rmsprop', 'adam'] as const;
export const SCHEDULES = ['none', 'step', 'cosine'] as const;
export const SIZES = [28, 32, 48, 64, 96, 112, 128] as const;

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
  dropout: number;
  augment: boolean;
  valShare: number;
  schedule: string;
  patience: number;
}

export const PRESETS: Record<PresetName, TrainSettings> = {
  fast: {
    preset: 'fast', arch: 'farm-small', size: 64, epochs: 10, batch: 32, optimizer: 'adam', lr: 0.001,
    weightDecay: 1e-4, dropout: 0.25, augment: true, valShare: 0.2, schedule: 'none', patience: 0,
  },
  balanced: {
    preset: 'balanced', arch: 'farm-small', size: 96, epochs: 20, batch: 32, optimizer: 'adam', lr: 0.001,
    weightDecay: 1e-4, dropout: 0.3, augment: true, valShare: 0.2, schedule: 'cosine', patience: 5,
  },
  accurate: {
    preset: 'accurate', arch: 'alexnet-small', size: 112, epochs: 30, batch: 32, optimizer: 'adam', lr: 0.0005,
    weightDecay: 5e-4, dropout: 0.5, augment: true, valShare: 0.2, schedule: 'cosine', patience: 8,
  },
};

export const DEFAULT_SETTINGS: TrainSettings = PRESETS.fast;

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
  if (!(s.dropout >= 0 && s.dropout < 1)) errs.push('err.dropout');
  if (!(s.valShare >= 0 && s.valShare <= 0.5)) errs.push('err.valShare');
  if (!architectures.includes(s.arch)) errs.push('err.arch');
  if (!(OPTIMIZERS as readonly string[]).includes(s.optimizer)) errs.push('err.optimizer');
  return errs;
}
