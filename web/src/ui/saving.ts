// The card Predict and Results show while a finished run's model is being
// stored: the model in use is about to change, so neither shows the old one.

import { t } from '../i18n';
import { h } from './dom';

export function savingCard(title: string): HTMLElement {
  return h('section', { class: 'card empty-state' }, h('h2', {}, title),
    h('p', { role: 'status', 'data-testid': 'saving-model' }, t('train.savingWait')));
}
