// What the UI asks for: each function does the side effects (IndexedDB,
// decode and engine workers) and dispatches the outcome to the store.

import * as db from './db';
import type { ClassDef, ModelRecord, PhotoRecord, Project } from './db';
import { decodeFile, encodeGray } from './decode/client';
import { EngineClient } from './engine/client';
import type { TrainOutcome } from './engine/protocol';
import { formatDate, pickLang, setLang, t, type Key, type Lang } from './i18n';
import { DEFAULT_SETTINGS, toTrainConfig, validateSettings, type TrainSettings } from './presets';
import { currentProject, dispatch, getState, latestModel, type Prediction, type Tab } from './store';

let client: EngineClient | null = null;
/** Id of the model whose weights the engine holds now (null: unknown). */
let loadedModelId: string | null = null;
let noticeId = 1;

export function engine(): EngineClient {
  if (!client) {
    client = EngineClient.start();
    client.init().then(
      (status) => dispatch({ type: 'engine', status, error: null }),
      (e: unknown) => dispatch({ type: 'engine', status: null, error: String(e instanceof Error ? e.message : e) }),
    );
  }
  return client;
}

export function notify(kind: 'info' | 'error' | 'success', text: string): void {
  const id = noticeId++;
  dispatch({ type: 'notify', notice: { id, kind, text } });
  setTimeout(() => dispatch({ type: 'dismiss', id }), kind === 'error' ? 15_000 : 6000);
}

function errText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

// ---- App ----

export async function boot(): Promise<void> {
  const saved = await db.getMeta<Lang>('lang');
  changeLang(saved ?? pickLang(navigator.languages ?? [navigator.language]), false);
  dispatch({ type: 'projects', projects: await db.listProjects() });
  const last = await db.getMeta<string>('currentProject');
  if (last && getState().projects.some((p) => p.id === last)) await openProject(last);
  engine();
}

export function changeLang(lang: Lang, persist = true): void {
  setLang(lang);
  dispatch({ type: 'lang', lang });
  if (persist) void db.setMeta('lang', lang);
}

export function showTab(tab: Tab): void {
  if (getState().tab !== tab) window.scrollTo(0, 0);
  dispatch({ type: 'tab', tab });
}

// ---- Projects ----

export async function openProject(id: string | null): Promise<void> {
  if (getState().training.running) {
    notify('error', t('train.alreadyRunning'));
    return;
  }
  if (id === null) {
    dispatch({ type: 'open', id: null, photos: [], models: [], runs: [] });
  } else {
    const [photos, models, runs] = await Promise.all([db.listPhotos(id), db.listModels(id), db.listRuns(id)]);
    dispatch({ type: 'open', id, photos, models, runs });
    dispatch({ type: 'tab', tab: models.length ? 'predict' : 'photos' });
  }
  loadedModelId = null;
  await db.setMeta('currentProject', id);
}

export async function createProject(name: string, classes: string[] = []): Promise<Project> {
  const project: Project = {
    id: db.newId(),
    name: name.trim() || t('project.defaultName'),
    created: Date.now(),
    classes: classes.map((n) => ({ id: db.newId(), name: n })),
    settings: { ...DEFAULT_SETTINGS },
  };
  await db.putProject(project);
  dispatch({ type: 'project-saved', project });
  await openProject(project.id);
  dispatch({ type: 'tab', tab: 'photos' });
  return project;
}

async function saveProject(p: Project): Promise<void> {
  await db.putProject(p);
  dispatch({ type: 'project-saved', project: p });
}

export async function renameProject(name: string): Promise<void> {
  const p = currentProject(getState());
  if (p && name.trim()) await saveProject({ ...p, name: name.trim() });
}

export async function deleteProject(id: string): Promise<void> {
  if (getState().training.running && getState().currentId === id) {
    notify('error', t('train.alreadyRunning'));
    return;
  }
  await db.deleteProject(id);
  dispatch({ type: 'project-removed', id });
  if (getState().currentId === null) await db.setMeta('currentProject', null);
}

