// Sort photos: the table's state, filter, order and CSV, and the zip's
// folders, names and bytes (written with fflate, read back with fflate).

import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { Verdict } from '../../src/engine/protocol';
import { idleSort, sortReduce, type SortRow } from '../../src/sort/state';
import { csvField, csvLines, filterCounts, matches, toCsv, visibleRows } from '../../src/sort/table';
import { writeZip } from '../../src/sort/zip';
import { safeName, zipPlan } from '../../src/sort/zip-plan';

const CLASSES = ['cow', 'sheep', 'goat'];

function verdict(p: number[], notSure = false): Verdict {
  const order = p.map((v, i) => [v, i] as const).sort((a, b) => b[0] - a[0]);
  return { probabilities: p, top1: order[0]![1], top2: order[1]![1], notSure };
}

function row(i: number, path: string, v: Verdict | null, bytes = new Uint8Array([i, 1, 2, 3])): SortRow {
  const name = path.split('/').pop()!;
  return { id: String(i), name, path, thumbUrl: null, classes: CLASSES, probabilities: v?.probabilities ?? null, verdict: v, file: new File([bytes], name, { lastModified: 1_700_000_000_000 }) };
}

const rows = [
  row(0, 'farm/b.jpg', verdict([0.9, 0.05, 0.05])),
  row(1, 'farm/a.jpg', verdict([0.1, 0.85, 0.05])),
  row(2, 'farm/c.jpg', verdict([0.4, 0.35, 0.25], true)),
  row(3, 'farm/notes.txt', null),
  row(4, 'farm/d.jpg', verdict([0.7, 0.2, 0.1])),
];

describe('sort state', () => {
  it('starts a run, appends batches with progress, keeps rows when it ends', () => {
    let s = sortReduce({ ...idleSort, filter: 'not-sure', rows: [rows[0]!] }, { type: 'start', total: 5, modelId: 'm' });
    expect(s.rows).toEqual([]);
    expect(s.filter).toBe('all');
    s = sortReduce(s, { type: 'rows', rows: rows.slice(0, 2) });
    expect(s.running).toEqual({ done: 2, total: 5 });
    s = sortReduce(s, { type: 'rows', rows: rows.slice(2) });
    expect(s.running).toEqual({ done: 5, total: 5 });
    s = sortReduce(s, { type: 'end' });
    expect(s.running).toBeNull();
    expect(s.rows.map((r) => r.id)).toEqual(['0', '1', '2', '3', '4']);
  });

  it('orders by a column, and the same column again flips it', () => {
    let s = sortReduce(idleSort, { type: 'order', key: 'probability' });
    expect([s.key, s.desc]).toEqual(['probability', true]);
    s = sortReduce(s, { type: 'order', key: 'probability' });
    expect(s.desc).toBe(false);
    s = sortReduce(s, { type: 'order', key: 'name' });
    expect([s.key, s.desc]).toEqual(['name', false]);
  });
});

