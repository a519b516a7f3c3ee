// The browser's storage for this app: how much is used of what it may use
// (navigator.storage.estimate()), whether the browser keeps it when the
// device runs short of space (persist()), and recognising a full disk.
//
// Persistence is asked for once, when the first project is made (a browser
// may grant it silently, ask the user, or refuse); the answer is shown in
// the app, and the "Your data" card can ask again.

import { t } from '../i18n';
import { dispatch, getState } from '../store';
import { notify } from './notices';

/** Reads usage, quota and persistence into the store (nothing where the browser has no StorageManager). */
export async function refreshStorage(): Promise<void> {
  const sm = globalThis.navigator?.storage;
  if (!sm?.estimate) return;
  try {
    const [est, persisted] = await Promise.all([sm.estimate(), sm.persisted ? sm.persisted() : Promise.resolve(null)]);
    dispatch({ type: 'storage', info: { usage: est.usage ?? 0, quota: est.quota ?? 0, persisted } });
  } catch {
    // An estimate that fails leaves the last figures; nothing depends on them.
  }
}

/**
 * Asks the browser to keep this app's data (persist()) and says in a notice
 * whether it did. `quiet`: say nothing when it was already granted.
 */
export async function askPersistence(quiet = false): Promise<boolean | null> {
  const sm = globalThis.navigator?.storage;
  if (!sm?.persist) return null;
  const already = sm.persisted ? await sm.persisted() : false;
  const granted = already || (await sm.persist());
  if (!(quiet && already)) notify(granted ? 'success' : 'info', () => granted ? t('storage.granted') : t('storage.refused'), { ms: 10_000 });
  await refreshStorage();
  return granted;
}

/** Before the first project is made: ask to keep the data. */
export async function beforeFirstProject(): Promise<void> {
  if (getState().projects.length === 0) await askPersistence(true);
}

/** True when `e` is the browser saying the storage is full (IndexedDB's QuotaExceededError, or an abort caused by it). */
export function isQuotaError(e: unknown): boolean {
  if (!(e instanceof DOMException) && !(e instanceof Error)) return false;
  if (e.name === 'QuotaExceededError') return true;
  const cause = (e as { cause?: unknown }).cause;
  return /quota/i.test(e.message) || (cause !== undefined && cause !== e && isQuotaError(cause));
}

/** Bytes in the user's units (kB, MB, GB, decimal as the OS shows them). */
export function formatBytes(n: number): string {
  if (n < 1e3) return `${n} B`;
  const [div, unit] = n < 1e6 ? [1e3, 'kB'] : n < 1e9 ? [1e6, 'MB'] : [1e9, 'GB'];
  const v = n / div;
  return `${v < 10 ? v.toFixed(1) : Math.round(v)} ${unit}`;
}
