/// <reference lib="webworker" />
// Decodes and downscales imported photos: the header gives the size, so
// createImageBitmap decodes straight to a small bitmap (a 50 MP photo never
// exists at full size in memory); a second pass on an OffscreenCanvas
// makes the exact size, then JPEG photo + thumbnail are encoded.

import { fitWithin, imageDims, jpegHasExif, jpegTruncated, sniffFormat, unsupportedFormat, type Sniffed } from './dims';
import type { DecodeRequest, DecodeResponse, SkipReason } from './protocol';

declare const self: DedicatedWorkerGlobalScope;

class Skip extends Error {
  constructor(readonly reason: SkipReason) {
    super(reason);
  }
}

/** Decodes straight to at most `maxSide`; throws Skip with the reason a file cannot be a photo. */
async function decodeFile(file: Blob, maxSide: number): Promise<{ bmp: ImageBitmap; format: Sniffed; head: Uint8Array }> {
  if (file.size === 0) throw new Skip('empty');
  const head = new Uint8Array(await file.slice(0, 256 * 1024).arrayBuffer());
  const format = sniffFormat(head);
  if (unsupportedFormat(format)) throw new Skip('unsupported');
  if (format === 'jpeg' && jpegTruncated(new Uint8Array(await file.slice(Math.max(0, file.size - 65536)).arrayBuffer()))) throw new Skip('damaged');
  try {
    return { bmp: await decodeSized(file, head, maxSide), format, head };
  } catch {
    // A known image format that does not decode is damaged; anything else is not an image.
    throw new Skip(format ? 'damaged' : 'not-image');
  }
}

async function decodeSized(file: Blob, head: Uint8Array, maxSide: number): Promise<ImageBitmap> {
  const dims = imageDims(head);
  if (dims && Math.max(dims.width, dims.height) > maxSide) {
    // Only the longer side is given: the other follows the aspect ratio, even
    // when EXIF orientation swaps them.
    const opts: ImageBitmapOptions =
      dims.width >= dims.height ? { resizeWidth: maxSide, resizeQuality: 'high' } : { resizeHeight: maxSide, resizeQuality: 'high' };
    return createImageBitmap(file, opts);
  }
  return createImageBitmap(file);
}

async function toJpeg(src: ImageBitmap | OffscreenCanvas, side: number): Promise<{ blob: Blob; width: number; height: number }> {
  const { width, height } = fitWithin({ width: src.width, height: src.height }, side);
  const canvas = new OffscreenCanvas(width, height);
  const ctx = canvas.getContext('2d')!;
  ctx.imageSmoothingQuality = 'high';
  ctx.drawImage(src, 0, 0, width, height);
  const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.9 });
  return { blob, width, height };
}

async function handle(req: DecodeRequest): Promise<DecodeResponse> {
  switch (req.type) {
    case 'file': {
      let bmp: ImageBitmap;
      let keep: Blob | null = null;
      try {
        const d = await decodeFile(req.file, req.maxSide);
        bmp = d.bmp;
        // A small upright JPEG or PNG is stored as it is: no second encode (and no loss), the decode only checked it.
        const dims = imageDims(d.head);
        const small = !!dims && Math.max(dims.width, dims.height) <= req.maxSide && dims.width === bmp.width && dims.height === bmp.height;
        if (small && ((d.format === 'jpeg' && !jpegHasExif(d.head)) || d.format === 'png')) {
          keep = new Blob([req.file], { type: `image/${d.format}` });
        }
      } catch (e) {
        const reason = e instanceof Skip ? e.reason : 'damaged';
        return { id: req.id, type: 'error', reason, message: String(e) };
      }
      try {
        // The decoded size keeps the proportions: the shorter side tells whether it is big enough to learn from.
        if (Math.min(bmp.width, bmp.height) < req.minSide) return { id: req.id, type: 'error', reason: 'too-small', message: `${bmp.width}x${bmp.height}` };
        const img = keep ? { blob: keep, width: bmp.width, height: bmp.height } : await toJpeg(bmp, req.maxSide);
        const thumb = keep && Math.max(bmp.width, bmp.height) <= req.thumbSide ? img : await toJpeg(bmp, req.thumbSide);
        return { id: req.id, type: 'ok', image: img.blob, thumb: thumb.blob, width: img.width, height: img.height };
      } finally {
        bmp.close();
      }
    }
    case 'hash': {
      const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', await req.file.arrayBuffer()));
      return { id: req.id, type: 'hash', hash: Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('') };
    }
    case 'gray': {
      const { width, height } = req;
      const src = new Uint8Array(req.pixels);
      const rgba = new Uint8ClampedArray(width * height * 4);
      for (let i = 0; i < width * height; i++) {
        const v = src[i]!;
        rgba[i * 4] = v;
        rgba[i * 4 + 1] = v;
        rgba[i * 4 + 2] = v;
        rgba[i * 4 + 3] = 255;
      }
      const canvas = new OffscreenCanvas(width, height);
      canvas.getContext('2d')!.putImageData(new ImageData(rgba, width, height), 0, 0);
      const image = await canvas.convertToBlob({ type: 'image/png' });
      const thumb = await toJpeg(canvas, req.thumbSide);
      return { id: req.id, type: 'ok', image, thumb: thumb.blob, width, height };
    }
    default: {
      const never: never = req;
      throw new Error(`Unhandled ${JSON.stringify(never)}`);
    }
  }
}

self.onmessage = (ev: MessageEvent<DecodeRequest>) => {
  const req = ev.data;
  handle(req).then(
    (res) => self.postMessage(res),
    (err: unknown) => self.postMessage({ id: req.id, type: 'error', reason: 'damaged', message: String(err) } satisfies DecodeResponse),
  );
};
