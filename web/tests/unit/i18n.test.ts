import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { dictionaries, en, format, ko, pickLang } from '../../src/i18n';

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
    const exempt = new Set(['engine.simd']);
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
