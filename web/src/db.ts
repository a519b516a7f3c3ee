// Persistence: everything a project owns lives in IndexedDB (via idb) and
// survives reloads. Photos are stored as small JPEG blobs with thumbnails;
// models as their exported bytes.

import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { EpochFigures, Evaluation, ModelInfo, SaliencyMap, TrainConfig } from './engine/protocol';
import { withDefaults, type TrainSettings } from './presets';

export interface ClassDef {
  id: string;
  name: string;
}

export interface Project {
  id: string;
  name: string;
  created: number;
  classes: ClassDef[];
  settings: TrainSettings;
  /** The model in use (chosen on the Models screen); absent: the newest. */
  modelId?: string;
}

export interface PhotoRecord {
  id: string;
  projectId: string;
  classId: string;
  name: string;
  image: Blob;
  thumb: Blob;
  width: number;
  height: number;
  added: number;
  /** SHA-256 of the imported file (hex): the same file imported again is skipped. Absent on photos stored before it existed. */
  hash?: string;
  /** Perceptual hash (quality/dhash.ts); absent on photos stored before it existed. */
  dhash?: string;
}

export type PhotoMeta = Omit<PhotoRecord, 'image'>;

export interface ModelRecord {
  id: string;
  projectId: string;
  created: number;
  source: 'trained' | 'imported';
  bytes: ArrayBuffer;
  info: ModelInfo;
  history: EpochFigures[];
  evaluation: Evaluation | null;
  /** Photo ids in the order given to the engine (maps misclassified indices). */
  photoIds: string[];
  /** The settings it was trained with (absent for imported models). */
  settings?: TrainSettings;
  /** Where the model looked in the photos it got wrong (absent on older models). */
  saliency?: SaliencyMap[];
}

export interface RunRecord {
  id: string;
  projectId: string;
  started: number;
  settings: TrainSettings;
  end: string;
  message: string;
  history: EpochFigures[];
}

interface Schema extends DBSchema {
  projects: { key: string; value: Project };
  photos: { key: string; value: PhotoRecord; indexes: { project: string } };
  models: { key: string; value: ModelRecord; indexes: { project: string } };
  runs: { key: string; value: RunRecord; indexes: { project: string } };
  meta: { key: string; value: unknown };
}

let dbp: Promise<IDBPDatabase<Schema>> | null = null;
let onBlocked: (() => void) | null = null;

/** Called when another tab opens a newer schema: this tab has closed the database and must reload. */
export function onNewerVersion(fn: () => void): void {
  onBlocked = fn;
}

/** The schema version; each version's step in `upgrade` runs once, in order, and keeps the data before it. */
export const DB_VERSION = 1;

function db(): Promise<IDBPDatabase<Schema>> {
  dbp ??= open();
  return dbp;
}

function open(): Promise<IDBPDatabase<Schema>> {
  return openDB<Schema>('barnlab', DB_VERSION, {
    upgrade(d, oldVersion) {
      if (oldVersion < 1) {
        d.createObjectStore('projects', { keyPath: 'id' });
        d.createObjectStore('photos', { keyPath: 'id' }).createIndex('project', 'projectId');
        d.createObjectStore('models', { keyPath: 'id' }).createIndex('project', 'projectId');
        d.createObjectStore('runs', { keyPath: 'id' }).createIndex('project', 'projectId');
        d.createObjectStore('meta');
      }
    },
    // A newer version of the app opened in another tab wants to upgrade:
    // let it (close this connection), and say here that the page must reload.
    blocking(_current, _next, event) {
      (event.target as IDBDatabase).close();
      onBlocked?.();
    },
  });
}

export const newId = (): string => crypto.randomUUID();

export async function listProjects(): Promise<Project[]> {
  const all = await (await db()).getAll('projects');
  // Settings stored before the recipe's fields existed get their defaults.
  return all.map((p) => ({ ...p, settings: withDefaults(p.settings) })).sort((a, b) => a.created - b.created);
}

export async function putProject(p: Project): Promise<void> {
  await (await db()).put('projects', p);
}

export async function deleteProject(id: string): Promise<void> {
  const d = await db();
  const tx = d.transaction(['projects', 'photos', 'models', 'runs', 'meta'], 'readwrite');
  await tx.objectStore('projects').delete(id);
  await tx.objectStore('meta').delete(CHECKPOINT + id);
  for (const store of ['photos', 'models', 'runs'] as const) {
    const keys = await tx.objectStore(store).index('project').getAllKeys(id);
    for (const k of keys) await tx.objectStore(store).delete(k);
  }
  await tx.done;
}

/** Photos read per request when a project opens. */
const LIST_CHUNK = 200;

/** Photo metadata and thumbnails of a project (not the full images). */
export async function listPhotos(projectId: string): Promise<PhotoMeta[]> {
  // In chunks of keys: a cursor costs a round trip per photo (seconds for
  // thousands), and one getAll of thousands of records is one long task on
  // the page while it is read. Keys of one index value come sorted by
  // primary key, so each chunk is one key range (other projects' photos
  // inside it are left out).
  const d = await db();
  const keys = await d.getAllKeysFromIndex('photos', 'project', projectId);
  const out: PhotoMeta[] = [];
  for (let i = 0; i < keys.length; i += LIST_CHUNK) {
    const range = IDBKeyRange.bound(keys[i]!, keys[Math.min(keys.length, i + LIST_CHUNK) - 1]!);
    for (const { image: _image, ...meta } of await d.getAll('photos', range)) if (meta.projectId === projectId) out.push(meta);
  }
  return out.sort((a, b) => a.added - b.added);
}

