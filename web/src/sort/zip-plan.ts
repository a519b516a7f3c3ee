// Where each sorted photo goes in the "photos by class" zip: one folder
// per class, one for "not sure", one for unreadable files; the photo's own
// name inside it, numbered when two share a name. Pure, so tested without
// a browser.

import { answerOf } from './table';
import type { SortRow } from './state';

export interface ZipEntry {
  /** folder/name inside the zip. */
  path: string;
  file: File;
}

/** A name every file system takes: no path separators, reserved or control characters, no trailing dot or space. */
export function safeName(name: string): string {
  // eslint-disable-next-line no-control-regex
  const s = name.replace(/[\u0000-\u001f\u007f/\\:*?"<>|]/g, '_').replace(/[. ]+$/, '').trim();
  return s === '' || s === '.' || s === '..' ? '_' : s;
}

/** "photo.jpg" -> "photo (2).jpg". */
function numbered(name: string, n: number): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? `${name.slice(0, dot)} (${n})${name.slice(dot)}` : `${name} (${n})`;
}

/** Taken names, compared without case (Windows and macOS folders ignore it). */
class Names {
  private readonly taken = new Set<string>();
  claim(name: string): string {
    let out = name;
    for (let n = 2; this.taken.has(out.toLowerCase()); n++) out = numbered(name, n);
    this.taken.add(out.toLowerCase());
    return out;
  }
}

/**
 * The zip's entries in the rows' order. `classes` are the model's output
 * names; `notSure` and `unreadable` name the two extra folders (numbered
 * if a class has that name).
 */
export function zipPlan(rows: readonly SortRow[], classes: readonly string[], notSure: string, unreadable: string): ZipEntry[] {
  const folders = new Names();
  const classFolders = classes.map((c) => folders.claim(safeName(c)));
  const notSureFolder = folders.claim(safeName(notSure));
  const unreadableFolder = folders.claim(safeName(unreadable));
  const inFolder = new Map<string, Names>();
  return rows.map((r) => {
    const a = answerOf(r);
    const folder = a.top === null ? unreadableFolder : a.notSure ? notSureFolder : classFolders[a.top] ?? unreadableFolder;
    let names = inFolder.get(folder);
    if (!names) inFolder.set(folder, (names = new Names()));
    return { path: `${folder}/${names.claim(safeName(r.file.name))}`, file: r.file };
  });
}
