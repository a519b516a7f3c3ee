// Saving a file the app made (a model, a sort's CSV or zip, a project backup) to the
// device's downloads.

/** "<name>-2026-11-27-15-40.<ext>", the name kept to letters, digits, _ and -. */
export function downloadName(name: string, time: number, ext: string): string {
  const stamp = new Date(time).toISOString().slice(0, 16).replace(/[:T]/g, '-');
  return `${name.replace(/[^\p{L}\p{N}_-]+/gu, '-')}-${stamp}.${ext}`;
}

export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
