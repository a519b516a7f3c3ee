// Training presets and the advanced settings they fill in.

import type { TrainConfig } from './engine/protocol';

export const ARCHITECTURES = ['mlp', 'simple-convnet', 'convnet-bn', 'lenet', 'farm-small', 'alexnet-small'] as const;
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

/** Problems with settings, as i18n keys; empty when they can be used. */
export function validateSettings(s: TrainSettings): string[] {
  const errs: string[] = [];
  if (!Number.isInteger(s.epochs) || s.epochs < 1 || s.epochs > 500) errs.push('err.epochs');
  if (!Number.isInteger(s.batch) || s.batch < 1 || s.batch > 512) errs.push('err.batch');
  if (!(s.lr > 0 && s.lr <= 1)) errs.push('err.lr');
  if (!(s.weightDecay >= 0 && s.weightDecay < 1)) errs.push('err.weightDecay');
  if (!(s.dropout >= 0 && s.dropout < 1)) errs.push('err.dropout');
  if (!(s.valShare >= 0 && s.valShare <= 0.5)) errs.push('err.valShare');
  if (!(ARCHITECTURES as readonly string[]).includes(s.arch)) errs.push('err.arch');
  if (!(OPTIMIZERS as readonly string[]).includes(s.optimizer)) errs.push('err.optimizer');
  return errs;
}
