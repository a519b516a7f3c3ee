import { describe, expect, it } from 'vitest';
import { shownNotices } from '../../src/ui/notice-fold';

describe('notices on a phone', () => {
  const n = (id: number, kind: 'info' | 'error' | 'success') => ({ id, kind });
  it('show at most two, errors first, then the newest', () => {
    expect([...shownNotices([n(1, 'info'), n(2, 'success'), n(3, 'info')], 2)].sort()).toEqual([2, 3]);
    expect([...shownNotices([n(1, 'error'), n(2, 'success'), n(3, 'info')], 2)].sort()).toEqual([1, 3]);
    expect([...shownNotices([n(1, 'error'), n(2, 'error'), n(3, 'error'), n(4, 'info')], 2)].sort()).toEqual([2, 3]);
  });
  it('show all when they fit, none when none may', () => {
    expect(shownNotices([n(1, 'info')], 2).size).toBe(1);
    expect(shownNotices([n(1, 'info'), n(2, 'info')], Infinity).size).toBe(2);
    expect(shownNotices([n(1, 'info')], 0).size).toBe(0);
  });
});
