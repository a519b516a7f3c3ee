// Photos of the open project: importing files through the decode pool,
// removing one, moving one to another class.

import * as db from '../db';
import type { PhotoRecord } from '../db';
import { decodeFile } from '../decode/client';
import type { DecodeResponse } from '../decode/protocol';
import { t } from '../i18n';
import { currentProject, dispatch, getState } from '../store';
import { addClass } from './classes';
import { errText, notify } from './notices';

export interface IncomingFile {
  file: File;
  /** Class by name (folder import); created if missing. */
  className?: string;
  classId?: string;
}

/** Import loops sharing one queue: one more than the decode workers (at most two), so a worker always has a file waiting while a loop stores a batch. */
const IMPORT_LOOPS = 3;
/** Photos stored in IndexedDB per transaction. */
const BATCH = 24;

/**
 * Decodes and stores photos; a file that is not an image is skipped with a
 * message naming it, and the rest still import. Returns how many were added.
 */
export async function importFiles(items: IncomingFile[]): Promise<number> {
  const project = currentProject(getState());
  if (!project || items.length === 0) return 0;
  const projectId = project.id;
  // Create classes named by folders first.
  for (const name of [...new Set(items.map((i) => i.className).filter((n): n is string => !!n))].sort()) {
    const p = currentProject(getState())!;
    if (!p.classes.some((c) => c.name === name)) await addClass(name);
  }
  const classes = currentProject(getState())!.classes;
  const byName = new Map(classes.map((c) => [c.name, c.id]));
  let done = 0;
  let added = 0;
  dispatch({ type: 'importing', progress: { done, total: items.length } });
  const queue = items.slice();
  const batch: PhotoRecord[] = [];
  const flush = async () => {
    if (!batch.length) return;
    const recs = batch.splice(0);
    await db.addPhotos(recs);
    dispatch({ type: 'photos-added', photos: recs.map(({ image: _i, ...m }) => m) });
  };
  // Set when the decode pool itself fails (not one bad file): the rest of the queue is dropped.
  let poolFailure: string | null = null;
  const importLoop = async () => {
    for (let item = queue.shift(); item; item = queue.shift()) {
      const classId = item.classId ?? (item.className ? byName.get(item.className) : undefined);
      let res: DecodeResponse;
      try {
        res = await decodeFile(item.file);
      } catch (e) {
        poolFailure = errText(e);
        queue.length = 0;
        return;
      }
      done++;
      if (res.type === 'error' || !classId) {
        notify('error', t('photos.skipped', { name: item.file.name }));
      } else {
        batch.push({
          id: db.newId(),
          projectId,
          classId,
          name: item.file.name,
          image: res.image,
          thumb: res.thumb,
          hash: res.hash,
          width: res.width,
          height: res.height,
          added: Date.now() + added,
        });
        added++;
        if (batch.length >= BATCH) await flush();
      }
      dispatch({ type: 'importing', progress: { done, total: items.length } });
    }
  };
  try {
    await Promise.all(Array.from({ length: IMPORT_LOOPS }, importLoop));
    await flush();
  } finally {
    dispatch({ type: 'importing', progress: null });
  }
  if (poolFailure) notify('error', t('photos.failed', { message: poolFailure }));
  if (added) notify('success', added === 1 ? t('photos.importedOne') : t('photos.imported', { count: added }));
  return added;
}

export async function removePhoto(id: string): Promise<void> {
  await db.deletePhotos([id]);
  dispatch({ type: 'photos-removed', ids: [id] });
}

export async function movePhoto(id: string, classId: string): Promise<void> {
  await db.movePhoto(id, classId);
  dispatch({ type: 'photo-moved', id, classId });
}
