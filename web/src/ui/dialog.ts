// Modal questions in the app's own style (native prompt() is small on a tablet).

import { t } from '../i18n';
import { h } from './dom';

export function askText(label: string, initial = ''): Promise<string | null> {
  return new Promise((resolve) => {
    const input = h('input', { type: 'text', value: initial, class: 'text-input', 'aria-label': label, 'data-testid': 'ask-input' });
    const dlg = h('dialog', { class: 'modal' },
      h('form', { method: 'dialog' },
        h('label', { class: 'modal-label' }, label, input),
        h('div', { class: 'row end' },
          h('button', { type: 'button', class: 'btn', onclick: () => dlg.close('') }, t('common.cancel')),
          h('button', { type: 'submit', class: 'btn primary', value: 'ok', 'data-testid': 'ask-ok' }, t('common.ok')),
        ),
      ),
    );
    dlg.addEventListener('close', () => {
      resolve(dlg.returnValue === 'ok' ? input.value : null);
      dlg.remove();
    });
    document.body.append(dlg);
    dlg.showModal();
    input.select();
  });
}

export function confirmAction(text: string, okLabel: string): Promise<boolean> {
  return new Promise((resolve) => {
    const dlg = h('dialog', { class: 'modal' },
      h('form', { method: 'dialog' },
        h('p', {}, text),
        h('div', { class: 'row end' },
          h('button', { type: 'submit', class: 'btn', value: '' }, t('common.cancel')),
          h('button', { type: 'submit', class: 'btn danger', value: 'ok', 'data-testid': 'confirm-ok' }, okLabel),
        ),
      ),
    );
    dlg.addEventListener('close', () => {
      resolve(dlg.returnValue === 'ok');
      dlg.remove();
    });
    document.body.append(dlg);
    dlg.showModal();
  });
}

/** A dialog that only informs: a title, a few lines, Close. */
export function showInfo(title: string, lines: string[]): void {
  const dlg = h('dialog', { class: 'modal', 'aria-label': title, 'data-testid': 'info-dialog' },
    h('form', { method: 'dialog' },
      h('h2', {}, title),
      lines.map((l) => h('p', {}, l)),
      h('div', { class: 'row end' }, h('button', { type: 'submit', class: 'btn primary' }, t('common.close'))),
    ),
  );
  dlg.addEventListener('close', () => dlg.remove());
  document.body.append(dlg);
  dlg.showModal();
}
