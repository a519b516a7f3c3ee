import { describe, expect, it } from 'vitest';
import { readTab, writeTab, type TabStore } from '../../src/actions/tab-memory';

function memory(): TabStore & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v) };
}

describe('the remembered tab', () => {
  it('comes back per project', () => {
    const s = memory();
    writeTab(s, 'p1', 'train');
    writeTab(s, 'p2', 'results');
    expect(readTab(s, 'p1')).toBe('train');
    expect(readTab(s, 'p2')).toBe('results');
    expect(readTab(s, 'p3')).toBeNull();
  });
  it('ignores what is not a tab, and storage that refuses', () => {
    const s = memory();
    s.data.set('barnlab.tab.p1', 'lab');
    expect(readTab(s, 'p1')).toBeNull();
    const broken: TabStore = { getItem: () => { throw new Error('denied'); }, setItem: () => { throw new Error('denied'); } };
    expect(() => writeTab(broken, 'p1', 'train')).not.toThrow();
    expect(readTab(broken, 'p1')).toBeNull();
  });
});
