// Image dimensions from the first bytes of a file, without decoding it, so
// that a 50-megapixel photo can be decoded straight to a small size
// (createImageBitmap with resizeWidth). Returns null for a format it does
// not know; the caller then decodes at full size.

export interface Dims {
  width: number;
  height: number;
}

export function imageDims(b: Uint8Array): Dims | null {
  if (b.length < 24) return null;
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  // PNG: signature then IHDR.
  if (b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47) {
    return { width: dv.getUint32(16), height: dv.getUint32(20) };
  }
  // GIF87a / GIF89a
  if (b[0] === 0x47 && b[1] === 0x49 && b[2] === 0x46) {
    return { width: dv.getUint16(6, true), height: dv.getUint16(8, true) };
  }
  // BMP
  if (b[0] === 0x42 && b[1] === 0x4d && b.length >= 26) {
    return { width: Math.abs(dv.getInt32(18, true)), height: Math.abs(dv.getInt32(22, true)) };
  }
  // WebP: RIFF....WEBP
  if (b[0] === 0x52 && b[1] === 0x49 && b[2] === 0x46 && b[3] === 0x46 && b[8] === 0x57 && b[9] === 0x45 && b.length >= 30) {
    const chunk = String.fromCharCode(b[12]!, b[13]!, b[14]!, b[15]!);
    if (chunk === 'VP8 ') return { width: dv.getUint16(26, true) & 0x3fff, height: dv.getUint16(28, true) & 0x3fff };
    if (chunk === 'VP8L') {
      const bits = dv.getUint32(21, true);
      return { width: (bits & 0x3fff) + 1, height: ((bits >> 14) & 0x3fff) + 1 };
    }
    if (chunk === 'VP8X') {
      const w = 1 + (b[24]! | (b[25]! << 8) | (b[26]! << 16));
      const h = 1 + (b[27]! | (b[28]! << 8) | (b[29]! << 16));
      return { width: w, height: h };
    }
    return null;
  }
  // JPEG: walk the markers to a start-of-frame.
  if (b[0] === 0xff && b[1] === 0xd8) {
    let i = 2;
    while (i + 9 < b.length) {
      if (b[i] !== 0xff) return null;
      const marker = b[i + 1]!;
      if (marker === 0xff) {
        i++;
        continue;
      }
      const len = dv.getUint16(i + 2);
      const isSof = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
      if (isSof) return { width: dv.getUint16(i + 7), height: dv.getUint16(i + 5) };
      i += 2 + len;
    }
    return null;
  }
  return null;
}

/** Size that fits within `max` on the longer side, keeping the aspect ratio. */
export function fitWithin(d: Dims, max: number): Dims {
  const scale = Math.min(1, max / Math.max(d.width, d.height));
  return { width: Math.max(1, Math.round(d.width * scale)), height: Math.max(1, Math.round(d.height * scale)) };
}

/** What the first bytes say a file is: a format the browser decodes, one it does not, or null (not an image we know). */
export type Sniffed = 'jpeg' | 'png' | 'gif' | 'bmp' | 'webp' | 'avif' | 'heic' | 'tiff' | null;

export function sniffFormat(b: Uint8Array): Sniffed {
  const ascii = (from: number, to: number) => String.fromCharCode(...b.subarray(from, to));
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'jpeg';
  if (b.length >= 4 && b[0] === 0x89 && ascii(1, 4) === 'PNG') return 'png';
  if (b.length >= 4 && ascii(0, 4) === 'GIF8') return 'gif';
  if (b.length >= 2 && ascii(0, 2) === 'BM') return 'bmp';
  if (b.length >= 12 && ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'webp';
  if (b.length >= 4 && (ascii(0, 4) === 'II*\0' || ascii(0, 4) === 'MM\0*')) return 'tiff';
  // ISO-BMFF: [size]['ftyp'][major brand]: HEIC/HEIF (iPhone photos) or AVIF.
  if (b.length >= 12 && ascii(4, 8) === 'ftyp') {
    const brand = ascii(8, 12);
    if (brand === 'avif' || brand === 'avis') return 'avif';
    if (['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'mif1', 'msf1'].includes(brand)) return 'heic';
  }
  return null;
}

/** Formats a browser cannot decode (HEIC from iPhones, TIFF from scanners). */
export function unsupportedFormat(f: Sniffed): boolean {
  return f === 'heic' || f === 'tiff';
}

/** A JPEG whose end-of-image marker is missing (cut off while copying). Looks in the last 64 KB, where trailers after the marker still fit. */
export function jpegTruncated(tail: Uint8Array): boolean {
  for (let i = tail.length - 2; i >= 0; i--) if (tail[i] === 0xff && tail[i + 1] === 0xd9) return false;
  return true;
}

/** Whether a JPEG carries an Exif segment (which may rotate it): such a file is re-encoded upright rather than kept as is. */
export function jpegHasExif(b: Uint8Array): boolean {
  let i = 2;
  while (i + 9 < b.length && b[i] === 0xff) {
    const marker = b[i + 1]!;
    if (marker === 0xda) return false; // start of scan: no more headers
    if (marker === 0xe1 && String.fromCharCode(b[i + 4]!, b[i + 5]!, b[i + 6]!, b[i + 7]!) === 'Exif') return true;
    i += 2 + ((b[i + 2]! << 8) | b[i + 3]!);
  }
  return false;
}
