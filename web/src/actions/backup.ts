// Backup and move: a whole project (classes, settings, photos with their
// labels, models, training runs) as one .zip file, and that file restored
// as a new project, on this device or another.
//
// The container is a zip made with fflate: a format any computer can open
// and check, from a small, dependency-free, well-tested library that
// streams (the photos are read from IndexedDB and added a chunk at a time)
// and, for what the app uses, needs no worker or eval (the strict CSP
// holds). Photos and models are stored uncompressed (JPEGs and weights do
// not shrink); the JSON is deflated.
//
// `manifest.json` says what the file is: the format name, its version, the
// app version that wrote it, the SHA-256 of every other file, and a total
// checksum over that list. A restore checks all of it before it writes
// anything; the records are then stored in one IndexedDB transaction, so a
// refused file or a full disk leaves the device exactly as it was.
//
// Layout: manifest.json, project.json, photos.json (records without their
// images), photos/<id> and thumbs/<id> (the stored image bytes), models.json
// (records without bytes and saliency maps), models/<id>.barnlab,
// saliency/<model id>/<n>, runs.json.

import { strFromU8, strToU8, unzipSync, Zip, ZipDeflate, ZipPassThrough } from 'fflate';
import * as db from '../db';
import type { ModelRecord, PhotoRecord, Project, RunRecord } from '../db';
import { t } from '../i18n';
import { dispatch, getState } from '../store';
import { restoredText } from './backup-text';
import { saveBlob } from './download';
import { errText, notify } from './notices';
import { openProject } from './projects';
import { isQuotaError, refreshStorage } from './storage';

export const BACKUP_FORMAT = 'barnlab-project';
/** Raised when the layout changes; a file with a higher version is refused (this app cannot know it). */
export const BACKUP_VERSION = 1;
const APP_VERSION = '0.1.0';

export interface BackupManifest {
  format: string;
  version: number;
  app: string;
  created: number;
  /** path -> SHA-256 (hex) of every file but the manifest. */
  files: Record<string, string>;
  /** SHA-256 of the lines "path sha256\n", paths sorted. */
  total: string;
}

type PhotoEntry = Omit<PhotoRecord, 'image' | 'thumb'> & { imageType: string; thumbType: string };
type ModelEntry = Omit<ModelRecord, 'bytes' | 'saliency'> & { saliency?: { index: number; size: number }[] };

/** Why a file was refused: the key of its message. */
export type BackupProblem = 'backup.notZip' | 'backup.foreign' | 'backup.newer' | 'backup.damaged';

export class BackupError extends Error {
  constructor(readonly problem: BackupProblem, detail = '') {
    super(detail ? `${problem}: ${detail}` : problem);
  }
}

async function sha256(bytes: Uint8Array): Promise<string> {
  const d = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
  return Array.from(d, (b) => b.toString(16).padStart(2, '0')).join('');
}

function totalLines(files: Record<string, string>): Uint8Array {
  return strToU8(Object.keys(files).sort().map((p) => `${p} ${files[p]}\n`).join(''));
}

/** The file name of a backup: project name and date. */
export function backupFileName(projectName: string, when: number): string {
  const stamp = new Date(when).toISOString().slice(0, 10);
  return `${projectName.replace(/[^\p{L}\p{N}_-]+/gu, '-')}-${stamp}.barnlab.zip`;
}

/** Zip output gathered up to this many bytes, then handed to the browser as a Blob part. */
const BLOB_PART_BYTES = 8 << 20;

/**
 * Writes the whole project into one zip (a Blob); photos are read from
 * IndexedDB a chunk at a time, and the zip's bytes leave the JavaScript heap
 * for Blob parts every BLOB_PART_BYTES, so the page never holds the whole
 * file as well as the Blob made of it.
 */
