import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PhotoMeta } from '../../src/db';
import { DEFAULT_SETTINGS } from '../../src/presets';
import { noticeDetails, noticeText } from '../../src/actions/notices';
import { getState, initialState, reduce, resetState } from '../../src/store';

// The import loops over the real store, with IndexedDB and the decode pool
// replaced: a fake decoder that answers by file name (as the worker does
// by content), and fails as the pool does when its worker script cannot load.
const added: unknown[] = [];
const meta = new Map<string, unknown>();
// Each mark written while the import ran, in order.
const marks: unknown[] = [];
vi.mock('../../src/db', () => ({
  newId: () => Math.random().toString(36).slice(2),
  addPhotos: async (recs: unknown[]) => void added.push(...recs),
  putProject: async () => {},
  getMeta: async (key: string) => meta.get(key),
  setMeta: async (key: string, value: unknown) => {
    meta.set(key, value);
    if (key === 'importProgress') marks.push(value);
  },
}));
let decodeCalls = 0;
let poolFailsAfter = Infinity;
vi.mock('../../src/decode/client', () => ({
  hashFile: async (f: File) => `hash-of-${await f.text()}`,
  decodeFile: async (f: File) => {
    decodeCalls++;
    if (decodeCalls > poolFailsAfter) throw new Error('The photo decoder stopped: reload the app and add the photos again.');
    if (f.name.endsWith('.heic')) return { id: 0, type: 'error', reason: 'unsupported', message: '' };
    if (f.name.startsWith('text')) return { id: 0, type: 'error', reason: 'not-image', message: '' };
    if (f.name.startsWith('cut')) return { id: 0, type: 'error', reason: 'damaged', message: '' };
    return { id: 0, type: 'ok', image: new Blob(['j']), thumb: new Blob(['t']), width: 4, height: 4, dhash: '0000000000000000' };
  },
}));

const { importFiles, skipSummary } = await import('../../src/actions/photos');
const { reportCutImport } = await import('../../src/actions/import-mark');

function openProject(photos: PhotoMeta[] = []) {
  let s = initialState('en');
  const project = { id: 'p', name: 'Herd', created: 0, classes: [{ id: 'c', name: 'cow' }], settings: DEFAULT_SETTINGS };
  s = reduce(s, { type: 'projects', projects: [project] });
  resetState(reduce(s, { type: 'open', id: 'p', photos, models: [], runs: [] }));
}

beforeEach(() => {
  added.length = 0;
  meta.clear();
  marks.length = 0;
  decodeCalls = 0;
  poolFailsAfter = Infinity;
});
afterEach(() => vi.useRealTimers());

