// Photos of the open project: importing files through the decode pool,
// removing one (with undo), moving one to another class.
//
// An import ends with one notice: how many were added, and when some were
// skipped, "3 of 6 skipped" with the list of skipped files and the reason
// of each. A file whose content is already in the project (same SHA-256)
// is skipped and counted, not stored twice. Progress goes to the store at
// most ten times a second, so a big import does not flood the page.

import * as db from '../db';
import type { ClassDef, PhotoRecord, Project } from '../db';
import { decodeFile, hashFile } from '../decode/client';
import type { DecodeResponse, SkipReason } from '../decode/protocol';
import { t } from '../i18n';
import { currentProject, dispatch, getState } from '../store';
import { addClass } from './classes';
import { markImport } from './import-mark';
import { errText, notify } from './notices';
import { saveProject } from './projects';
import { isQuotaError, refreshStorage } from './storage';

export interface IncomingFile {
  file: File;
  /** Class by name (folder import); created if missing. */
  className?: string;
  classId?: string;
}

/** Why a file was not imported: the decoder's reasons, plus the page's own. */
export type ImportSkip = SkipReason | 'duplicate' | 'no-class';

export interface ImportReport {
  total: number;
  added: number;
  skipped: { name: string; reason: ImportSkip }[];
}

/** Import loops sharing one queue: one more than the decode workers (at most two), so a worker always has a file waiting while a loop stores a batch. */
const IMPORT_LOOPS = 3;
/** Photos stored in IndexedDB per transaction. */
const BATCH = 24;
/** Least time between two progress updates of the store (ms). */
const PROGRESS_MS = 100;

/** The skipped files' lines, each with its reason in the UI language. */
export function skipLines(skipped: ImportReport['skipped']): string[] {
  return skipped.map((s) => t('photos.skipLine', { name: s.name, reason: t(`photos.reason.${s.reason}`) }));
}

/**
 * "N of M skipped". When nothing was added and every file shares one reason,
 * the headline gives it: a folder without class sub-folders skips all its
 * photos as "not in a class folder", and the farmer must see that, and how
 * folders make classes, without opening the list.
 */
export function skipSummary(r: ImportReport): string {
  const counts = { skipped: r.skipped.length, total: r.total };
  const reasons = new Set(r.skipped.map((s) => s.reason));
  if (r.added > 0 || reasons.size !== 1) return t('photos.skippedSummary', counts);
  const [reason] = [...reasons];
  const why = t('photos.skippedWhy', { ...counts, reason: t(`photos.reason.${reason}`) });
  return reason === 'no-class' ? `${why} ${t('photos.folderHint')}` : why;
}

/** The one notice an import ends with. */
export function reportImport(r: ImportReport): void {
  if (r.total === 0) return;
  const added = () => (r.added === 1 ? t('photos.importedOne') : t('photos.imported', { count: r.added }));
  if (!r.skipped.length) {
    notify('success', added);
    return;
  }
  const summary = () => skipSummary(r);
  notify(r.added ? 'info' : 'error', () => `${added()} ${summary()}`, { details: () => skipLines(r.skipped), ms: 20_000 });
}

/**
 * Decodes and stores photos; a file that cannot be a photo is skipped and
 * listed with its reason, and the rest still import. Returns what happened.
 */
export async function importFiles(items: IncomingFile[]): Promise<ImportReport> {
  const report: ImportReport = { total: items.length, added: 0, skipped: [] };
  const project = currentProject(getState());
  if (!project || items.length === 0) return report;
  const projectId = project.id;
  // Create classes named by folders first (a full disk puts the project back as it was).
  try {
    for (const name of [...new Set(items.map((i) => i.className).filter((n): n is string => !!n))].sort()) {
      const p = currentProject(getState())!;
      if (!p.classes.some((c) => c.name === name)) await addClass(name);
    }
  } catch (e) {
    if (!isQuotaError(e)) throw e;
    await undoImport(project, []);
    return storageFull(items.length);
  }
  const classes = currentProject(getState())!.classes;
  const byName = new Map(classes.map((c) => [c.name, c.id]));
  const known = new Set(getState().photos.map((p) => p.hash).filter((h): h is string => !!h));
  let done = 0;
  let lastProgress = 0;
  const progress = (force = false) => {
    const now = performance.now();
    if (!force && now - lastProgress < PROGRESS_MS) return;
    lastProgress = now;
    dispatch({ type: 'importing', progress: { done, total: items.length } });
    void markImport({ projectId, done, total: items.length });
  };
  progress(true);
  const queue = items.slice();
  const batch: PhotoRecord[] = [];
  // Ids stored by this import, one transaction per batch: removed again when the disk is full.
  const written: string[] = [];
  let full = false;
  const flush = async () => {
    if (!batch.length || full) return;
    const recs = batch.splice(0);
    await db.addPhotos(recs);
    written.push(...recs.map((r) => r.id));
    dispatch({ type: 'photos-added', photos: recs.map(({ image: _i, ...m }) => m) });
  };
  const skip = (item: IncomingFile, reason: ImportSkip) => report.skipped.push({ name: item.file.webkitRelativePath || item.file.name, reason });
  // Set when the decode pool itself fails (not one bad file): the rest of the queue is dropped.
  let poolFailure: string | null = null;
  const importOne = async (item: IncomingFile) => {
    const classId = item.classId ?? (item.className ? byName.get(item.className) : undefined);
    if (!classId) return skip(item, 'no-class');
    if (item.file.size === 0) return skip(item, 'empty');
    const hash = await hashFile(item.file);
    if (hash && known.has(hash)) return skip(item, 'duplicate');
    if (hash) known.add(hash);
    const res: DecodeResponse = await decodeFile(item.file);
    if (res.type === 'error') return skip(item, res.reason);
    if (res.type !== 'ok') return skip(item, 'damaged');
    batch.push({
      id: db.newId(),
      projectId,
      classId,
      name: item.file.name,
      image: res.image,
      thumb: res.thumb,
      width: res.width,
      height: res.height,
      added: Date.now() + report.added,
      hash: hash ?? undefined,
      dhash: res.dhash,
    });
    report.added++;
    if (batch.length >= BATCH) await flush();
  };
  const importLoop = async () => {
    for (let item = queue.shift(); item; item = queue.shift()) {
      try {
        await importOne(item);
      } catch (e) {
        if (isQuotaError(e)) full = true;
        else poolFailure = errText(e);
        queue.length = 0;
        return;
      }
      done++;
      progress();
    }
  };
  try {
    await Promise.all(Array.from({ length: IMPORT_LOOPS }, importLoop));
    await flush().catch((e: unknown) => {
      if (!isQuotaError(e)) throw e;
      full = true;
    });
    if (full) await undoImport(project, written);
  } finally {
    dispatch({ type: 'importing', progress: null });
    void markImport(null);
    void refreshStorage();
  }
  if (full) return storageFull(items.length);
  if (poolFailure) {
    const message = poolFailure;
    notify('error', () => t('photos.failed', { message }));
  }
  reportImport(report);
  return report;
}

