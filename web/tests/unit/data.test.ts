import { strToU8, unzipSync, zipSync } from 'fflate';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { ModelRecord, PhotoRecord, Project, RunRecord } from '../../src/db';
import { DEFAULT_SETTINGS } from '../../src/presets';
import { noticeText } from '../../src/actions/notices';
import { getState, initialState, reduce, resetState } from '../../src/store';

// The project's data with IndexedDB replaced by maps: a backup written and
// read back (the container, its checksums, refusals), and an import that
// hits a full disk. The e2e test (tests/e2e/data.test.mjs) does both with
// the real IndexedDB and a real quota.
const photos = new Map<string, PhotoRecord>();
let quotaAfter = Infinity;
vi.mock('../../src/db', () => ({
  newId: () => Math.random().toString(36).slice(2),
  putProject: async () => {},
  setMeta: async () => {},
  addPhotos: async (recs: PhotoRecord[]) => {
    if (photos.size + recs.length > quotaAfter) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    for (const r of recs) photos.set(r.id, r);
  },
  deletePhotos: async (ids: string[]) => void ids.forEach((id) => photos.delete(id)),
  async *photosWithImages(projectId: string) {
    yield [...photos.values()].filter((p) => p.projectId === projectId);
  },
  listModels: async () => [model],
  listRuns: async () => [run],
}));
vi.mock('../../src/decode/client', () => ({
  hashFile: async (f: File) => `hash-of-${f.name}`,
  decodeFile: async (f: File) => ({ id: 0, type: 'ok', image: new Blob([`image ${f.name}`], { type: 'image/jpeg' }), thumb: new Blob([`thumb ${f.name}`], { type: 'image/png' }), width: 4, height: 4, dhash: '0' }),
}));

const { backupBlob, readBackup, restoredRecords, BackupError } = await import('../../src/actions/backup');
const { importFiles } = await import('../../src/actions/photos');

const project: Project = { id: 'p', name: 'Herd', created: 5, classes: [{ id: 'c1', name: 'cow' }, { id: 'c2', name: 'pig' }], settings: DEFAULT_SETTINGS, modelId: 'm' };
const model = {
  id: 'm', projectId: 'p', created: 6, source: 'trained', bytes: new Uint8Array([1, 2, 3, 4]).buffer, info: { classes: ['cow', 'pig'] },
  history: [], evaluation: null, photoIds: ['a', 'b'], saliency: [{ index: 1, size: 2, map: new Uint8Array([9, 8, 7, 6]).buffer }],
} as unknown as ModelRecord;
const run: RunRecord = { id: 'r', projectId: 'p', started: 7, settings: DEFAULT_SETTINGS, end: 'finished', message: '', history: [] };
const photo = (id: string, classId: string): PhotoRecord => ({
  id, projectId: 'p', classId, name: `${id}.jpg`, image: new Blob([`image ${id}`], { type: 'image/jpeg' }), thumb: new Blob([`thumb ${id}`], { type: 'image/png' }),
  width: 4, height: 3, added: id.charCodeAt(0), hash: `h-${id}`,
});

function open(): void {
  let s = initialState('en');
  s = reduce(s, { type: 'projects', projects: [project] });
  resetState(reduce(s, { type: 'open', id: 'p', photos: [], models: [], runs: [] }));
}

beforeEach(() => {
  photos.clear();
  quotaAfter = Infinity;
});

