// The Sort table's rows as shown (filtered, ordered), the counts its
// filter offers, and its CSV. Pure, so tested without a browser.

import { isDoubtful } from '../unfamiliar';
import type { SortFilter, SortKey, SortRow } from './state';

/** What a row says: its top class (output index), that class's probability, "not sure" (also when the
 * photo looks like none of the classes: it goes with the "not sure" ones, never into a class), or unreadable. */
export interface RowAnswer {
  top: number | null;
  probability: number | null;
  notSure: boolean;
}

export function answerOf(r: SortRow): RowAnswer {
  const v = r.verdict;
  if (!v) return { top: null, probability: null, notSure: false };
  return { top: v.top1, probability: v.probabilities[v.top1] ?? 0, notSure: isDoubtful(v) };
}

export function matches(r: SortRow, filter: SortFilter): boolean {
  const a = answerOf(r);
  if (filter === 'all') return true;
  if (filter === 'not-sure') return a.notSure;
  if (filter === 'unreadable') return a.top === null;
  // A class shows the rows the model gave it with confidence; "not sure" ones are under "not sure".
  return !a.notSure && a.top !== null && `class:${a.top}` === filter;
}

/** How many rows each filter would show. */
export function filterCounts(rows: readonly SortRow[], classCount: number): Map<SortFilter, number> {
  const counts = new Map<SortFilter, number>([['all', rows.length], ['not-sure', 0], ['unreadable', 0]]);
  for (let i = 0; i < classCount; i++) counts.set(`class:${i}`, 0);
  for (const r of rows) {
    const a = answerOf(r);
    const key: SortFilter = a.top === null ? 'unreadable' : a.notSure ? 'not-sure' : `class:${a.top}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/** The rows the table shows, in its order (ties keep the picked order); unreadable rows go last either way. */
export function visibleRows(rows: readonly SortRow[], filter: SortFilter, key: SortKey, desc: boolean): SortRow[] {
  const shown = rows.map((r, i) => ({ r, i, a: answerOf(r) })).filter(({ r }) => matches(r, filter));
  const sign = desc ? -1 : 1;
  shown.sort((x, y) => {
    if (key !== 'order' && key !== 'name' && (x.a.top === null) !== (y.a.top === null)) return x.a.top === null ? 1 : -1;
    let c = 0;
    if (key === 'name') c = collator.compare(x.r.path, y.r.path);
    else if (key === 'class') c = collator.compare(x.r.classes[x.a.top ?? 0] ?? '', y.r.classes[y.a.top ?? 0] ?? '') || (y.a.probability ?? 0) - (x.a.probability ?? 0);
    else if (key === 'probability') c = (x.a.probability ?? 0) - (y.a.probability ?? 0);
    return sign * c || x.i - y.i;
  });
  return shown.map(({ r }) => r);
}

/**
 * One CSV field as RFC 4180 writes it: quoted (quotes doubled) when it holds a comma, quote, CR or LF.
 * A field a spreadsheet would read as a formula (it starts with =, +, -, @, tab or CR: a photo named
 * `=HYPERLINK(...).jpg`) gets a leading `'` first, as OWASP's "CSV injection" advice says, so it stays text.
 */
export function csvField(v: string): string {
  const text = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** RFC 4180 lines (CRLF, the last one ended too) after a UTF-8 byte order mark, so Excel reads Korean names. */
export function toCsv(lines: readonly (readonly string[])[]): string {
  return '\uFEFF' + lines.map((l) => l.map(csvField).join(',')).join('\r\n') + '\r\n';
}

export interface CsvWords {
  /** Column headings: file, class, probability, status, second class, second probability. */
  head: [string, string, string, string, string, string];
  /** The status column's values. */
  sure: string;
  notSure: string;
  unreadable: string;
}

/** The table as CSV lines: one per row, the probability as a plain decimal (0.923451). */
export function csvLines(rows: readonly SortRow[], w: CsvWords): string[][] {
  const out: string[][] = [[...w.head]];
  for (const r of rows) {
    const v = r.verdict;
    if (!v) {
      out.push([r.path, '', '', w.unreadable, '', '']);
      continue;
    }
    const p = (i: number) => (v.probabilities[i] ?? 0).toFixed(6);
    out.push([r.path, r.classes[v.top1] ?? '', p(v.top1), isDoubtful(v) ? w.notSure : w.sure, r.classes[v.top2] ?? '', p(v.top2)]);
  }
  return out;
}