export async function saveSettings(settings: TrainSettings): Promise<void> {
  const p = currentProject(getState());
  if (p) await saveProject({ ...p, settings });
}

// ---- Classes ----

export async function addClass(name: string): Promise<ClassDef | null> {
  const p = currentProject(getState());
  const clean = name.trim();
  if (!p || !clean) return null;
  if (p.classes.some((c) => c.name === clean)) {
    notify('error', t('classes.exists', { name: clean }));
    return null;
  }
  const c = { id: db.newId(), name: clean };
  await saveProject({ ...p, classes: [...p.classes, c] });
  return c;
}

export async function renameClass(id: string, name: string): Promise<void> {
  const p = currentProject(getState());
  const clean = name.trim();
  if (!p || !clean) return;
  if (p.classes.some((c) => c.name === clean && c.id !== id)) {
    notify('error', t('classes.exists', { name: clean }));
    return;
  }
  await saveProject({ ...p, classes: p.classes.map((c) => (c.id === id ? { ...c, name: clean } : c)) });
}

export async function deleteClass(id: string): Promise<void> {
  const s = getState();
  const p = currentProject(s);
  if (!p) return;
  const ids = s.photos.filter((ph) => ph.classId === id).map((ph) => ph.id);
  await db.deletePhotos(ids);
  dispatch({ type: 'photos-removed', ids });
  await saveProject({ ...p, classes: p.classes.filter((c) => c.id !== id) });
}

// ---- Photos ----

export interface IncomingFile {
  file: File;
  /** Class by name (folder import); created if missing. */
  className?: string;
  classId?: string;
}