/** The end of an import that found the disk full (nothing of it is kept). */
function storageFull(total: number): ImportReport {
  notify('error', () => t('storage.fullImport'), { ms: 30_000 });
  void refreshStorage();
  return { total, added: 0, skipped: [] };
}

/** After a full disk: removes the photos an import stored and the classes it made, so the project is as it was before. */
async function undoImport(before: Project, written: string[]): Promise<void> {
  await db.deletePhotos(written);
  dispatch({ type: 'photos-removed', ids: written });
  const now = currentProject(getState());
  if (now && now.id === before.id && now.classes.length !== before.classes.length) await saveProject({ ...now, classes: before.classes });
}

/** Removes photos at once; the notice's Undo puts them back (the records are kept in memory until then). */
export async function removePhotos(ids: string[]): Promise<void> {
  const recs = (await Promise.all(ids.map((id) => db.getPhoto(id)))).filter((r): r is PhotoRecord => !!r);
  await db.deletePhotos(ids);
  dispatch({ type: 'photos-removed', ids });
  notify('info', () => recs.length === 1 ? t('photos.removedOne') : t('photos.removed', { count: recs.length }), {
    action: { label: () => t('common.undo'), run: () => void restorePhotos(recs) },
    ms: UNDO_MS,
  });
}

export function removePhoto(id: string): Promise<void> {
  return removePhotos([id]);
}

/** How long a deletion can be undone. */
export const UNDO_MS = 8000;

async function restorePhotos(recs: PhotoRecord[]): Promise<void> {
  if (getState().currentId !== recs[0]?.projectId) return;
  const classIds = new Set(currentProject(getState())?.classes.map((c) => c.id));
  const back = recs.filter((r) => classIds.has(r.classId));
  await db.addPhotos(back);
  dispatch({ type: 'photos-added', photos: back.map(({ image: _i, ...m }) => m) });
}

/** Deletes a class with its photos; the notice's Undo brings both back where they were. */
export async function deleteClassUndoable(classId: string): Promise<void> {
  const p = currentProject(getState());
  const cls = p?.classes.find((c) => c.id === classId);
  if (!p || !cls) return;
  const index = p.classes.indexOf(cls);
  const ids = getState().photos.filter((ph) => ph.classId === classId).map((ph) => ph.id);
  const recs = (await Promise.all(ids.map((id) => db.getPhoto(id)))).filter((r): r is PhotoRecord => !!r);
  await db.deletePhotos(ids);
  dispatch({ type: 'photos-removed', ids });
  await saveProject({ ...p, classes: p.classes.filter((c) => c.id !== classId) });
  notify('info', () => t('classes.deleted', { name: cls.name, count: recs.length }), {
    action: { label: () => t('common.undo'), run: () => void restoreClass(p.id, cls, index, recs) },
    ms: UNDO_MS,
  });
}

async function restoreClass(projectId: string, cls: ClassDef, index: number, recs: PhotoRecord[]): Promise<void> {
  const p = currentProject(getState());
  if (!p || p.id !== projectId) return;
  // A class made with the same name meanwhile keeps its name; the restored one gets its photos back under its old id.
  const name = p.classes.some((c) => c.name === cls.name) ? `${cls.name} (2)` : cls.name;
  const classes = [...p.classes];
  classes.splice(Math.min(index, classes.length), 0, { ...cls, name });
  await saveProject({ ...p, classes });
  await restorePhotos(recs);
}

export async function movePhoto(id: string, classId: string): Promise<void> {
  await db.movePhoto(id, classId);
  dispatch({ type: 'photo-moved', id, classId });
}