describe('sort table', () => {
  it('filters by class (sure answers only), not sure and unreadable, with counts', () => {
    expect(rows.filter((r) => matches(r, 'class:0')).map((r) => r.id)).toEqual(['0', '4']);
    expect(rows.filter((r) => matches(r, 'not-sure')).map((r) => r.id)).toEqual(['2']);
    expect(rows.filter((r) => matches(r, 'unreadable')).map((r) => r.id)).toEqual(['3']);
    expect(Object.fromEntries(filterCounts(rows, 3))).toEqual({ all: 5, 'not-sure': 1, unreadable: 1, 'class:0': 2, 'class:1': 1, 'class:2': 0 });
  });

  it('orders by name, class and probability; unreadable rows last', () => {
    expect(visibleRows(rows, 'all', 'order', false).map((r) => r.id)).toEqual(['0', '1', '2', '3', '4']);
    expect(visibleRows(rows, 'all', 'name', false).map((r) => r.path)).toEqual(['farm/a.jpg', 'farm/b.jpg', 'farm/c.jpg', 'farm/d.jpg', 'farm/notes.txt']);
    expect(visibleRows(rows, 'all', 'probability', true).map((r) => r.id)).toEqual(['0', '1', '4', '2', '3']);
    expect(visibleRows(rows, 'all', 'probability', false).map((r) => r.id)).toEqual(['2', '4', '1', '0', '3']);
    expect(visibleRows(rows, 'all', 'class', false).map((r) => r.id)).toEqual(['0', '4', '2', '1', '3']);
    expect(visibleRows(rows, 'class:0', 'probability', false).map((r) => r.id)).toEqual(['4', '0']);
  });

  it('writes RFC 4180 CSV after a UTF-8 byte order mark', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "moo"')).toBe('"say ""moo"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    // Formula injection (OWASP): a leading =, +, -, @, tab or CR is neutralised with a quote mark.
    expect(csvField('=HYPERLINK("http://x","y").jpg')).toBe('"\'=HYPERLINK(""http://x"",""y"").jpg"');
    expect(csvField('+1.jpg')).toBe("'+1.jpg");
    expect(csvField('-2.jpg')).toBe("'-2.jpg");
    expect(csvField('@SUM(A1).jpg')).toBe("'@SUM(A1).jpg");
    expect(csvField('\tcow.jpg')).toBe("'\tcow.jpg");
    expect(csvField('\rcow.jpg')).toBe('"\'\rcow.jpg"');
    expect(csvField('a=b.jpg')).toBe('a=b.jpg');
    expect(csvField('0.923451')).toBe('0.923451');
    const text = toCsv([['파일', '소, 한우'], ['x"y', 'z']]);
    expect(text).toBe('\uFEFF파일,"소, 한우"\r\n"x""y",z\r\n');
    const lines = csvLines([rows[2]!, rows[3]!], { head: ['file', 'class', 'p', 'status', 'second', 'p2'], sure: 'sure', notSure: 'not sure', unreadable: 'unreadable' });
    expect(lines).toEqual([
      ['file', 'class', 'p', 'status', 'second', 'p2'],
      ['farm/c.jpg', 'cow', '0.400000', 'not sure', 'sheep', '0.350000'],
      ['farm/notes.txt', '', '', 'unreadable', '', ''],
    ]);
  });
});

describe('sort zip', () => {
  it('puts each photo in its class folder, not sure and unreadable apart, names made safe and unique', () => {
    const two = [...rows, row(5, 'other/B.JPG', verdict([0.8, 0.1, 0.1])), row(6, 'x/b.jpg', verdict([0.95, 0.03, 0.02]))];
    const plan = zipPlan(two, ['cow', 'a/b', 'Not sure'], 'Not sure', 'Could not read');
    expect(plan.map((e) => e.path)).toEqual([
      'cow/b.jpg', 'a_b/a.jpg', 'Not sure (2)/c.jpg', 'Could not read/notes.txt', 'cow/d.jpg', 'cow/B (2).JPG', 'cow/b (3).jpg',
    ]);
    expect(safeName('..')).toBe('_');
    expect(safeName('name. ')).toBe('name');
  });

  it('holds the original bytes of every photo, byte for byte, under UTF-8 names', async () => {
    const bytes = (n: number, seed: number) => Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed) & 255);
    const photos = [row(0, '한우/소.jpg', verdict([0.9, 0.05, 0.05]), bytes(300_000, 1)), row(1, 'b.jpg', verdict([0.1, 0.8, 0.1]), bytes(5, 2)), row(2, 'e.jpg', null, new Uint8Array(0))];
    const seen: number[] = [];
    const blob = await writeZip(zipPlan(photos, ['소', 'sheep', 'goat'], '확실하지 않음', '읽을 수 없음'), (d) => seen.push(d));
    expect(seen).toEqual([1, 2, 3]);
    const files = unzipSync(new Uint8Array(await blob.arrayBuffer()));
    expect(Object.keys(files).sort()).toEqual(['sheep/b.jpg', '소/소.jpg', '읽을 수 없음/e.jpg']);
    // Buffer.equals: a deep toEqual of 300,000 elements takes seconds.
    expect(Buffer.from(files['소/소.jpg']!).equals(Buffer.from(bytes(300_000, 1)))).toBe(true);
    expect(Buffer.from(files['sheep/b.jpg']!).equals(Buffer.from(bytes(5, 2)))).toBe(true);
    expect(files['읽을 수 없음/e.jpg']!.length).toBe(0);
  });

  it('stops when cancelled', async () => {
    const abort = new AbortController();
    abort.abort();
    await expect(writeZip(zipPlan(rows, CLASSES, 'n', 'u'), () => undefined, abort.signal)).rejects.toThrow('cancelled');
  });
});
