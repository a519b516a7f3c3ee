// The UI language: applied at once, remembered in IndexedDB.

import * as db from '../db';
import { setLang, type Lang } from '../i18n';
import { dispatch } from '../store';

export function changeLang(lang: Lang, persist = true): void {
  setLang(lang);
  dispatch({ type: 'lang', lang });
  if (persist) void db.setMeta('lang', lang);
}
