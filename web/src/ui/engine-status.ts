// The engine's status in the header badge: starting, ready, or training.
// All three words sit stacked in one grid cell (styles.css, .badge-stable)
// with only the current one visible, so the badge keeps one width whatever
// it says and the project buttons beside it never move.

import { t, type Key } from '../i18n';
import type { State } from '../store';

export type EngineStatus = 'loading' | 'ready' | 'training';

export const STATUS_KEYS: Record<EngineStatus, Key> = {
  loading: 'engine.loading',
  ready: 'engine.ready',
  training: 'engine.training',
};

export function engineStatus(s: Pick<State, 'engine' | 'training'>): EngineStatus {
  if (!s.engine) return 'loading';
  return s.training.running ? 'training' : 'ready';
}

/** The badge's words in the current language: the status's, and the others' hidden. */
export function statusWords(status: EngineStatus): { text: string; shown: boolean }[] {
  return (Object.keys(STATUS_KEYS) as EngineStatus[]).map((k) => ({ text: t(STATUS_KEYS[k]), shown: k === status }));
}
