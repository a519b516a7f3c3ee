// Notices: short messages at the bottom of the screen that go away by
// themselves (errors stay longer).

import { dispatch } from '../store';

let noticeId = 1;

export function notify(kind: 'info' | 'error' | 'success', text: string): void {
  const id = noticeId++;
  dispatch({ type: 'notify', notice: { id, kind, text } });
  setTimeout(() => dispatch({ type: 'dismiss', id }), kind === 'error' ? 15_000 : 6000);
}

/** The message of whatever was thrown. */
export function errText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
