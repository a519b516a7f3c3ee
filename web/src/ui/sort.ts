// Sort photos: a farmer picks many photos or a folder; each goes through
// the model in use (in the engine worker, a batch at a time, with a
// progress line and Cancel), and a table lists them: thumbnail, name, top
// class and probability, "not sure" below the model's threshold. The table
// is filtered by class or "not sure", ordered by a column, kept to the rows
// near the screen (ui/thumbgrid.ts), and downloaded as CSV or as a zip of
// the photos in one folder per class. Its own section, shown in place of
// Predict (reached from there; Back returns), so Predict stays as it was.

import { cancelSort, clearSort, downloadCsv, downloadZip, openSort, sortFiles } from '../actions/sort';
import { percent, t } from '../i18n';
import type { SortFilter, SortKey, SortRow } from '../sort/state';
import { answerOf, filterCounts, visibleRows } from '../sort/table';
import { dispatch, getState, latestModel, watch, type State } from '../store';
import { filePicker, h, pickButton } from './dom';
import { headline, openChecked } from './predict';
import { VirtualGrid } from './thumbgrid';

/** One table row per line; a row is the thumbnail's height. */
const ROWS = { minTile: (w: number) => w, gap: 6, caption: 0, rowHeight: 76 };

/**
 * Folder picking: desktop browsers open a folder; iPad and iPhone browsers
 * ignore the attribute (a plain photo picker opens), so there the many-photos
 * picker with a hint is offered instead.
 */
export function canPickFolder(): boolean {
  const apple = /iPad|iPhone|iPod/.test(navigator.userAgent) || (/Macintosh/.test(navigator.userAgent) && navigator.maxTouchPoints > 1);
  return 'webkitdirectory' in HTMLInputElement.prototype && !apple;
}

function rowEl(r: SortRow): HTMLElement {
  const a = answerOf(r);
  const v = r.verdict;
  const top = a.top !== null ? r.classes[a.top] ?? '?' : '';
  const caption = a.top !== null ? `${top} · ${percent(a.probability ?? 0)}` : undefined;
  const open = () => openChecked(getState(), r, top || undefined, caption);
  return h('div', { class: `sort-row${a.notSure ? ' not-sure' : ''}`, role: 'listitem', 'data-testid': 'sort-row', 'data-path': r.path },
    r.thumbUrl
      ? h('button', { type: 'button', class: 'thumb-button', 'aria-label': t('photo.open', { name: r.name }), onclick: open },
        h('img', { src: r.thumbUrl, alt: '', decoding: 'async' }))
      : h('div', { class: 'thumb-missing' }, '?'),
    h('div', { class: 'sort-info' },
      h('strong', { 'data-testid': a.notSure ? 'sort-not-sure' : a.top === null ? 'sort-unreadable' : 'sort-class' },
        v ? (a.notSure ? headline(r, [{ name: top, v: a.probability ?? 0 }]) : top) : t('sort.unreadable')),
      // The picked folder's own name is the same on every row: the path inside it is shown.
      h('span', { class: 'muted small sort-name', title: r.path }, r.path.includes('/') ? r.path.slice(r.path.indexOf('/') + 1) : r.path)),
    h('div', { class: 'sort-side' },
      h('span', { class: 'sort-prob', 'data-value': a.probability?.toFixed(6) ?? '' }, a.probability !== null ? percent(a.probability) : '–'),
      r.thumbUrl ? h('button', { type: 'button', class: 'btn small-btn', 'data-testid': 'sort-add', onclick: open }, t('sort.add')) : ''),
  );
}

const KEYS: readonly Exclude<SortKey, 'order'>[] = ['name', 'class', 'probability'];

