// The lab's pages in the research notebook's order. Each page is a module
// `pages/<id>.ts` exporting `setup(el, lab, params)`, loaded when first
// opened; its words are `<id>.title|purpose|notice` in text.ts.

import type { LabClient } from './client';
import type { LabKey } from './text';

export interface PageParams {
  /** The page's settings: the hash's query text, without `?` (may be empty). */
  query: string;
  /** Writes the page's settings back to the hash (replaces the history entry; no re-render). */
  save(query: string): void;
  /** Aborted when the page is left or rebuilt (language change): stop loops then. */
  signal: AbortSignal;
}

export type PageSetup = (el: HTMLElement, lab: LabClient, params: PageParams) => void;

export interface LabPage {
  id: string;
  load: () => Promise<{ setup: PageSetup }>;
}

export const PAGES: readonly LabPage[] = [
  { id: 'perceptron', load: () => import('./pages/perceptron') },
  { id: 'mlp', load: () => import('./pages/mlp') },
  { id: 'activations', load: () => import('./pages/activations') },
  { id: 'losses', load: () => import('./pages/losses') },
  { id: 'gd', load: () => import('./pages/gd') },
  { id: 'convex', load: () => import('./pages/convex') },
  { id: 'batch', load: () => import('./pages/batch') },
  { id: 'backprop', load: () => import('./pages/backprop') },
  { id: 'layers', load: () => import('./pages/layers') },
  { id: 'optimizers', load: () => import('./pages/optimizers') },
  { id: 'init', load: () => import('./pages/init') },
  { id: 'batchnorm', load: () => import('./pages/batchnorm') },
  { id: 'overfit', load: () => import('./pages/overfit') },
  { id: 'hyper', load: () => import('./pages/hyper') },
  { id: 'conv', load: () => import('./pages/conv') },
  { id: 'pool', load: () => import('./pages/pool') },
  { id: 'cnn', load: () => import('./pages/cnn') },
  { id: 'alexnet', load: () => import('./pages/alexnet') },
];

export function pageIndex(id: string): number {
  return PAGES.findIndex((p) => p.id === id);
}

export function titleKey(id: string): LabKey {
  return `${id}.title` as LabKey;
}