describe('importFiles', () => {
  it('ends (no import left waiting) and says why when the decode pool fails; the photos decoded before stay', async () => {
    vi.useFakeTimers();
    openProject();
    poolFailsAfter = 2;
    const files = Array.from({ length: 10 }, (_, i) => ({ file: new File([`x${i}`], `p${i}.jpg`), classId: 'c' }));
    await expect(importFiles(files)).resolves.toMatchObject({ added: 2 });
    const st = getState();
    expect(st.importing).toBeNull();
    expect(st.photos).toHaveLength(2);
    expect(added).toHaveLength(2);
    expect(decodeCalls).toBeLessThan(10); // the rest of the queue was dropped, not tried one by one
    expect(st.notices.map((n) => [n.kind, noticeText(n.text)])).toEqual([
      ['error', 'Photos could not be imported: The photo decoder stopped: reload the app and add the photos again.'],
      ['success', '2 photos added.'],
    ]);
  });

  it('imports the good files and ends with one notice: "3 of 6 skipped" and each skipped file with its reason', async () => {
    vi.useFakeTimers();
    openProject();
    const files = [
      new File(['a'], 'good-1.jpg'), new File(['b'], 'good-2.jpg'), new File(['c'], 'good-3.jpg'),
      new File([], 'empty.jpg'), new File(['d'], 'text.jpg'), new File(['e'], 'IMG_1.heic'),
    ].map((file) => ({ file, classId: 'c' }));
    const r = await importFiles(files);
    expect(r.added).toBe(3);
    expect(r.skipped.map((s) => s.reason).sort()).toEqual(['empty', 'not-image', 'unsupported']);
    const notices = getState().notices;
    expect(notices).toHaveLength(1);
    expect(noticeText(notices[0]!.text)).toBe('3 photos added. 3 of 6 skipped.');
    expect(noticeDetails(notices[0]!).sort()).toEqual([
      'IMG_1.heic: a format this browser cannot read (such as HEIC): save it as JPEG',
      'empty.jpg: the file is empty',
      'text.jpg: not a photo',
    ]);
  });

  it('skips and counts files whose content is already in the project or twice in the import', async () => {
    vi.useFakeTimers();
    openProject([{ id: 'old', projectId: 'p', classId: 'c', name: 'old.jpg', thumb: new Blob(), width: 4, height: 4, added: 0, hash: 'hash-of-same' }]);
    const files = [new File(['same'], 'copy.jpg'), new File(['new'], 'new.jpg'), new File(['new'], 'new-again.jpg')].map((file) => ({ file, classId: 'c' }));
    const r = await importFiles(files);
    expect(r.added).toBe(1);
    expect(r.skipped.map((s) => s.reason)).toEqual(['duplicate', 'duplicate']);
    expect(getState().photos.map((p) => p.hash)).toEqual(['hash-of-same', 'hash-of-new']);
    expect(noticeText(getState().notices[0]!.text)).toBe('One photo added. 2 of 3 skipped.');
  });
});

describe('an import cut short by a reload', () => {
  it('keeps how far the import got while it runs, and clears it when it ends', async () => {
    openProject();
    const files = Array.from({ length: 3 }, (_, i) => ({ file: new File([`m${i}`], `m${i}.jpg`), classId: 'c' }));
    await importFiles(files);
    expect(marks[0]).toEqual({ projectId: 'p', done: 0, total: 3 });
    expect(marks.at(-1)).toBeNull();
    expect(meta.get('importProgress')).toBeNull();
  });

  it('says once, at the next start, where the last import stopped and how to add the rest', async () => {
    resetState(initialState('en'));
    meta.set('importProgress', { projectId: 'p', done: 562, total: 2702 });
    await reportCutImport();
    expect(getState().notices.map((n) => noticeText(n.text))).toEqual([
      'The last import stopped at 562 of 2702 photos when the page was closed or reloaded. Import the same folder again to add the rest: photos already here are skipped.',
    ]);
    expect(meta.get('importProgress')).toBeNull();
    await reportCutImport();
    expect(getState().notices).toHaveLength(1);
  });
});

describe('the import notice headline', () => {
  const skip = (reason: 'no-class' | 'damaged', n: number) =>
    Array.from({ length: n }, (_, i) => ({ name: `f${i}.jpg`, reason }));
  it('gives the one reason, and how folders make classes, when a folder without class folders added nothing', () => {
    expect(skipSummary({ total: 16, added: 0, skipped: skip('no-class', 16) }))
      .toBe('16 of 16 skipped: not in a class folder. A folder with one sub-folder per class creates the classes for you.');
    expect(skipSummary({ total: 2, added: 0, skipped: skip('damaged', 2) }))
      .toBe('2 of 2 skipped: damaged (cut off or corrupt).');
  });
  it('stays "N of M skipped." when photos were added or the reasons differ (the list has each one)', () => {
    expect(skipSummary({ total: 31, added: 30, skipped: skip('damaged', 1) })).toBe('1 of 31 skipped.');
    expect(skipSummary({ total: 3, added: 0, skipped: [...skip('damaged', 1), ...skip('no-class', 2)] })).toBe('3 of 3 skipped.');
  });
});