export async function backupBlob(project: Project): Promise<Blob> {
  const blobs: Blob[] = [];
  let parts: Uint8Array<ArrayBuffer>[] = [];
  let held = 0;
  let failure: Error | null = null;
  const zip = new Zip((err, chunk) => {
    if (err) {
      failure = err;
      return;
    }
    parts.push(chunk as Uint8Array<ArrayBuffer>);
    held += chunk.length;
    if (held >= BLOB_PART_BYTES) {
      blobs.push(new Blob(parts));
      parts = [];
      held = 0;
    }
  });
  const files: Record<string, string> = {};
  const add = async (path: string, bytes: Uint8Array, deflate = false) => {
    files[path] = await sha256(bytes);
    const f = deflate ? new ZipDeflate(path, { level: 6 }) : new ZipPassThrough(path);
    zip.add(f);
    f.push(bytes, true);
  };
  const json = (path: string, value: unknown) => add(path, strToU8(JSON.stringify(value)), true);
  await json('project.json', project);
  const photos: PhotoEntry[] = [];
  for await (const chunk of db.photosWithImages(project.id)) {
    for (const { image, thumb, ...meta } of chunk) {
      await add(`photos/${meta.id}`, new Uint8Array(await image.arrayBuffer()));
      await add(`thumbs/${meta.id}`, new Uint8Array(await thumb.arrayBuffer()));
      photos.push({ ...meta, imageType: image.type, thumbType: thumb.type });
    }
  }
  await json('photos.json', photos);
  const models: ModelEntry[] = [];
  for (const { bytes, saliency, ...meta } of await db.listModels(project.id)) {
    await add(`models/${meta.id}.barnlab`, new Uint8Array(bytes));
    for (const [n, s] of (saliency ?? []).entries()) await add(`saliency/${meta.id}/${n}`, new Uint8Array(s.map));
    models.push({ ...meta, saliency: saliency?.map(({ index, size }) => ({ index, size })) });
  }
  await json('models.json', models);
  await json('runs.json', await db.listRuns(project.id));
  const manifest: BackupManifest = {
    format: BACKUP_FORMAT,
    version: BACKUP_VERSION,
    app: APP_VERSION,
    created: Date.now(),
    files,
    total: await sha256(totalLines(files)),
  };
  const m = new ZipDeflate('manifest.json', { level: 6 });
  zip.add(m);
  m.push(strToU8(JSON.stringify(manifest, null, 1)), true);
  zip.end();
  if (failure) throw failure;
  return new Blob([...blobs, ...parts], { type: 'application/zip' });
}

/** Downloads a backup of a project. */
export async function exportProject(id: string): Promise<void> {
  const project = getState().projects.find((p) => p.id === id);
  if (!project) return;
  try {
    saveBlob(await backupBlob(project), backupFileName(project.name, Date.now()));
    notify('success', () => t('backup.saved', { name: project.name }));
  } catch (e) {
    notify('error', () => t('backup.saveFailed', { message: errText(e) }));
  }
}

function parse<T>(files: Record<string, Uint8Array>, path: string): T {
  try {
    return JSON.parse(strFromU8(files[path]!)) as T;
  } catch {
    throw new BackupError('backup.damaged', `${path} is not JSON`);
  }
}

/**
 * Reads and checks a backup file: a zip, with a Barnlab manifest of a
 * version this app knows, every listed file present with its SHA-256, and
 * the total checksum right. Throws a BackupError saying which it is not.
 */
export async function readBackup(bytes: Uint8Array): Promise<Record<string, Uint8Array>> {
  // A zip starts with a local file header ("PK\3\4").
  if (bytes.length < 4 || bytes[0] !== 0x50 || bytes[1] !== 0x4b || bytes[2] !== 3 || bytes[3] !== 4) throw new BackupError('backup.notZip');
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes);
  } catch (e) {
    throw new BackupError('backup.damaged', errText(e));
  }
  if (!files['manifest.json']) throw new BackupError('backup.foreign', 'no manifest.json');
  const m = parse<Partial<BackupManifest>>(files, 'manifest.json');
  if (m.format !== BACKUP_FORMAT) throw new BackupError('backup.foreign', `format ${String(m.format)}`);
  if (typeof m.version !== 'number' || m.version > BACKUP_VERSION) throw new BackupError('backup.newer', `version ${String(m.version)}`);
  if (!m.files || typeof m.files !== 'object' || typeof m.total !== 'string') throw new BackupError('backup.damaged', 'manifest without checksums');
  if ((await sha256(totalLines(m.files))) !== m.total) throw new BackupError('backup.damaged', 'total checksum');
  for (const [path, hash] of Object.entries(m.files)) {
    const f = files[path];
    if (!f) throw new BackupError('backup.damaged', `${path} missing`);
    if ((await sha256(f)) !== hash) throw new BackupError('backup.damaged', `${path} checksum`);
  }
  for (const need of ['project.json', 'photos.json', 'models.json', 'runs.json']) {
    if (!m.files[need]) throw new BackupError('backup.damaged', `${need} missing`);
  }
  return files;
}

