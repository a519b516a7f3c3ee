// Sort photos: many photos through the model in use, in batches in the
// engine worker (Predict's classifyFiles, so the same decoding, TTA and
// "not sure"), with progress and a cancel; then the table's CSV and a zip
// of the original files in one folder per class. Nothing is added to the
// project unless the user asks for one photo (the table's "Add to the
// training photos", as in Predict).

import { t } from '../i18n';
import { csvLines, toCsv, visibleRows } from '../sort/table';
import type { SortAction, SortRow } from '../sort/state';
import { writeZip, ZipCancelled } from '../sort/zip';
import { zipPlan } from '../sort/zip-plan';
import { currentProject, dispatch, getState, latestModel } from '../store';
import { downloadName, saveBlob } from './download';
import { errText, notify } from './notices';
import { classifyFiles, ensureLoaded, refusedWhileTraining, type Classified } from './prediction';

/** Photos per engine request: small enough that Cancel and the progress answer within a second or two. */
export const SORT_BATCH = 8;

const act = (action: SortAction) => dispatch({ type: 'sort', action });

let run: { cancelled: boolean } | null = null;
let zipAbort: AbortController | null = null;
let runs = 0;

export function openSort(open: boolean): void {
  if (getState().sort.open !== open) window.scrollTo(0, 0);
  act({ type: 'open', open });
}

/** Stops the run after the batch the engine is on (its answers are kept). */
export function cancelSort(): void {
  if (run) run.cancelled = true;
  zipAbort?.abort();
}

function revokeRows(rows: readonly SortRow[]): void {
  for (const r of rows) if (r.thumbUrl) URL.revokeObjectURL(r.thumbUrl);
}

/** Files a folder brings that are not photos of anyone's: hidden files (.DS_Store, ._photo.jpg). */
function isHidden(f: File): boolean {
  return (f.webkitRelativePath || f.name).split('/').some((part) => part.startsWith('.'));
}

/** Sorts the files with the model in use; the old table goes. */
export async function sortFiles(picked: File[]): Promise<void> {
  const s = getState();
  const model = latestModel(s);
  const files = picked.filter((f) => !isHidden(f));
  if (!model || run || files.length === 0 || refusedWhileTraining()) return;
  const projectId = s.currentId;
  revokeRows(s.sort.rows);
  act({ type: 'start', total: files.length, modelId: model.id });
  const me = { cancelled: false };
  run = me;
  const id = ++runs;
  const tta = s.tta;
  const batches: File[][] = [];
  for (let i = 0; i < files.length; i += SORT_BATCH) batches.push(files.slice(i, i + SORT_BATCH));
  // Two batches in flight: the decode pool reads the next while the engine answers this one.
  const start = (b: number) => classifyFiles(batches[b]!, tta);
  let sorted = 0;
  try {
    await ensureLoaded(model);
    let current: Promise<Classified[]> | null = start(0);
    for (let b = 0; current; b++) {
      const next: Promise<Classified[]> | null = b + 1 < batches.length && !me.cancelled ? start(b + 1) : null;
      // A failure of the next batch is seen when it is awaited, or not at all once cancelled.
      next?.catch(() => undefined);
      const checked: Classified[] = await current;
      // Another project opened meanwhile: these rows belong to none.
      if (getState().currentId !== projectId) break;
      const rows = checked.map(({ thumb, verdict }, i): SortRow => {
        const file = batches[b]![i]!;
        return {
          id: `${id}-${sorted + i}`,
          name: file.name,
          path: file.webkitRelativePath || file.name,
          thumbUrl: thumb ? URL.createObjectURL(thumb) : null,
          classes: model.info.classes,
          probabilities: verdict?.probabilities ?? null,
          verdict,
          file,
        };
      });
      sorted += rows.length;
      act({ type: 'rows', rows });
      // Cancelled: the batch just answered is kept, the one started after it is dropped.
      if (me.cancelled) break;
      current = next;
    }
    if (getState().currentId !== projectId) return;
    const stopped = me.cancelled && sorted < files.length;
    notify(stopped ? 'info' : 'success', () => stopped
      ? t('sort.cancelled', { done: sorted, total: files.length })
      : t('sort.done', { count: sorted }));
  } catch (e) {
    notify('error', () => t('sort.failed', { done: sorted, total: files.length, message: errText(e) }));
  } finally {
    run = null;
    act({ type: 'end' });
  }
}

function baseName(): string {
  return `${currentProject(getState())?.name ?? 'photos'}-${t('sort.fileWord')}`;
}

/** The table as shown (filter and order) as CSV. */
export function downloadCsv(): void {
  const { sort } = getState();
  const rows = visibleRows(sort.rows, sort.filter, sort.key, sort.desc);
  const text = toCsv(csvLines(rows, {
    head: [t('sort.col.file'), t('sort.col.class'), t('sort.col.probability'), t('sort.col.status'), t('sort.col.second'), t('sort.col.secondProbability')],
    sure: t('sort.status.sure'),
    notSure: t('sort.notSure'),
    unreadable: t('sort.unreadable'),
  }));
  saveBlob(new Blob([text], { type: 'text/csv;charset=utf-8' }), downloadName(baseName(), Date.now(), 'csv'));
}

/** Every sorted photo, its original file, in a folder of its class (or "not sure", or unreadable). */
export async function downloadZip(): Promise<void> {
  const { sort } = getState();
  if (!sort.rows.length || zipAbort) return;
  const entries = zipPlan(sort.rows, sort.rows[0]!.classes, t('sort.notSure'), t('sort.unreadable'));
  const abort = new AbortController();
  zipAbort = abort;
  let last = 0;
  act({ type: 'zipping', progress: { done: 0, total: entries.length } });
  try {
    const blob = await writeZip(entries, (done) => {
      const now = performance.now();
      if (now - last < 100 && done < entries.length) return;
      last = now;
      act({ type: 'zipping', progress: { done, total: entries.length } });
    }, abort.signal);
    saveBlob(blob, downloadName(baseName(), Date.now(), 'zip'));
  } catch (e) {
    if (!(e instanceof ZipCancelled)) notify('error', () => t('sort.zipFailed', { message: errText(e) }));
  } finally {
    zipAbort = null;
    act({ type: 'zipping', progress: null });
  }
}

/** Forgets the table (and its thumbnails). */
export function clearSort(): void {
  if (run) return;
  revokeRows(getState().sort.rows);
  act({ type: 'clear' });
}
