// "This doesn't look like any of your classes": the answer's words in both
// languages, and Sort filing flagged photos with the "not sure" ones (its
// filter, counts, CSV and zip), never into the class the model guessed.

import { describe, expect, it } from 'vitest';
import type { Verdict } from '../../src/engine/protocol';
import { setLang } from '../../src/i18n';
import type { SortRow } from '../../src/sort/state';
import { csvLines, filterCounts, matches } from '../../src/sort/table';
import { zipPlan } from '../../src/sort/zip-plan';
import { classList, isDoubtful, unfamiliarAnswer } from '../../src/unfamiliar';

const CLASSES = ['cow', 'pig', 'sheep'];
const confident: Verdict = { probabilities: [0.97, 0.02, 0.01], top1: 0, top2: 1, notSure: false };
const flagged: Verdict = { ...confident, unfamiliar: true };
const older: Verdict = { probabilities: [0.97, 0.02, 0.01], top1: 0, top2: 1, notSure: false };  // stored before the check

function row(i: number, v: Verdict | null): SortRow {
  const name = `p${i}.jpg`;
  return { id: String(i), name, path: `in/${name}`, thumbUrl: null, classes: CLASSES, probabilities: v?.probabilities ?? null, verdict: v, file: new File([new Uint8Array([i])], name) };
}

describe('the "looks like none of your classes" answer', () => {
  it('names the classes and the best guess with its probability, in English and Korean', () => {
    setLang('en');
    expect(unfamiliarAnswer(flagged, CLASSES)).toBe('This doesn’t look like any of your classes (cow, pig, sheep). Best guess: cow 97.0% — check it yourself.');
    setLang('ko');
    expect(unfamiliarAnswer(flagged, CLASSES)).toBe('등록한 어떤 분류(cow, pig, sheep)와도 닮지 않은 사진입니다. 가장 가까운 추측: cow 97.0% — 직접 확인하세요.');
    setLang('en');
  });

  it('is absent for an answer the check did not flag, and for models without the check', () => {
    expect(unfamiliarAnswer(confident, CLASSES)).toBeNull();
    expect(unfamiliarAnswer({ ...confident, unfamiliar: false }, CLASSES)).toBeNull();
    expect(unfamiliarAnswer(older, CLASSES)).toBeNull();
    expect(isDoubtful(older)).toBe(false);
    expect(isDoubtful({ ...older, notSure: true })).toBe(true);
    expect(isDoubtful(flagged)).toBe(true);
  });

  it('lists all of up to six classes, else five and "…"', () => {
    expect(classList(['a', 'b'])).toBe('a, b');
    expect(classList(['a', 'b', 'c', 'd', 'e', 'f'])).toBe('a, b, c, d, e, f');
    expect(classList(['a', 'b', 'c', 'd', 'e', 'f', 'g'])).toBe('a, b, c, d, e, …');
  });
});

describe('Sort with the check', () => {
  const rows = [row(0, confident), row(1, flagged), row(2, { ...confident, notSure: true }), row(3, null)];

  it('files a flagged photo with the "not sure" ones, not under its best guess', () => {
    expect(rows.filter((r) => matches(r, 'class:0')).map((r) => r.id)).toEqual(['0']);
    expect(rows.filter((r) => matches(r, 'not-sure')).map((r) => r.id)).toEqual(['1', '2']);
    const counts = filterCounts(rows, CLASSES.length);
    expect(counts.get('class:0')).toBe(1);
    expect(counts.get('not-sure')).toBe(2);
    expect(counts.get('unreadable')).toBe(1);
  });

  it('says "not sure" in the CSV and puts it in the not-sure folder of the zip', () => {
    const w = { head: ['photo', 'class', 'probability', 'answer', 'second', 'second probability'] as [string, string, string, string, string, string], sure: 'sure', notSure: 'not sure', unreadable: 'unreadable' };
    const lines = csvLines(rows, w);
    expect(lines[2]).toEqual(['in/p1.jpg', 'cow', '0.970000', 'not sure', 'pig', '0.020000']);
    expect(lines[1]![3]).toBe('sure');
    const plan = zipPlan(rows, CLASSES, 'Not sure', 'Unreadable');
    const folderOf = (name: string) => plan.find((e) => e.path.endsWith(name))?.path.split('/')[0];
    expect(folderOf('p0.jpg')).toBe('cow');
    expect(folderOf('p1.jpg')).toBe('Not sure');
  });
});
