// Every lab page: its words exist in both languages, and its settings
// survive the hash (defaults, a changed value, junk in a link).
import { describe, expect, it } from 'vitest';
import { PAGES } from '../../src/lab/pages';
import { readSettings, writeSettings, type Schema } from '../../src/lab/settings';
import { en, ko } from '../../src/lab/text';

describe('lab pages registry', () => {
  it('lists the notebook order with unique ids', () => {
    const ids = PAGES.map((p) => p.id);
    expect(ids.slice(0, 9)).toEqual(['perceptron', 'mlp', 'activations', 'losses', 'gd', 'convex', 'batch', 'backprop', 'layers']);
    expect(new Set(ids).size).toBe(ids.length);
  });
  it('has a title, purpose and what-to-notice for every page in both languages', () => {
    for (const p of PAGES) for (const k of ['title', 'purpose', 'notice']) {
      const key = `${p.id}.${k}`;
      expect((en as Record<string, string>)[key], key).toBeTruthy();
      expect((ko as Record<string, string>)[key], key).toBeTruthy();
    }
  });
  it('every page module loads and exports setup and a settings schema that round-trips', async () => {
    for (const p of PAGES) {
      const m = (await p.load()) as { setup: unknown; schema?: Schema };
      expect(typeof m.setup, p.id).toBe('function');
      expect(m.schema, p.id).toBeDefined();
      const defaults = readSettings(m.schema!, '');
      expect(readSettings(m.schema!, writeSettings(m.schema!, defaults)), p.id).toEqual(defaults);
      expect(readSettings(m.schema!, 'nonsense=1&&=&%zz'), p.id).toEqual(defaults);
    }
  });
});
