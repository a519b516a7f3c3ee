import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { sampleClassName, sampleTitle } from '../../src/actions/samples';
import { dictionaries, en, format, isKey, ko, pickLang, setLang, t, tOr } from '../../src/i18n';

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f: string) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

describe('dictionaries', () => {
  it('have the same keys in English and Korean', () => {
    expect(Object.keys(ko).sort()).toEqual(Object.keys(en).sort());
  });
  it('have no empty string and the same placeholders in both languages', () => {
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect(en[key].trim(), key).not.toBe('');
      expect(ko[key].trim(), key).not.toBe('');
      const ph = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
      expect(ph(ko[key]), key).toEqual(ph(en[key]));
    }
  });
  it('Korean strings are written in Korean', () => {
    const hangul = /[\uac00-\ud7a3]/;
    const exempt = new Set<string>();
    for (const [key, v] of Object.entries(dictionaries.ko)) if (!exempt.has(key)) expect(hangul.test(v), key).toBe(true);
  });
  it('every key used in a literal t(...) call exists', () => {
    const root = fileURLToPath(new URL('../../src', import.meta.url));
    for (const file of sources(root)) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/\bt\('([\w.-]+)'/g)) expect(m[1]! in en, `${file}: ${m[1]}`).toBe(true);
    }
  });
});

describe('keys computed at run time', () => {
  it('isKey checks membership (own keys only)', () => {
    expect(isKey('nav.photos')).toBe(true);
    expect(isKey('sample.no-such-sample')).toBe(false);
    expect(isKey('toString')).toBe(false);
    expect(isKey('__proto__')).toBe(false);
  });
  it('tOr gives the text of a known key and the fallback (with placeholders filled) otherwise', () => {
    setLang('ko');
    try {
      expect(tOr('end.stopped', 'stopped')).toBe('중지함');
      expect(tOr('end.exploded', 'exploded')).toBe('exploded');
      expect(tOr('classes.photos', '{count} pictures', { count: 3 })).toBe('사진 3장');
      expect(tOr('no.such', '{count} pictures', { count: 3 })).toBe('3 pictures');
    } finally {
      setLang('en');
    }
  });
  it('a sample without a dictionary entry shows its id instead of throwing', () => {
    expect(sampleTitle('my-new-sample')).toBe('my-new-sample');
    expect(sampleTitle('fashion-mnist')).toBe(en['sample.fashion-mnist']);
    expect(sampleClassName('my-new-sample', 'llama')).toBe('llama');
  });
  it('the class names of both samples are translated to Korean', () => {
    const fashion = JSON.parse(
      /const FASHION = (\[[^\]]*\]);/.exec(readFileSync(fileURLToPath(new URL('../../scripts/prepare-samples.mjs', import.meta.url)), 'utf8'))![1]!.replace(/'/g, '"'),
    ) as string[];
    expect(fashion).toHaveLength(10);
    const samples: [string, string[]][] = [
      ['farm-animals-6', ['chicken', 'cow', 'duck', 'goat', 'pig', 'sheep']],
      ['fashion-mnist', fashion],
    ];
    setLang('ko');
    try {
      for (const [id, classes] of samples) {
        const names = classes.map((c) => sampleClassName(id, c));
        for (const [i, n] of names.entries()) expect(n, `${id}/${classes[i]}`).toMatch(/[\uac00-\ud7a3]/);
        expect(new Set(names).size).toBe(classes.length);
      }
    } finally {
      setLang('en');
    }
    expect(sampleClassName('fashion-mnist', 'Ankle boot')).toBe('Ankle boot');
  });
  it('t falls back to English, then to the key, when a dictionary lacks a key', () => {
    const saved = dictionaries.ko['nav.train'];
    delete (dictionaries.ko as Partial<Record<string, string>>)['nav.train'];
    setLang('ko');
    try {
      expect(t('nav.train')).toBe('Train');
    } finally {
      dictionaries.ko['nav.train'] = saved;
      setLang('en');
    }
  });
  it('no source casts a computed string to Key', () => {
    const root = fileURLToPath(new URL('../../src', import.meta.url));
    for (const file of sources(root)) expect(readFileSync(file, 'utf8'), file).not.toMatch(/\bas Key\b/);
  });
});

describe('pickLang and format', () => {
  it('picks Korean for ko-KR, English otherwise', () => {
    expect(pickLang(['ko-KR', 'en'])).toBe('ko');
    expect(pickLang(['de-DE', 'en-US'])).toBe('en');
    expect(pickLang(['fr'])).toBe('en');
    expect(pickLang([])).toBe('en');
  });
  it('fills placeholders and leaves unknown ones', () => {
    expect(format('{a} of {b} {c}', { a: 1, b: 'x' })).toBe('1 of x {c}');
  });
});
