import { describe, expect, it } from 'vitest';
import { en, ko } from '../../src/i18n';
import { leaveNoteKey } from '../../src/ui/leave-note';

describe('what leaving the page does, under Start / Stop', () => {
  it('nothing when idle; stops the training while it trains; may lose the model while it is saved', () => {
    expect(leaveNoteKey({ running: false, saving: false })).toBeNull();
    expect(leaveNoteKey({ running: true, saving: false })).toBe('train.leaveWarning');
    expect(leaveNoteKey({ running: true, saving: true })).toBe('train.leaveSaving');
  });
  it('the saving phase does not say that leaving stops the training, in either language', () => {
    for (const dict of [en, ko]) {
      expect(dict['train.leaveSaving']).not.toBe(dict['train.leaveWarning']);
      expect(dict['train.leaveSaving'].length).toBeGreaterThan(20);
    }
    expect(en['train.leaveSaving']).toMatch(/saved/);
    expect(en['train.leaveSaving']).not.toMatch(/stops the training/);
    expect(ko['train.leaveSaving']).toMatch(/저장/);
  });
});
