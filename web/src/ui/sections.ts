// The screens inside <main>, in page order. Each gets a <div> with its id
// and sets it up; each decides from the state when it shows itself. A new
// top-level section (such as a lab) is one more entry here.

import { setupLab } from '../lab/shell';
import { setupData } from './data';
import { setupHome } from './home';
import { setupModels } from './models';
import { setupPhotos } from './photos';
import { setupPredict } from './predict';
import { setupResults } from './results';
import { setupSort } from './sort';
import { setupTrain } from './train';

export interface Section {
  id: string;
  setup: (el: HTMLElement) => void;
}

export const SECTIONS: readonly Section[] = [
  { id: 'home', setup: setupHome },
  { id: 'data', setup: setupData },
  { id: 'photos', setup: setupPhotos },
  { id: 'train', setup: setupTrain },
  { id: 'results', setup: setupResults },
  { id: 'predict', setup: setupPredict },
  { id: 'sort', setup: setupSort },
  { id: 'models', setup: setupModels },
  { id: 'lab', setup: setupLab },
];

/** Creates each section's element in `main` and sets it up. */
export function mountSections(main: HTMLElement, sections: readonly Section[] = SECTIONS): void {
  for (const { id, setup } of sections) {
    const el = document.createElement('div');
    el.id = id;
    el.hidden = true;
    main.append(el);
    setup(el);
  }
}
