// The photo picker of the farm-photo pages (16 and 17): one thumbnail per
// class of the farm sample (the photos the Lab engine holds, see data.ts),
// the selected photo, and "use my own photo" (added as a look-only photo,
// never trained on). It reports the engine's photo index, the page's
// `photo=` setting.

import { h } from '../ui/dom';
import type { LabClient } from './client';
import { labData, type LabPhoto } from './data';
import { lt } from './text';

export interface PhotoPicker {
  el: HTMLElement;
  /** Resolves once the farm photos are in the engine (rejects with a message saying what to do). */
  ready: Promise<LabPhoto[]>;
}

export function photoPicker(lab: LabClient, selected: number, onPick: (index: number) => void): PhotoPicker {
  const data = labData(lab);
  const el = h('div', { class: 'lab-control' }, h('span', { class: 'lab-label' }, lt('photos.pick')), h('p', { class: 'muted' }, lt('photos.loading')));
  let current = selected;
  const render = (photos: LabPhoto[]) => {
    const shown = photos.filter((p, i) => p.label < 0 || i === 0 || photos[i - 1]!.label !== p.label || p.index === current);
    const file = h('input', {
      type: 'file', accept: 'image/jpeg,image/png', class: 'lab-file', 'data-testid': 'lab-own-photo',
      onchange: () => {
        const f = file.files?.[0];
        if (!f) return;
        void f.arrayBuffer().then((b) => data.addOwnPhoto(b, f.name)).then(async (p) => {
          current = p.index;
          render(await data.photos());
          onPick(p.index);
        });
      },
    });
    el.replaceChildren(
      h('span', { class: 'lab-label' }, lt('photos.pick')),
      h('div', { class: 'lab-photos', 'data-testid': 'lab-photos' },
        shown.map((p) => h('button', {
          type: 'button', class: `lab-photo${p.index === current ? ' active' : ''}`, 'aria-pressed': String(p.index === current), title: p.className, 'data-index': String(p.index),
          onclick: () => { current = p.index; render(photos); onPick(p.index); },
        }, h('img', { src: p.url, alt: p.className })))),
      h('label', { class: 'btn lab-own' }, lt('photos.own'), file),
    );
  };
  const ready = data.ensureFarm().then(async () => {
    const photos = await data.photos();
    render(photos);
    return photos;
  });
  ready.catch((e: unknown) => el.replaceChildren(h('p', { class: 'lab-status error' }, e instanceof Error ? e.message : String(e))));
  return { el, ready };
}
