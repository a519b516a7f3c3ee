// Notices: short messages at the bottom of the screen that go away by
// themselves (errors and lists stay longer; one whose list is open stays
// until closed). A notice can carry a list of details and one action (Undo).
//
// A notice keeps its words as a function (`() => t(key, params)`), not as
// the text of the language it was raised in: ui/notices.ts calls it at each
// render, so a notice raised in Korean reads in English after the switch.

import { tOr } from '../i18n';
import { dispatch, type Notice, type NoticeText } from '../store';

let noticeId = 1;
const timers = new Map<number, ReturnType<typeof setTimeout>>();

export interface NoticeOptions {
  details?: Notice['details'];
  action?: Notice['action'];
  /** How long it stays, in ms (default: 6 s, errors 15 s). */
  ms?: number;
}

export function notify(kind: 'info' | 'error' | 'success', text: NoticeText, opts: NoticeOptions = {}): number {
  const id = noticeId++;
  dispatch({ type: 'notify', notice: { id, kind, text, details: opts.details, action: opts.action } });
  timers.set(id, setTimeout(() => dismissNotice(id), opts.ms ?? (kind === 'error' ? 15_000 : 6000)));
  return id;
}

/** A notice's words in the current language. */
export function noticeText(text: NoticeText): string {
  return typeof text === 'function' ? text() : text;
}

/** A notice's list in the current language. */
export function noticeDetails(n: Pick<Notice, 'details'>): string[] {
  return typeof n.details === 'function' ? n.details() : (n.details ?? []);
}

export function dismissNotice(id: number): void {
  clearTimeout(timers.get(id));
  timers.delete(id);
  dispatch({ type: 'dismiss', id });
}

/** Keeps a notice until it is closed (its list was opened to be read). */
export function keepNotice(id: number): void {
  clearTimeout(timers.get(id));
  timers.delete(id);
}

/**
 * The message of whatever was thrown: for an engine error with a code
 * (engine/core/error.h), the app's translated text, else the engine's English.
 */
export function errText(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  return codeText((e as Error & { code?: unknown }).code, e.message);
}

/** The translated text of an engine error code (`error.<code>`), or the English message. */
export function codeText(code: unknown, message: string): string {
  return typeof code === 'string' && code ? tOr(`error.${code}`, message) : message;
}
