// Messages of the decode worker, which turns picked files into small
// stored photos off the main thread.

/** Why a file was not imported (the page translates each). */
export type SkipReason = 'empty' | 'not-image' | 'damaged' | 'unsupported' | 'too-small';

export type DecodeRequest =
  | { id: number; type: 'file'; file: Blob; maxSide: number; thumbSide: number; minSide: number }
  | { id: number; type: 'hash'; file: Blob }
  | { id: number; type: 'gray'; pixels: ArrayBuffer; width: number; height: number; thumbSide: number };

export type DecodeResponse =
  | { id: number; type: 'ok'; image: Blob; thumb: Blob; width: number; height: number }
  | { id: number; type: 'hash'; hash: string }
  | { id: number; type: 'error'; reason: SkipReason; message: string };
