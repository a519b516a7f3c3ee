// The Sort screen's state: the photos sorted so far (one row each), the
// run's progress, and how the table is filtered and ordered. A pure
// reducer under the store's one state (store.ts delegates its 'sort'
// action here), so it is tested without a browser.

import type { Prediction } from '../store';

/** One sorted photo: Predict's answer for it, plus where it came from. */
export interface SortRow extends Prediction {
  /** Unique within a sort (the table's key). */
  id: string;
  /** The file's path inside a picked folder, else its name. */
  path: string;
  /** The file itself (the zip holds its original bytes). */
  file: File;
}

/** Which rows the table shows: all, one class (by output index), the "not sure" ones, the unreadable ones. */
export type SortFilter = 'all' | 'not-sure' | 'unreadable' | `class:${number}`;
/** The column the table is ordered by; 'order' is the order the photos were picked in. */
export type SortKey = 'order' | 'name' | 'class' | 'probability';

export interface SortProgress {
  done: number;
  total: number;
}

export interface SortState {
  /** The Sort screen shows (instead of Predict). */
  open: boolean;
  rows: SortRow[];
  /** The model the rows were made with. */
  modelId: string | null;
  /** Photos checked of those picked, while a run goes on. */
  running: SortProgress | null;
  /** Photos written into the zip, while one is made. */
  zipping: SortProgress | null;
  filter: SortFilter;
  key: SortKey;
  desc: boolean;
}

export const idleSort: SortState = {
  open: false,
  rows: [],
  modelId: null,
  running: null,
  zipping: null,
  filter: 'all',
  key: 'order',
  desc: false,
};

export type SortAction =
  | { type: 'open'; open: boolean }
  /** A new run: the old rows go. */
  | { type: 'start'; total: number; modelId: string }
  | { type: 'rows'; rows: SortRow[] }
  /** The run ended (all done, cancelled or failed): the rows so far stay. */
  | { type: 'end' }
  | { type: 'zipping'; progress: SortProgress | null }
  | { type: 'filter'; filter: SortFilter }
  /** Order by this column; the same column again flips the direction. */
  | { type: 'order'; key: SortKey }
  | { type: 'clear' };

export function sortReduce(s: SortState, a: SortAction): SortState {
  switch (a.type) {
    case 'open':
      return { ...s, open: a.open };
    case 'start':
      return { ...s, rows: [], modelId: a.modelId, running: { done: 0, total: a.total }, filter: 'all' };
    case 'rows': {
      const rows = [...s.rows, ...a.rows];
      const running = s.running ? { ...s.running, done: Math.min(s.running.total, s.running.done + a.rows.length) } : null;
      return { ...s, rows, running };
    }
    case 'end':
      return { ...s, running: null };
    case 'zipping':
      return { ...s, zipping: a.progress };
    case 'filter':
      return { ...s, filter: a.filter };
    case 'order':
      if (s.key === a.key) return { ...s, desc: !s.desc };
      // Probability reads best from the highest down; the other columns from A or the first.
      return { ...s, key: a.key, desc: a.key === 'probability' };
    case 'clear':
      return { ...idleSort, open: s.open };
  }
}