const copy = (u: Uint8Array): ArrayBuffer => u.slice().buffer;

/**
 * Turns checked backup files into records of a new project: new ids for the
 * project and every photo, model and run (the original may still be on
 * this device), references (labels, the model in use, a model's photo
 * list) mapped to them.
 */
export function restoredRecords(files: Record<string, Uint8Array>, newId: () => string = db.newId) {
  const project = parse<Project>(files, 'project.json');
  const photos = parse<PhotoEntry[]>(files, 'photos.json');
  const models = parse<ModelEntry[]>(files, 'models.json');
  const runs = parse<RunRecord[]>(files, 'runs.json');
  if (!Array.isArray(project.classes) || !Array.isArray(photos) || !Array.isArray(models) || !Array.isArray(runs)) throw new BackupError('backup.damaged', 'records');
  const classIds = new Set(project.classes.map((c) => c.id));
  const pid = newId();
  const photoId = new Map(photos.map((p) => [p.id, newId()]));
  const modelId = new Map(models.map((m) => [m.id, newId()]));
  const need = (path: string) => {
    const f = files[path];
    if (!f) throw new BackupError('backup.damaged', `${path} missing`);
    return f;
  };
  const photoRecs: PhotoRecord[] = photos.map(({ imageType, thumbType, ...p }) => {
    if (!classIds.has(p.classId)) throw new BackupError('backup.damaged', `photo ${p.id} in no class`);
    return {
      ...p,
      id: photoId.get(p.id)!,
      projectId: pid,
      image: new Blob([copy(need(`photos/${p.id}`))], { type: imageType }),
      thumb: new Blob([copy(need(`thumbs/${p.id}`))], { type: thumbType }),
    };
  });
  const modelRecs: ModelRecord[] = models.map(({ saliency, ...m }) => ({
    ...m,
    id: modelId.get(m.id)!,
    projectId: pid,
    bytes: copy(need(`models/${m.id}.barnlab`)),
    photoIds: m.photoIds.map((id) => photoId.get(id) ?? id),
    saliency: saliency?.map((s, n) => ({ ...s, map: copy(need(`saliency/${m.id}/${n}`)) })),
  }));
  const runRecs: RunRecord[] = runs.map((r) => ({ ...r, id: newId(), projectId: pid }));
  const restored: Project = { ...project, id: pid, modelId: project.modelId ? modelId.get(project.modelId) : undefined };
  return { project: restored, photos: photoRecs, models: modelRecs, runs: runRecs };
}

/** Restores a backup file as a new project and opens it; a refused file or a full disk changes nothing and says why. */
export async function importBackup(file: File): Promise<void> {
  if (getState().training.running) {
    notify('error', () => t('train.alreadyRunning'));
    return;
  }
  let recs: ReturnType<typeof restoredRecords>;
  try {
    recs = restoredRecords(await readBackup(new Uint8Array(await file.arrayBuffer())));
  } catch (e) {
    const text = () => (e instanceof BackupError ? t(e.problem) : t('backup.damaged'));
    notify('error', () => `${t('backup.refused', { name: file.name })} ${text()}`, { ms: 30_000 });
    return;
  }
  try {
    await db.putWholeProject(recs.project, recs.photos, recs.models, recs.runs);
  } catch (e) {
    notify('error', () => isQuotaError(e) ? t('storage.fullRestore') : t('backup.restoreFailed', { message: errText(e) }), { ms: 30_000 });
    void refreshStorage();
    return;
  }
  dispatch({ type: 'project-saved', project: recs.project });
  await openProject(recs.project.id);
  notify('success', () => restoredText(recs.project.name, recs.photos.length, recs.models.length));
  void refreshStorage();
}
