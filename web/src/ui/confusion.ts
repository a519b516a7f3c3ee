// The confusion matrix on the Results screen. On a phone its column headers
// stand upright (styles.css), so six classes fit 390 px; when the table is
// still wider than the screen, a line under it says how many columns are out
// of sight and to swipe (above it, so it is read first), updated as the table scrolls or the screen turns.

import type { Evaluation } from '../engine/protocol';
import { t } from '../i18n';
import { h } from './dom';

/**
 * Columns not wholly in view: `edges` are each column's [left, right] in the
 * table's coordinates, the view spans [scrollLeft, scrollLeft + width].
 * Half a pixel of rounding is forgiven.
 */
export function columnsOutOfView(edges: readonly (readonly [number, number])[], scrollLeft: number, width: number): number {
  return edges.filter(([l, r]) => l < scrollLeft - 0.5 || r > scrollLeft + width + 0.5).length;
}

export function confusionTable(ev: Pick<Evaluation, 'confusion'>, names: readonly string[]): HTMLElement {
  const max = Math.max(1, ...ev.confusion.flat());
  const heads = names.map((n) => h('th', { scope: 'col' }, h('span', { class: 'col-name' }, n)));
  const hint = h('p', { class: 'muted small swipe-hint', 'data-testid': 'confusion-swipe', hidden: true });
  const wrap = h('div', { class: 'table-wrap' }, h('table', { class: 'confusion', 'data-testid': 'confusion' },
    h('thead', {}, h('tr', {}, h('th', {}, ''), heads)),
    h('tbody', {}, ev.confusion.map((row, i) => h('tr', {},
      h('th', { scope: 'row' }, names[i] ?? String(i)),
      row.map((v, j) => h('td', { class: i === j ? 'diag' : v ? 'off' : '', style: `--a:${(v / max).toFixed(3)}` }, String(v))))))));
  const update = () => {
    const hidden = columnsOutOfView(heads.map((th) => [th.offsetLeft, th.offsetLeft + th.offsetWidth] as const), wrap.scrollLeft, wrap.clientWidth);
    hint.hidden = hidden === 0;
    hint.textContent = hidden ? t('results.swipe', { n: hidden }) : '';
  };
  wrap.addEventListener('scroll', update, { passive: true });
  const ro = new ResizeObserver(() => (wrap.isConnected ? update() : ro.disconnect()));
  ro.observe(wrap);
  return h('div', {}, hint, wrap);
}
