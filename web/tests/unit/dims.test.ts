import { describe, expect, it } from 'vitest';
import { fitWithin, imageDims, jpegHasExif, jpegTruncated, sniffFormat, unsupportedFormat } from '../../src/decode/dims';

describe('imageDims', () => {
  it('reads PNG IHDR', () => {
    const b = new Uint8Array(32);
    b.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const dv = new DataView(b.buffer);
    dv.setUint32(16, 8000);
    dv.setUint32(20, 6000);
    expect(imageDims(b)).toEqual({ width: 8000, height: 6000 });
  });
  it('walks JPEG markers to the frame header', () => {
    const b = new Uint8Array([
      0xff, 0xd8, // SOI
      0xff, 0xe0, 0x00, 0x04, 0x00, 0x00, // APP0, length 4
      0xff, 0xc0, 0x00, 0x11, 0x08, 0x17, 0x70, 0x1f, 0x40, 0x03, // SOF0: 8 bit, h=6000, w=8000
      0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    ]);
    expect(imageDims(b)).toEqual({ width: 8000, height: 6000 });
  });
  it('returns null for bytes that are no image', () => {
    expect(imageDims(new TextEncoder().encode('this is certainly not an image file at all'))).toBeNull();
  });
});

describe('fitWithin', () => {
  it('keeps the aspect ratio and never enlarges', () => {
    expect(fitWithin({ width: 8000, height: 6000 }, 256)).toEqual({ width: 256, height: 192 });
    expect(fitWithin({ width: 100, height: 400 }, 256)).toEqual({ width: 64, height: 256 });
    expect(fitWithin({ width: 28, height: 28 }, 256)).toEqual({ width: 28, height: 28 });
  });
});

describe('sniffFormat', () => {
  const bytes = (s: string, pad = 16) => {
    const b = new Uint8Array(Math.max(pad, s.length));
    for (let i = 0; i < s.length; i++) b[i] = s.charCodeAt(i);
    return b;
  };
  it('tells the formats a browser decodes from those it cannot, and from what is no image', () => {
    expect(sniffFormat(new Uint8Array([0xff, 0xd8, 0xff, 0xe0]))).toBe('jpeg');
    expect(sniffFormat(bytes('\x89PNG\r\n\x1a\n'))).toBe('png');
    expect(sniffFormat(bytes('RIFF\0\0\0\0WEBPVP8 '))).toBe('webp');
    expect(sniffFormat(bytes('\0\0\0\x18ftypheic\0\0\0\0'))).toBe('heic');
    expect(sniffFormat(bytes('\0\0\0\x1cftypmif1\0\0\0\0'))).toBe('heic');
    expect(sniffFormat(bytes('\0\0\0\x1cftypavif\0\0\0\0'))).toBe('avif');
    expect(sniffFormat(bytes('II*\0'))).toBe('tiff');
    expect(sniffFormat(bytes('this is a text file, named .jpg'))).toBeNull();
    expect(sniffFormat(new Uint8Array(0))).toBeNull();
    expect(unsupportedFormat('heic')).toBe(true);
    expect(unsupportedFormat('jpeg')).toBe(false);
  });
  it('finds a JPEG cut off before its end marker', () => {
    expect(jpegTruncated(new Uint8Array([0x12, 0xff, 0xd9]))).toBe(false);
    expect(jpegTruncated(new Uint8Array([0xff, 0xd9, 0, 0, 0]))).toBe(false); // a trailer after the marker
    expect(jpegTruncated(new Uint8Array([0x12, 0x34, 0xff, 0xd8, 0x00]))).toBe(true);
  });
});

describe('jpegHasExif', () => {
  it('finds an Exif segment before the scan, and only there', () => {
    const app1 = [0xff, 0xe1, 0x00, 0x08, 0x45, 0x78, 0x69, 0x66, 0x00, 0x00]; // APP1 "Exif\0\0"
    const app0 = [0xff, 0xe0, 0x00, 0x06, 0x4a, 0x46, 0x49, 0x46]; // APP0 "JFIF"
    const sos = [0xff, 0xda, 0x00, 0x08, 0, 0, 0, 0, 0, 0, 0, 0];
    expect(jpegHasExif(new Uint8Array([0xff, 0xd8, ...app0, ...app1, ...sos]))).toBe(true);
    expect(jpegHasExif(new Uint8Array([0xff, 0xd8, ...app0, ...sos, ...app1]))).toBe(false);
  });
});
