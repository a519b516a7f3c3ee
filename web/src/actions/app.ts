// The app as a whole: restoring the last session at start, and moving
// between the tabs of a project.

import * as db from '../db';
import { pickLang, type Lang } from '../i18n';
import { dispatch, getState, type Tab } from '../store';
import { engine } from './engine';
import { refreshInterrupted } from './checkpoints';
import { reportCutImport } from './import-mark';
import { changeLang } from './language';
import { openProject } from './projects';
import { refreshStorage } from './storage';
import { readTab, rememberTabs } from './tab-memory';

/** Language, projects and the last open project; then starts the engine. */
export async function boot(): Promise<void> {
  const saved = await db.getMeta<Lang>('lang');
  changeLang(saved ?? pickLang(navigator.languages ?? [navigator.language]), false);
  dispatch({ type: 'projects', projects: await db.listProjects() });
  const last = await db.getMeta<string>('currentProject');
  if (last && getState().projects.some((p) => p.id === last)) {
    // Read before opening: opening picks the project's first screen, and that is remembered at once.
    const tab = readTab(sessionStorage, last);
    await openProject(last);
    if (tab && getState().currentId === last) dispatch({ type: 'tab', tab });
  }
  rememberTabs(sessionStorage);
  await refreshInterrupted();
  await reportCutImport();
  engine();
  void refreshStorage();
}

export function showTab(tab: Tab): void {
  if (getState().tab !== tab) window.scrollTo(0, 0);
  dispatch({ type: 'tab', tab });
}
