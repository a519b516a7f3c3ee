import { describe, expect, it } from 'vitest';
import { restoredText } from '../../src/actions/backup-text';
import { setLang, t } from '../../src/i18n';

describe('small texts', () => {
  it('counts a restored backup in words: one model, two models', () => {
    setLang('en');
    expect(restoredText('My farm', 2700, 1)).toBe('Restored “My farm”: 2700 photos, 1 model.');
    expect(restoredText('Herd', 1, 3)).toBe('Restored “Herd”: 1 photo, 3 models.');
    setLang('ko');
    expect(restoredText('My farm', 2700, 1)).toBe('“My farm” 복원 완료: 사진 2700장, 모델 1개.');
    setLang('en');
  });

  it('an empty class reads as two sentences, and the augmentation choices as words', () => {
    setLang('en');
    expect(`${t('photos.emptyClass')} ${t('photos.drop')}`).toBe('No photos yet. Ten or more per class give good results. You can also drop photos here.');
    expect(t('train.augmentation.basic')).toMatch(/^Basic /);
    expect(t('train.augmentation.strong')).toMatch(/^Strong /);
  });
});
