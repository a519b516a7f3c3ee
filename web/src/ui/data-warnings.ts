// The warnings shown above Start on the train screen: what will predictably
// go wrong with these photos (quality/data-checks.ts), each with what to do.
// Recomputed only when the classes or the photos change.

import type { ClassDef, PhotoMeta } from '../db';
import { t } from '../i18n';
import { dataWarnings, FEW_PHOTOS, type DataWarning } from '../quality/data-checks';
import { h, thumbUrl } from './dom';

/** Pairs of duplicate photos listed by name (the rest counted). */
const SHOW_PAIRS = 4;

let memo: { classes: ClassDef[]; photos: PhotoMeta[]; warnings: DataWarning[] } | null = null;

function warningsFor(classes: ClassDef[], photos: PhotoMeta[]): DataWarning[] {
  if (memo?.classes !== classes || memo.photos !== photos) memo = { classes, photos, warnings: dataWarnings(classes, photos) };
  return memo.warnings;
}

function item(w: DataWarning, photoById: Map<string, PhotoMeta>): HTMLElement {
  switch (w.kind) {
    case 'few':
      return h('li', { 'data-testid': 'warn-few' },
        t('warn.few', { classes: w.classes.map((c) => `${c.name} (${c.count})`).join(', '), min: FEW_PHOTOS }));
    case 'imbalance':
      return h('li', { 'data-testid': 'warn-imbalance' },
        t('warn.imbalance', { big: w.big.name, bigCount: w.big.count, small: w.small.name, smallCount: w.small.count }));
    case 'duplicates': {
      const thumb = (id: string) => {
        const p = photoById.get(id);
        return p ? h('img', { src: thumbUrl(p.id, p.thumb), alt: p.name, class: 'dup-thumb' }) : '';
      };
      return h('li', { 'data-testid': 'warn-duplicates' },
        t('warn.duplicates', { count: w.pairs.length }),
        h('ul', { class: 'dup-list' },
          w.pairs.slice(0, SHOW_PAIRS).map((d) => h('li', { class: 'dup-pair' }, thumb(d.a.id), thumb(d.b.id),
            h('span', {}, t('warn.pair', { a: d.a.name, classA: d.classA, b: d.b.name, classB: d.classB })))),
          w.pairs.length > SHOW_PAIRS ? h('li', {}, t('warn.more', { count: w.pairs.length - SHOW_PAIRS })) : ''));
    }
    default: {
      const never: never = w;
      throw new Error(`Unhandled warning ${JSON.stringify(never)}`);
    }
  }
}

/** The warnings for a project's photos, or '' when there are none. */
export function dataWarningsPanel(classes: ClassDef[], photos: PhotoMeta[]): HTMLElement | '' {
  const warnings = warningsFor(classes, photos);
  if (!warnings.length) return '';
  const photoById = new Map(photos.map((p) => [p.id, p]));
  return h('div', { class: 'notice-inline data-warnings', role: 'note', 'data-testid': 'data-warnings' },
    h('strong', {}, t('warn.title')),
    h('ul', {}, warnings.map((w) => item(w, photoById))));
}
