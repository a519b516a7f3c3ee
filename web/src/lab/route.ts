// The lab's place in the URL: `#/lab` (the index) or `#/lab/<page>?<settings>`.
// Anything else is not the lab (the projects part of the app).

export interface LabRoute {
  /** null: the lab's index of pages. */
  page: string | null;
  /** The settings query text, without `?` (may be empty). */
  query: string;
}

export function parseLabHash(hash: string): LabRoute | null {
  const m = /^#\/lab(?:\/([\w-]+))?\/?(?:\?(.*))?$/.exec(hash);
  if (!m) return null;
  return { page: m[1] ?? null, query: m[2] ?? '' };
}

export function labHash(page: string | null, query = ''): string {
  return `#/lab${page ? `/${page}` : ''}${query ? `?${query}` : ''}`;
}