export function setupSort(el: HTMLElement): void {
  let grid: VirtualGrid<SortRow> | null = null;
  let update: ((s: State) => void) | null = null;

  watch((s) => [s.lang, s.tab, s.currentId, s.sort.open, s.models, s.projects, s.tta, s.training.saving], (s) => {
    const model = latestModel(s);
    el.hidden = s.currentId === null || s.tab !== 'predict' || !s.sort.open;
    grid?.destroy();
    grid = null;
    update = null;
    if (el.hidden) {
      el.replaceChildren();
      return;
    }
    const back = h('button', { type: 'button', class: 'btn', 'data-testid': 'sort-back', onclick: () => openSort(false) }, '← ', t('sort.back'));
    if (!model || s.training.saving) {
      el.replaceChildren(h('section', { class: 'card empty-state' }, back, h('h2', {}, t('sort.title')),
        h('p', { 'data-testid': s.training.saving ? 'saving-model' : null }, t(s.training.saving ? 'train.savingWait' : 'predict.noModel'))));
      return;
    }
    const files = filePicker({ accept: 'image/*', multiple: true, testid: 'sort-input' }, (f) => void sortFiles(f));
    const folder = filePicker({ folder: true, multiple: true, testid: 'sort-folder-input' }, (f) => void sortFiles(f));
    const folderOk = canPickFolder();
    const pickers = h('div', { class: 'row' },
      pickButton(t('sort.pick'), 'btn primary big', files),
      folderOk ? pickButton(t('sort.folder'), 'btn big', folder) : '');
    // The progress line is made once and updated in place, so Cancel stays the same button (and keeps focus) while batches arrive.
    const statusText = h('span', {});
    const bar = h('progress', {});
    const status = h('div', { class: 'progress-line sort-status', role: 'status' }, statusText, bar,
      h('button', { type: 'button', class: 'btn', 'data-testid': 'sort-cancel', onclick: cancelSort }, t('common.cancel')));
    const filter = h('select', { class: 'select', 'data-testid': 'sort-filter', 'aria-label': t('sort.filter'),
      onchange: () => dispatch({ type: 'sort', action: { type: 'filter', filter: filter.value as SortFilter } }) });
    const filterKeys: SortFilter[] = ['all', ...model.info.classes.map((_, i): SortFilter => `class:${i}`), 'not-sure', 'unreadable'];
    const options = filterKeys.map((k) => h('option', { value: k }));
    filter.append(...options);
    const csv = h('button', { type: 'button', class: 'btn', 'data-testid': 'sort-csv', onclick: downloadCsv });
    const zip = h('button', { type: 'button', class: 'btn', 'data-testid': 'sort-zip', onclick: () => void downloadZip() }, t('sort.zip'));
    const clear = h('button', { type: 'button', class: 'btn danger-text', 'data-testid': 'sort-clear', onclick: clearSort }, t('sort.clear'));
    const heads = KEYS.map((k) => h('button', { type: 'button', class: `sort-head sort-head-${k}`, 'data-testid': `sort-by-${k}`,
      onclick: () => dispatch({ type: 'sort', action: { type: 'order', key: k } }) }));
    const shown = h('p', { class: 'muted small', 'data-testid': 'sort-shown' });
    grid = new VirtualGrid<SortRow>(rowEl, ROWS, { role: 'list', 'aria-label': t('sort.title'), 'data-testid': 'sort-table' });
    const table = h('section', { class: 'card sort-table' },
      h('div', { class: 'toolbar' },
        h('label', { class: 'field inline' }, h('span', {}, t('sort.filter')), filter),
        csv, zip, clear),
      h('div', { class: 'sort-heads' }, h('span', { class: 'muted small' }, t('sort.orderBy')), ...heads),
      shown,
      grid.el);

    update = (st: State) => {
      const { sort } = st;
      const busy = sort.running ?? sort.zipping;
      status.hidden = !busy;
      if (busy) {
        status.dataset.testid = sort.running ? 'sort-progress' : 'zip-progress';
        statusText.textContent = t(sort.running ? 'sort.working' : 'sort.zipping', { done: busy.done, total: busy.total });
        bar.max = busy.total;
        bar.value = busy.done;
      } else delete status.dataset.testid;
      files.disabled = folder.disabled = !!sort.running;
      const counts = filterCounts(sort.rows, model.info.classes.length);
      filterKeys.forEach((k, i) => {
        const label = k === 'all' ? t('sort.all') : k === 'not-sure' ? t('sort.notSure') : k === 'unreadable' ? t('sort.unreadable')
          : model.info.classes[Number(k.slice(6))] ?? k;
        options[i]!.textContent = `${label} (${counts.get(k) ?? 0})`;
        options[i]!.hidden = (k === 'unreadable' || k === 'not-sure') && !counts.get(k) && sort.filter !== k;
      });
      filter.value = sort.filter;
      const rows = visibleRows(sort.rows, sort.filter, sort.key, sort.desc);
      csv.textContent = t('sort.csv', { count: rows.length });
      csv.disabled = rows.length === 0;
      zip.disabled = !!sort.zipping || !!sort.running || sort.rows.length === 0;
      clear.disabled = !!sort.running;
      heads.forEach((b, i) => {
        const k = KEYS[i]!;
        const on = sort.key === k;
        b.textContent = `${t(`sort.col.${k}`)}${on ? (sort.desc ? ' ▼' : ' ▲') : ''}`;
        b.setAttribute('aria-pressed', String(on));
        b.className = `btn sort-head${on ? ' on' : ''}`;
      });
      shown.textContent = t('sort.shown', { shown: rows.length, total: sort.rows.length });
      table.hidden = sort.rows.length === 0;
      grid?.setItems(rows);
    };

    el.replaceChildren(
      h('section', { class: 'card' },
        h('div', { class: 'row' }, back),
        h('h2', {}, t('sort.title')),
        h('p', { class: 'muted' }, t('predict.using', { arch: model.info.arch, epochs: model.info.epochs, classes: model.info.classes.join(', ') })),
        pickers,
        h('label', { class: 'field check' },
          h('input', { type: 'checkbox', checked: s.tta, onchange: (e: Event) => dispatch({ type: 'tta', on: (e.target as HTMLInputElement).checked }) }),
          h('span', {}, t('predict.tta'))),
        h('p', { class: 'muted' }, t('sort.hint')),
        folderOk ? '' : h('p', { class: 'muted' }, t('sort.noFolder')),
        status),
      table,
    );
    update(s);
  });

  watch((s) => [s.sort.rows, s.sort.running, s.sort.zipping, s.sort.filter, s.sort.key, s.sort.desc], (s) => update?.(s));
}