describe('backup', () => {
  const backup = async () => {
    photos.set('a', photo('a', 'c1'));
    photos.set('b', photo('b', 'c2'));
    return new Uint8Array(await (await backupBlob(project)).arrayBuffer());
  };

  it('round trip: new ids, the same photos, labels, model bytes, saliency and runs', async () => {
    const recs = restoredRecords(await readBackup(await backup()));
    expect(recs.project.id).not.toBe('p');
    expect(recs.project.classes).toEqual(project.classes);
    expect(recs.photos.map((p) => [p.name, p.classId, p.projectId === recs.project.id])).toEqual([['a.jpg', 'c1', true], ['b.jpg', 'c2', true]]);
    expect(await recs.photos[1]!.image.text()).toBe('image b');
    expect(recs.photos[1]!.thumb.type).toBe('image/png');
    const [m] = recs.models;
    expect([...new Uint8Array(m!.bytes)]).toEqual([1, 2, 3, 4]);
    expect(m!.photoIds).toEqual(recs.photos.map((p) => p.id));
    expect(recs.project.modelId).toBe(m!.id);
    expect([...new Uint8Array(m!.saliency![0]!.map)]).toEqual([9, 8, 7, 6]);
    expect(recs.runs.map((r) => [r.end, r.projectId === recs.project.id])).toEqual([['finished', true]]);
  });

  it('a backup larger than one Blob part (8 MB) reads back byte for byte', async () => {
    // Three 3 MB photos: the zip's bytes leave the heap as Blob parts part-way through.
    const big = (id: string, seed: number) => {
      const bytes = new Uint8Array(3 << 20);
      for (let i = 0; i < bytes.length; i += 4096) bytes[i] = (i / 4096 + seed) & 255;
      return { ...photo(id, 'c1'), image: new Blob([bytes], { type: 'image/jpeg' }) };
    };
    for (const [n, id] of ['x', 'y', 'z'].entries()) photos.set(id, big(id, n));
    const recs = restoredRecords(await readBackup(new Uint8Array(await (await backupBlob(project)).arrayBuffer())));
    expect(recs.photos.map((p) => p.name)).toEqual(['x.jpg', 'y.jpg', 'z.jpg']);
    for (const [n, p] of recs.photos.entries()) {
      const bytes = new Uint8Array(await p.image.arrayBuffer());
      expect(bytes.length).toBe(3 << 20);
      expect([bytes[0], bytes[4096 * 7], bytes[bytes.length - 4096]]).toEqual([n & 255, (7 + n) & 255, ((bytes.length / 4096 - 1 + n) & 255)]);
    }
  });

  const refusal = async (bytes: Uint8Array) => {
    try {
      await readBackup(bytes);
    } catch (e) {
      expect(e).toBeInstanceOf(BackupError);
      return (e as InstanceType<typeof BackupError>).problem;
    }
    return 'accepted';
  };

  it('refuses a file that is not a zip, a foreign zip, a newer version, a changed file, a forged manifest and a truncated file', async () => {
    const good = await backup();
    const edit = (f: (files: Record<string, Uint8Array>) => void) => {
      const files = unzipSync(good);
      f(files);
      return zipSync(files);
    };
    const manifest = JSON.parse(new TextDecoder().decode(unzipSync(good)['manifest.json']));
    expect(await refusal(good)).toBe('accepted');
    expect(await refusal(strToU8('\xff\xd8\xff a photo'))).toBe('backup.notZip');
    expect(await refusal(zipSync({ 'a.txt': strToU8('hi') }))).toBe('backup.foreign');
    expect(await refusal(edit((f) => (f['manifest.json'] = strToU8(JSON.stringify({ ...manifest, format: 'other' })))))).toBe('backup.foreign');
    expect(await refusal(edit((f) => (f['manifest.json'] = strToU8(JSON.stringify({ ...manifest, version: 2 })))))).toBe('backup.newer');
    expect(await refusal(edit((f) => (f['photos/a']![0] ^= 1)))).toBe('backup.damaged');
    expect(await refusal(edit((f) => delete f['models/m.barnlab']))).toBe('backup.damaged');
    // A file changed together with its hash in the manifest: the total checksum no longer matches.
    expect(await refusal(edit((f) => {
      f['photos/a'] = strToU8('other');
      f['manifest.json'] = strToU8(JSON.stringify({ ...manifest, files: { ...manifest.files, 'photos/a': '0'.repeat(64) } }));
    }))).toBe('backup.damaged');
    expect(await refusal(good.subarray(0, good.length - 30))).toBe('backup.damaged');
  });
});

describe('a full disk during an import', () => {
  const files = (n: number, cls: string) => Array.from({ length: n }, (_, i) => ({ file: new File([`x${i}`], `${cls}-${i}.jpg`), className: cls }));

  it('removes the batches already stored and the classes it made: the project is as before', async () => {
    open();
    await importFiles(files(3, 'cow'));
    const before = [...photos.keys()].sort();
    expect(before).toHaveLength(3);
    quotaAfter = 3 + 50; // two batches of 24 fit, the third does not
    const r = await importFiles([...files(40, 'horse'), ...files(40, 'cow').map((f, i) => ({ ...f, file: new File([`y${i}`], `more-${i}.jpg`) }))]);
    expect(r.added).toBe(0);
    expect([...photos.keys()].sort()).toEqual(before);
    expect(getState().photos.map((p) => p.id).sort()).toEqual(before);
    expect(getState().projects[0]!.classes.map((c) => c.name)).toEqual(['cow', 'pig']);
    expect(noticeText(getState().notices.at(-1)?.text ?? '')).toMatch(/storage is full: nothing from this import was kept/);
  });
});
