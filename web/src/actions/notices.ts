// Notices: short messages at the bottom of the screen that go away by
// themselves (errors stay longer).

import { tOr } from '../i18n';
import { dispatch } from '../store';

let noticeId = 1;

export function notify(kind: 'info' | 'error' | 'success', text: string): void {
  const id = noticeId++;
  dispatch({ type: 'notify', notice: { id, kind, text } });
  setTimeout(() => dispatch({ type: 'dismiss', id }), kind === 'error' ? 15_000 : 6000);
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
