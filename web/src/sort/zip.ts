// Writes the "photos by class" zip with fflate: each photo's original
// bytes, stored (not compressed: photos do not shrink, and storing keeps
// the file byte for byte), read from the File in chunks and collected
// into a Blob a part at a time, so the browser can keep the growing zip
// on disk rather than in the page's memory. Yields to the page between
// files, so it stays responsive.

import { Zip, ZipPassThrough } from 'fflate';
import type { ZipEntry } from './zip-plan';

/** Chunks gathered before they are folded into the Blob. */
const PART_BYTES = 8 << 20;

export class ZipCancelled extends Error {
  constructor() {
    super('cancelled');
  }
}

export async function writeZip(entries: readonly ZipEntry[], onProgress: (done: number) => void, signal?: AbortSignal): Promise<Blob> {
  let blob = new Blob([], { type: 'application/zip' });
  let parts: Uint8Array<ArrayBuffer>[] = [];
  let pending = 0;
  let failure: Error | null = null;
  const fold = () => {
    blob = new Blob([blob, ...parts], { type: 'application/zip' });
    parts = [];
    pending = 0;
  };
  const zip = new Zip((err, chunk) => {
    if (err) failure = err;
    else {
      parts.push(chunk as Uint8Array<ArrayBuffer>);
      pending += chunk.length;
    }
  });
  for (let i = 0; i < entries.length; i++) {
    if (signal?.aborted) throw new ZipCancelled();
    const { path, file } = entries[i]!;
    const entry = new ZipPassThrough(path);
    entry.mtime = file.lastModified || Date.now();
    zip.add(entry);
    const reader = file.stream().getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      entry.push(value);
    }
    entry.push(new Uint8Array(0), true);
    if (failure) throw failure;
    if (pending >= PART_BYTES) fold();
    onProgress(i + 1);
  }
  zip.end();
  if (failure) throw failure;
  fold();
  return blob;
}
