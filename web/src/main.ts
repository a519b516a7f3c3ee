// Entry: sets up each UI piece on its element, registers the service
// worker (asking before an update), and restores the last session.

import { registerSW } from 'virtual:pwa-register';
import * as act from './actions';
import './styles.css';
import { dispatch } from './store';
import { setupLab } from './lab/shell';
import { setupHeader, setupTabs } from './ui/header';
import { setupHome } from './ui/home';
import { setupModels } from './ui/models';
import { setupNotices } from './ui/notices';
import { setupPhotos } from './ui/photos';
import { setupPredict } from './ui/predict';
import { setupResults } from './ui/results';
import { setupTrain } from './ui/train';

const $ = (id: string) => document.getElementById(id)!;

const updateSW = registerSW({
  onNeedRefresh: () => dispatch({ type: 'update-ready' }),
});

setupHeader($('header'));
setupTabs($('tabs'));
setupHome($('home'));
setupPhotos($('photos'));
setupTrain($('train'));
setupResults($('results'));
setupPredict($('predict'));
setupModels($('models'));
setupLab($('lab'));
setupNotices($('notices'), () => void updateSW(true));

void act.boot().then(() => document.body.classList.add('ready'));
