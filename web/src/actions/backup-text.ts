// The words a restored backup is reported with: "1 model", "2 models", in
// each language (Korean counts without a plural).

import { t } from '../i18n';

export function restoredText(name: string, photos: number, models: number): string {
  return t('backup.restored', {
    name,
    photos: photos === 1 ? t('backup.onePhoto') : t('backup.photos', { count: photos }),
    models: models === 1 ? t('backup.oneModel') : t('backup.models', { count: models }),
  });
}
