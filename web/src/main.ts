// Entry: sets up the header, the tab bar, every section (ui/sections.ts)
// and the notices, registers the service worker (asking before an update),
// and restores the last session.

import { registerSW } from 'virtual:pwa-register';
import { boot } from './actions/app';
import { warnBeforeLeaving, watchConnectivity } from './actions/page';
import './styles.css';
import { dispatch } from './store';
import { setupHeader, setupTabs } from './ui/header';
import { setupNotices } from './ui/notices';
import { mountSections } from './ui/sections';

const $ = (id: string) => document.getElementById(id)!;

const updateSW = registerSW({
  onNeedRefresh: () => dispatch({ type: 'update-ready' }),
});

watchConnectivity();
warnBeforeLeaving();
setupHeader($('header'));
setupTabs($('tabs'));
mountSections(document.querySelector('main')!);
setupNotices($('notices'), () => void updateSW(true));

void boot().then(() => document.body.classList.add('ready'));