export async function getPhoto(id: string): Promise<PhotoRecord | undefined> {
  return (await db()).get('photos', id);
}

export async function addPhotos(photos: PhotoRecord[]): Promise<void> {
  const tx = (await db()).transaction('photos', 'readwrite');
  for (const p of photos) await tx.store.put(p);
  await tx.done;
}

export async function movePhoto(id: string, classId: string): Promise<void> {
  const d = await db();
  const p = await d.get('photos', id);
  if (p) await d.put('photos', { ...p, classId });
}

export async function deletePhotos(ids: string[]): Promise<void> {
  const tx = (await db()).transaction('photos', 'readwrite');
  for (const id of ids) await tx.store.delete(id);
  await tx.done;
}

export async function listModels(projectId: string): Promise<ModelRecord[]> {
  const all = await (await db()).getAllFromIndex('models', 'project', projectId);
  return all.sort((a, b) => a.created - b.created);
}

export async function putModel(m: ModelRecord): Promise<void> {
  await (await db()).put('models', m);
}

export async function deleteModel(id: string): Promise<void> {
  await (await db()).delete('models', id);
}

export async function listRuns(projectId: string): Promise<RunRecord[]> {
  const all = await (await db()).getAllFromIndex('runs', 'project', projectId);
  return all.sort((a, b) => a.started - b.started);
}

export async function putRun(r: RunRecord): Promise<void> {
  await (await db()).put('runs', r);
}

export async function getMeta<T>(key: string): Promise<T | undefined> {
  return (await (await db()).get('meta', key)) as T | undefined;
}

export async function setMeta(key: string, value: unknown): Promise<void> {
  await (await db()).put('meta', value, key);
}

/**
 * The last epoch-end checkpoint of a training run, kept until the run ends
 * (one per project, under `checkpoint:<projectId>` in `meta`; each put
 * replaces the previous one in one transaction). Still there at start: the
 * run was interrupted and can resume from it.
 */
export interface CheckpointRecord {
  projectId: string;
  /** When the run started (kept across a resume: it is the same run). */
  started: number;
  settings: TrainSettings;
  /** The engine config of the whole run (epochs: the run's, not what is left). */
  config: TrainConfig;
  /** Epochs of the model the run started from (0: a new model) and its history. */
  baseEpoch: number;
  baseHistory: EpochFigures[];
  /** The photos in the order the engine got them (the split depends on it). */
  photoIds: string[];
  /** The project's class names at the start (the model's outputs). */
  classNames: string[];
  /** Epochs the checkpoint's model has completed (overall). */
  epoch: number;
  /** This run's epochs so far. */
  history: EpochFigures[];
  /** The model file with its optimizer state. */
  bytes: ArrayBuffer;
  saved: number;
}

const CHECKPOINT = 'checkpoint:';

export async function putCheckpoint(c: CheckpointRecord): Promise<void> {
  await (await db()).put('meta', c, CHECKPOINT + c.projectId);
}

export async function getCheckpoint(projectId: string): Promise<CheckpointRecord | undefined> {
  return (await (await db()).get('meta', CHECKPOINT + projectId)) as CheckpointRecord | undefined;
}

export async function deleteCheckpoint(projectId: string): Promise<void> {
  await (await db()).delete('meta', CHECKPOINT + projectId);
}

export async function listCheckpoints(): Promise<CheckpointRecord[]> {
  const range = IDBKeyRange.bound(CHECKPOINT, CHECKPOINT + '\uffff');
  return (await (await db()).getAll('meta', range)) as CheckpointRecord[];
}

/** Every photo of a project with its image, `chunk` records at a time (a backup reads them so, not all at once). */
export async function* photosWithImages(projectId: string, chunk = LIST_CHUNK): AsyncGenerator<PhotoRecord[]> {
  const d = await db();
  const keys = await d.getAllKeysFromIndex('photos', 'project', projectId);
  for (let i = 0; i < keys.length; i += chunk) {
    const range = IDBKeyRange.bound(keys[i]!, keys[Math.min(keys.length, i + chunk) - 1]!);
    yield (await d.getAll('photos', range)).filter((p) => p.projectId === projectId);
  }
}

/**
 * Stores a whole project (a restored backup) in one transaction: all of it
 * is there afterwards, or (a full disk, any error) none of it.
 */
export async function putWholeProject(p: Project, photos: PhotoRecord[], models: ModelRecord[], runs: RunRecord[]): Promise<void> {
  const tx = (await db()).transaction(['projects', 'photos', 'models', 'runs'], 'readwrite');
  const puts: Promise<unknown>[] = [tx.objectStore('projects').put(p)];
  for (const r of photos) puts.push(tx.objectStore('photos').put(r));
  for (const r of models) puts.push(tx.objectStore('models').put(r));
  for (const r of runs) puts.push(tx.objectStore('runs').put(r));
  await Promise.all([...puts, tx.done]);
}

/**
 * The stored images of these photos, `chunk` at a time and in their order
 * (undefined for a photo no longer stored), on a connection of its own that
 * is closed afterwards. The engine worker reads its training photos so: it
 * never holds more than one chunk of JPEGs, and the page none.
 */
export async function* imagesOf(ids: readonly string[], chunk: number): AsyncGenerator<(Blob | undefined)[]> {
  const d = await open();
  try {
    for (let i = 0; i < ids.length; i += chunk) {
      const tx = d.transaction('photos');
      const recs = await Promise.all(ids.slice(i, i + chunk).map((id) => tx.store.get(id)));
      yield recs.map((r) => r?.image);
    }
  } finally {
    d.close();
  }
}
