import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src/presets';
import { getState, initialState, reduce, resetState } from '../../src/store';

// The import loops over the real store, with IndexedDB and the decode pool
// replaced: the pool fails as it does when its worker script cannot load.
const added: unknown[] = [];
vi.mock('../../src/db', () => ({
  newId: () => Math.random().toString(36).slice(2),
  addPhotos: async (recs: unknown[]) => void added.push(...recs),
  putProject: async () => {},
}));
let decodeCalls = 0;
vi.mock('../../src/decode/client', () => ({
  decodeFile: async () => {
    decodeCalls++;
    if (decodeCalls <= 2) return { id: 0, type: 'ok', image: new Blob(['j']), thumb: new Blob(['t']), width: 4, height: 4, hash: '0000000000000000' };
    throw new Error('The photo decoder stopped: reload the app and add the photos again.');
  },
}));

const { importFiles } = await import('../../src/actions/photos');

afterEach(() => vi.useRealTimers());

describe('importFiles', () => {
  it('ends (no import left waiting) and says why when the decode pool fails; the photos decoded before stay', async () => {
    vi.useFakeTimers();
    let s = initialState('en');
    const project = { id: 'p', name: 'Herd', created: 0, classes: [{ id: 'c', name: 'cow' }], settings: DEFAULT_SETTINGS };
    s = reduce(s, { type: 'projects', projects: [project] });
    resetState(reduce(s, { type: 'open', id: 'p', photos: [], models: [], runs: [] }));
    const files = Array.from({ length: 10 }, (_, i) => ({ file: new File(['x'], `p${i}.jpg`), classId: 'c' }));
    await expect(importFiles(files)).resolves.toBe(2);
    const st = getState();
    expect(st.importing).toBeNull();
    expect(st.photos).toHaveLength(2);
    expect(added).toHaveLength(2);
    expect(decodeCalls).toBeLessThan(10); // the rest of the queue was dropped, not tried one by one
    expect(st.notices.map((n) => [n.kind, n.text])).toEqual([
      ['error', 'Photos could not be imported: The photo decoder stopped: reload the app and add the photos again.'],
      ['success', '2 photos added.'],
    ]);
  });
});
