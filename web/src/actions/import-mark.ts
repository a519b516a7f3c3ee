// A folder import cut short by a reload or a closed tab: while photos import,
// how far the import got is kept in IndexedDB `meta` (as an interrupted
// training keeps its checkpoint there); an import that ends clears it. At the
// next start a mark still there means the page went away mid-import, and the
// farmer is told once how far it got and that importing the same folder
// again adds the rest (photos already stored are skipped as duplicates).

import * as db from '../db';
import { t } from '../i18n';
import { notify } from './notices';

export const IMPORT_MARK = 'importProgress';

export interface ImportMark {
  projectId: string;
  done: number;
  total: number;
}

/**
 * Records how far the running import got (null: no import is running). A
 * mark that cannot be written (a full disk) only costs that notice.
 */
export function markImport(mark: ImportMark | null): Promise<void> {
  return db.setMeta(IMPORT_MARK, mark).catch(() => {});
}

/** The notice for an import the last session left unfinished, if any; the mark is then forgotten. */
export async function reportCutImport(): Promise<void> {
  const mark = await db.getMeta<ImportMark | null>(IMPORT_MARK);
  if (!mark) return;
  await markImport(null);
  const { done, total } = mark;
  notify('info', () => t('photos.importCut', { done, total }), { ms: 30_000 });
}
