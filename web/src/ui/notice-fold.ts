// Which notices a phone shows at once: at most `most`, errors before the
// others and the newer before the older; the rest wait under "+N more". The
// folded ones stay in the page, only out of sight (styles.css), so a screen
// reader still reads an error's words.

export interface Foldable { id: number; kind: 'info' | 'error' | 'success' }

/** The ids shown, given the notices in their order (oldest first). */
export function shownNotices(notices: readonly Foldable[], most: number): Set<number> {
  const byPriority = [...notices].reverse().sort((a, b) => Number(b.kind === 'error') - Number(a.kind === 'error'));
  return new Set(byPriority.slice(0, Math.max(0, most)).map((n) => n.id));
}
