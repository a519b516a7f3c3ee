// Notices keep their words as a function of the language: one raised in
// Korean reads in English after the switch (its text, list and button).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { dismissNotice, noticeDetails, noticeText, notify } from '../../src/actions/notices';
import { setLang, t } from '../../src/i18n';
import { getState } from '../../src/store';

afterEach(() => {
  for (const n of getState().notices) dismissNotice(n.id);
  setLang('en');
  vi.useRealTimers();
});

describe('notices', () => {
  it('are rendered in the language of the moment, not of the moment they were raised', () => {
    vi.useFakeTimers();
    setLang('ko');
    const count = 3;
    notify('info', () => t('photos.removed', { count }), {
      details: () => [t('common.undo')],
      action: { label: () => t('common.undo'), run: () => {} },
    });
    const n = getState().notices.at(-1)!;
    expect(noticeText(n.text)).toBe('사진 3장을 삭제했습니다.');
    expect(noticeText(n.action!.label)).toBe('되돌리기');
    expect(noticeDetails(n)).toEqual(['되돌리기']);
    setLang('en');
    expect(noticeText(n.text)).toBe('3 photos deleted.');
    expect(noticeText(n.action!.label)).toBe('Undo');
    expect(noticeDetails(n)).toEqual(['Undo']);
  });

  it('still take a fixed text (an engine message with no translation)', () => {
    vi.useFakeTimers();
    notify('error', 'engine says no');
    const n = getState().notices.at(-1)!;
    expect(noticeText(n.text)).toBe('engine says no');
    expect(noticeDetails(n)).toEqual([]);
  });
});