/**
 * Decodes and stores photos (in two decode workers); a file that is not an
 * image is skipped with a message naming it, and the rest still import.
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
  const workerLoop = async () => {
    for (let item = queue.shift(); item; item = queue.shift()) {
      const classId = item.classId ?? (item.className ? byName.get(item.className) : undefined);
      const res = await decodeFile(item.file);
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
          width: res.width,
          height: res.height,
          added: Date.now() + added,
        });
        added++;
        if (batch.length >= 24) await flush();
      }
      dispatch({ type: 'importing', progress: { done, total: items.length } });
    }
  };
  try {
    await Promise.all([workerLoop(), workerLoop(), workerLoop()]);
    await flush();
  } finally {
    dispatch({ type: 'importing', progress: null });
  }
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

// ---- Samples ----

export interface SampleEntry {
  id: string;
  kind: 'photos' | 'grayscale';
  classes: string[];
  count: number;
}

export async function listSamples(): Promise<SampleEntry[]> {
  try {
    const res = await fetch(`${import.meta.env.BASE_URL}samples/index.json`, { cache: 'no-cache' });
    if (!res.ok) return [];
    return ((await res.json()) as { samples: SampleEntry[] }).samples;
  } catch {
    return [];
  }
}

export async function openSample(entry: SampleEntry): Promise<void> {
  const base = `${import.meta.env.BASE_URL}samples/${entry.id}/`;
  try {
    const index = (await (await fetch(`${base}index.json`)).json()) as {
      classes: string[];
      files?: Record<string, string[]>;
      data?: string;
      width?: number;
      height?: number;
      count?: number;
    };
    const project = await createProject(t(`sample.${entry.id}` as Key), index.classes);
    if (entry.kind === 'photos' && index.files) {
      const items: IncomingFile[] = [];
      await Promise.all(
        index.classes.flatMap((cls) =>
          (index.files![cls] ?? []).map(async (f) => {
            const blob = await (await fetch(`${base}${cls}/${f}`)).blob();
            items.push({ file: new File([blob], f, { type: blob.type }), className: cls });
          }),
        ),
      );
      await importFiles(items);
    } else if (index.data && index.width && index.height && index.count) {
      const buf = new Uint8Array(await (await fetch(`${base}${index.data}`)).arrayBuffer());
      const px = index.width * index.height;
      const labels = buf.subarray(index.count * px);
      const recs: PhotoRecord[] = [];
      for (let i = 0; i < index.count; i++) {
        const res = await encodeGray(buf.subarray(i * px, (i + 1) * px), index.width, index.height);
        if (res.type !== 'ok') continue;
        recs.push({
          id: db.newId(),
          projectId: project.id,
          classId: project.classes[labels[i]!]!.id,
          name: `${index.classes[labels[i]!]}-${i}.png`,
          image: res.image,
          thumb: res.thumb,
          width: res.width,
          height: res.height,
          added: Date.now() + i,
        });
        if (i % 50 === 0) dispatch({ type: 'importing', progress: { done: i, total: index.count } });
      }
      dispatch({ type: 'importing', progress: null });
      await db.addPhotos(recs);
      dispatch({ type: 'photos-added', photos: recs.map(({ image: _i, ...m }) => m) });
      await saveSettings({ ...DEFAULT_SETTINGS, preset: 'custom', arch: 'lenet', size: 28, augment: false });
    }
  } catch (e) {
    dispatch({ type: 'importing', progress: null });
    notify('error', t('sample.failed', { message: errText(e) }));
  }
}

// ---- Training ----

export async function startTraining(mode: 'new' | 'continue'): Promise<void> {
  const s = getState();
  const project = currentProject(s);
  if (!project) return;
  if (s.training.running) {
    notify('error', t('train.alreadyRunning'));
    return;
  }
  const settings = project.settings;
  const problems = validateSettings(settings);
  if (problems.length) {
    notify('error', t('train.invalid', { fields: problems.map((k) => t(k as Key)).join(', ') }));
    return;
  }
  const classNames = project.classes.map((c) => c.name);
  let base: ModelRecord | null = null;
  if (mode === 'continue') {
    base = latestModel(s);
    if (!base || base.info.classes.join('\n') !== classNames.join('\n')) {
      notify('error', t('train.classesChanged'));
      return;
    }
  }
  const labelOf = new Map(project.classes.map((c, i) => [c.id, i]));
  const photos = s.photos.filter((p) => labelOf.has(p.classId));
  dispatch({ type: 'train-start', now: Date.now(), baseEpoch: base?.info.epochs ?? 0, epochs: settings.epochs });
  const started = Date.now();
  let outcome: TrainOutcome | null = null;
  let failure = '';
  try {
    const images = await Promise.all(
      photos.map(async (p) => {
        const rec = await db.getPhoto(p.id);
        return { bytes: rec ? await rec.image.arrayBuffer() : new ArrayBuffer(0), label: labelOf.get(p.classId)! };
      }),
    );
    const model = base
      ? { bytes: base.bytes.slice(0) }
      : { spec: { arch: settings.arch, size: settings.size, dropout: settings.dropout, classes: classNames } };
    loadedModelId = null;
    outcome = await engine().train(model, images, toTrainConfig(settings, 1 + Math.floor(Math.random() * 1e9)), (progress) =>
      dispatch({ type: 'train-progress', progress }),
    );
  } catch (e) {
    failure = errText(e);
  }
  dispatch({ type: 'train-end' });
  const run: db.RunRecord = {
    id: db.newId(),
    projectId: project.id,
    started,
    settings,
    end: outcome?.end ?? 'failed',
    message: outcome?.message || failure,
    history: outcome?.history ?? [],
  };
  await db.putRun(run);
  if (getState().currentId === project.id) dispatch({ type: 'run-added', run });
  if (!outcome) {
    notify('error', t('train.failed', { message: failure }));
    return;
  }
  if (outcome.skipped.length) notify('error', t('train.skipped', { count: outcome.skipped.length }));
  if (outcome.end === 'diverged' || !outcome.model || !outcome.info) {
    // Never replace the last good model with a failed one.
    notify('error', outcome.end === 'diverged' ? t('train.diverged', { message: outcome.message }) : t('train.failed', { message: outcome.message }));
    return;
  }
  const rec: ModelRecord = {
    id: db.newId(),
    projectId: project.id,
    created: Date.now(),
    source: 'trained',
    bytes: outcome.model,
    info: outcome.info,
    history: [...(base?.history ?? []), ...outcome.history],
    evaluation: outcome.evaluation,
    photoIds: photos.map((p) => p.id),
  };
  await db.putModel(rec);
  loadedModelId = rec.id;
  if (getState().currentId === project.id) dispatch({ type: 'model-added', model: rec });
  const key = outcome.end === 'stopped' ? 'train.stopped' : outcome.end === 'early-stopped' ? 'train.early' : 'train.finished';
  notify('success', t(key));
}

export async function stopTraining(): Promise<void> {
  if (!getState().training.running) return;
  dispatch({ type: 'train-stopping' });
  await engine().stop();
}

// ---- Models and prediction ----

async function ensureLoaded(model: ModelRecord): Promise<void> {
  if (loadedModelId === model.id) return;
  await engine().loadModel(model.bytes.slice(0));
  loadedModelId = model.id;
}

export async function predictFiles(files: File[]): Promise<void> {
  const model = latestModel(getState());
  if (!model || files.length === 0) return;
  dispatch({ type: 'predicting' });
  const out: Prediction[] = [];
  try {
    await ensureLoaded(model);
    const decoded = await Promise.all(files.map((f) => decodeFile(f)));
    const buffers: ArrayBuffer[] = [];
    const slots: number[] = [];
    for (let i = 0; i < decoded.length; i++) {
      const d = decoded[i]!;
      if (d.type === 'ok') {
        slots.push(i);
        buffers.push(await d.image.arrayBuffer());
      }
    }
    const probs = buffers.length ? await engine().predict(buffers) : [];
    decoded.forEach((d, i) => {
      const slot = slots.indexOf(i);
      const p = slot >= 0 ? probs[slot] ?? null : null;
      if (!p) notify('error', t('predict.unreadable', { name: files[i]!.name }));
      out.push({
        name: files[i]!.name,
        thumbUrl: d.type === 'ok' ? URL.createObjectURL(d.thumb) : null,
        classes: model.info.classes,
        probabilities: p,
      });
    });
  } catch (e) {
    notify('error', errText(e));
  }
  for (const old of getState().predictions) if (old.thumbUrl) URL.revokeObjectURL(old.thumbUrl);
  dispatch({ type: 'predictions', predictions: out });
}

export function downloadModel(model: ModelRecord): void {
  const project = currentProject(getState());
  const stamp = new Date(model.created).toISOString().slice(0, 16).replace(/[:T]/g, '-');
  const name = `${(project?.name ?? 'model').replace(/[^\p{L}\p{N}_-]+/gu, '-')}-${stamp}.barnlab`;
  const url = URL.createObjectURL(new Blob([model.bytes], { type: 'application/octet-stream' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Checks the file with the engine before keeping it: a bad file changes nothing. */
export async function importModelFile(file: File): Promise<void> {
  const project = currentProject(getState());
  if (!project) return;
  const bytes = await file.arrayBuffer();
  try {
    const info = await engine().loadModel(bytes.slice(0));
    const rec: ModelRecord = {
      id: db.newId(),
      projectId: project.id,
      created: Date.now(),
      source: 'imported',
      bytes,
      info,
      history: [],
      evaluation: null,
      photoIds: [],
    };
    await db.putModel(rec);
    loadedModelId = rec.id;
    dispatch({ type: 'model-added', model: rec });
    notify('success', t('models.imported', { name: file.name }));
  } catch (e) {
    notify('error', t('models.bad', { name: file.name, message: errText(e) }));
  }
}

export async function deleteModel(id: string): Promise<void> {
  await db.deleteModel(id);
  if (loadedModelId === id) loadedModelId = null;
  dispatch({ type: 'model-removed', id });
}

export { formatDate };
