// Sample projects served beside the app (scripts/prepare-samples.mjs): the
// list, and creating a project from one, with its class names in the UI
// language.

import * as db from '../db';
import type { PhotoRecord } from '../db';
import { encodeGray } from '../decode/client';
import { tOr, t } from '../i18n';
import { DEFAULT_SETTINGS } from '../presets';
import { dispatch } from '../store';
import { errText, notify } from './notices';
import { importFiles, type IncomingFile } from './photos';
import { createProject, saveSettings } from './projects';

export interface SampleEntry {
  id: string;
  kind: 'photos' | 'grayscale';
  classes: string[];
  count: number;
}

/** A sample's title in the UI language; its id when the dictionary has none. */
export function sampleTitle(sampleId: string): string {
  return tOr(`sample.${sampleId}`, sampleId);
}

/** A sample class's name in the UI language; as the sample spells it when the dictionary has none. */
export function sampleClassName(sampleId: string, className: string): string {
  return tOr(`sampleClass.${sampleId}.${className}`, className);
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
    const project = await createProject(sampleTitle(entry.id), index.classes.map((c) => sampleClassName(entry.id, c)));
    if (entry.kind === 'photos' && index.files) {
      const items: IncomingFile[] = [];
      const total = index.classes.reduce((n, cls) => n + (index.files![cls]?.length ?? 0), 0);
      // The progress line shows from the first download on, not only once decoding starts.
      dispatch({ type: 'importing', progress: { done: 0, total } });
      await Promise.all(
        index.classes.flatMap((cls) =>
          (index.files![cls] ?? []).map(async (f) => {
            const blob = await (await fetch(`${base}${cls}/${f}`)).blob();
            items.push({ file: new File([blob], f, { type: blob.type }), className: sampleClassName(entry.id, cls) });
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
          dhash: res.dhash,
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
    notify('error', () => t('sample.failed', { message: errText(e) }));
  }
}
