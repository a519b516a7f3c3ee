/// <reference lib="webworker" />
// Decodes and downscales imported photos: the header gives the size, so
// createImageBitmap decodes straight to a small bitmap (a 50 MP photo never
// exists at full size in memory); a second pass on an OffscreenCanvas
// makes the exact size, then JPEG photo + thumbnail are encoded.

import { DHASH_H, DHASH_W, dhash, greyOfRgba } from '../quality/dhash';
import { fitWithin, imageDims } from './dims';
import type { DecodeRequest, DecodeResponse } from './protocol';

declare const self: DedicatedWorkerGlobalScope;

async function decodeFile(file: Blob, maxSide: number): Promise<ImageBitmap> {
  const head = new Uint8Array(await file.slice(0, 256 * 1024).arrayBuffer());
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

/** The perceptual hash of a decoded picture, from a 9 x 8 grey thumbnail. */
function hashOf(src: ImageBitmap | OffscreenCanvas): string {
  const canvas = new OffscreenCanvas(DHASH_W, DHASH_H);
  const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
  ctx.imageSmoothingQuality = 'high';
  ctx.drawImage(src, 0, 0, DHASH_W, DHASH_H);
  return dhash(greyOfRgba(ctx.getImageData(0, 0, DHASH_W, DHASH_H).data));
}

async function handle(req: DecodeRequest): Promise<DecodeResponse> {
  switch (req.type) {
    case 'file': {
      let bmp: ImageBitmap;
      try {
        bmp = await decodeFile(req.file, req.maxSide);
      } catch {
        return { id: req.id, type: 'error', message: 'not an image or damaged' };
      }
      try {
        const img = await toJpeg(bmp, req.maxSide);
        const thumb = await toJpeg(bmp, req.thumbSide);
        return { id: req.id, type: 'ok', image: img.blob, thumb: thumb.blob, width: img.width, height: img.height, hash: hashOf(bmp) };
      } finally {
        bmp.close();
      }
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
      return { id: req.id, type: 'ok', image, thumb: thumb.blob, width, height, hash: hashOf(canvas) };
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
    (err: unknown) => self.postMessage({ id: req.id, type: 'error', message: String(err) } satisfies DecodeResponse),
  );
};
