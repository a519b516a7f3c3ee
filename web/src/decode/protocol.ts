// Messages of the decode worker, which turns picked files into small
// stored photos off the main thread.

export type DecodeRequest =
  | { id: number; type: 'file'; file: Blob; maxSide: number; thumbSide: number }
  | { id: number; type: 'gray'; pixels: ArrayBuffer; width: number; height: number; thumbSide: number };

export type DecodeResponse =
  | { id: number; type: 'ok'; image: Blob; thumb: Blob; width: number; height: number; /** dHash (quality/dhash.ts) */ hash: string }
  | { id: number; type: 'error'; message: string };
