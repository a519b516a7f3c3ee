// The open project's tab, remembered for this browser tab (sessionStorage:
// it lives as long as the tab and survives a reload), so a reload comes back
// to the screen the farmer was on rather than to "Check a photo". The tabs
// are not in the URL (the hash belongs to the lab), so the URL is not used.

import { TABS, watch, type Tab } from '../store';

/** The little of Storage used here (sessionStorage, or a fake in the tests). */
export type TabStore = Pick<Storage, 'getItem' | 'setItem'>;

const key = (projectId: string) => `barnlab.tab.${projectId}`;

/** The tab remembered for a project, if it is one of the tabs (anything else is ignored). */
export function readTab(store: TabStore, projectId: string): Tab | null {
  let v: string | null = null;
  try {
    v = store.getItem(key(projectId));
  } catch {
    return null;  // storage refused (private mode, disabled): start as without a memory
  }
  return (TABS as readonly string[]).includes(v ?? '') ? (v as Tab) : null;
}

export function writeTab(store: TabStore, projectId: string, tab: Tab): void {
  try {
    store.setItem(key(projectId), tab);
  } catch {
    // Not remembered: a reload opens the project's first screen, nothing else is lost.
  }
}

/** Writes the open project's tab whenever it changes. */
export function rememberTabs(store: TabStore): void {
  watch((s) => [s.currentId, s.tab], (s) => {
    if (s.currentId) writeTab(store, s.currentId, s.tab);
  });
}
