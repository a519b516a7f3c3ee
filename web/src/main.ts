// Entry: sets up the header, the tab bar, every section (ui/sections.ts)
// and the notices, registers the service worker (asking before an update),
// and restores the last session.

import { registerSW } from 'virtual:pwa-register';
import { boot } from './actions/app';
import { refreshInterrupted } from './actions/checkpoints';
import { notify } from './actions/notices';
import { watchOtherTabs } from './actions/tabs';
import { onNewerVersion } from './db';
import { t } from './i18n';
import { warnBeforeLeaving, watchConnectivity } from './actions/page';
import './styles.css';
import { dispatch } from './store';
import { setupHeader, setupTabs } from './ui/header';
import { setupNotices } from './ui/notices';
import { setupResume } from './ui/resume';
import { mountSections } from './ui/sections';

const $ = (id: string) => document.getElementById(id)!;

const updateSW = registerSW({
  onNeedRefresh: () => dispatch({ type: 'update-ready' }),
});

watchConnectivity();
warnBeforeLeaving();
setupHeader($('header'));
setupTabs($('tabs'));
const main = document.querySelector('main')!;
mountSections(main);
// The offer to resume an interrupted training, above every screen.
const resume = document.createElement('div');
resume.id = 'resume';
main.before(resume);
setupResume(resume);
watchOtherTabs(() => void refreshInterrupted());
onNewerVersion(() => notify('error', () => t('db.newerVersion'), { ms: 24 * 3600_000, action: { label: () => t('db.reload'), run: () => location.reload() } }));
setupNotices($('notices'), () => void updateSW(true));

void boot().then(() => document.body.classList.add('ready'));
