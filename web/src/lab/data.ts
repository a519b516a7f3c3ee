// The Lab's data, prepared by the build (scripts/prepare-lab.mjs) into
// public/lab/ and precached, handed to the Lab engine on first need: the
// Fashion-MNIST records (pages 10-14) and the farm sample photos (pages 16,
// 17). Each is loaded at most once per engine instance; the bytes are
// transferred to the worker, not copied. Nothing is downloaded from outside.

import { lt } from './text';

export interface LabIndex {
  fashion: {
    file: string;
    classes: string[];
    width: number;
    height: number;
    /** N records of 784 pixels + 1 label byte. */
    layout: 'records-784+1';
    count: number;
    train: number;
    test: number;
    bytes: number;
  } | null;
  farm: { classes: string[]; files: Record<string, string[]>; count: number; bytes: number } | null;
}

/** What the Lab data needs of the engine client (LabClient provides it; buffers are transferred). */
export interface LabDataSink {
  setData(name: string, bytes: ArrayBuffer): Promise<unknown>;
  addPhoto(bytes: ArrayBuffer, label: number, className: string): Promise<unknown>;
}

/** A photo the engine holds: `index` is the `photo=` value of pages 16 and 17. */
export interface LabPhoto {
  index: number;
  label: number;
  className: string;
  url: string;
}

export class LabDataMissing extends Error {}

type Fetch = (url: string) => Promise<Response>;

export class LabData {
  private index?: Promise<LabIndex>;
  private fashion?: Promise<void>;
  private farm?: Promise<LabPhoto[]>;
  private own: LabPhoto[] = [];

  constructor(
    private readonly sink: LabDataSink,
    private readonly base: string = `${import.meta.env.BASE_URL}lab/`,
    private readonly fetcher: Fetch = (url) => fetch(url),
  ) {}

  private async bytes(file: string): Promise<ArrayBuffer> {
    const res = await this.fetcher(this.base + file);
    if (!res.ok) throw new LabDataMissing(`Lab data ${file} could not be read (HTTP ${res.status}): rebuild the app with \`npm run build\`, which prepares it.`);
    return res.arrayBuffer();
  }

  loadIndex(): Promise<LabIndex> {
    this.index ??= this.bytes('index.json').then((b) => JSON.parse(new TextDecoder().decode(b)) as LabIndex);
    this.index.catch(() => (this.index = undefined));
    return this.index;
  }

  /** Gives the engine the Fashion-MNIST records once; later calls wait for the same load. */
  ensureFashion(): Promise<void> {
    this.fashion ??= (async () => {
      const { fashion } = await this.loadIndex();
      if (!fashion) throw new LabDataMissing('This build has no Fashion-MNIST data for the Lab: install the dataset-fashion-mnist package and rebuild.');
      const data = await this.bytes(fashion.file);
      if (data.byteLength !== fashion.bytes) throw new LabDataMissing(`Lab data ${fashion.file} is ${data.byteLength} bytes, expected ${fashion.bytes}: rebuild the app.`);
      await this.sink.setData('fashion', data);
    })();
    this.fashion.catch(() => (this.fashion = undefined));
    return this.fashion;
  }

  /** Gives the engine the farm sample photos once (label = class index); returns them in engine order. */
  ensureFarm(): Promise<LabPhoto[]> {
    this.farm ??= (async () => {
      const { farm } = await this.loadIndex();
      if (!farm) throw new LabDataMissing('This build has no farm sample photos for the Lab: put farm-animals-6 under ../shared/data and rebuild.');
      const photos: LabPhoto[] = farm.classes.flatMap((cls, label) =>
        farm.files[cls]!.map((f) => ({ index: 0, label, className: cls, url: this.base + `farm/${cls}/${f}` })));
      photos.forEach((p, i) => (p.index = i));
      // Fetched at once (the precache answers quickly); handed over in order,
      // which the worker keeps, so the engine's indices match `photos`.
      const bytes = await Promise.all(photos.map((p) => this.bytes(p.url.slice(this.base.length))));
      await Promise.all(photos.map((p, i) => this.sink.addPhoto(bytes[i]!, p.label, p.className)));
      return photos;
    })();
    this.farm.catch(() => (this.farm = undefined));
    return this.farm;
  }

  /**
   * Adds the user's own photo as a look-only photo (label -1: never trained
   * on). The farm photos are loaded first so the indices stay stable.
   */
  async addOwnPhoto(bytes: ArrayBuffer, name: string): Promise<LabPhoto> {
    const farm = await this.ensureFarm();
    const url = URL.createObjectURL(new Blob([bytes.slice(0)]));
    await this.sink.addPhoto(bytes, -1, name);
    const photo = { index: farm.length + this.own.length, label: -1, className: name, url };
    this.own.push(photo);
    return photo;
  }

  /** Every photo the engine holds, farm photos first, in engine order. */
  async photos(): Promise<LabPhoto[]> {
    return [...(await this.ensureFarm()), ...this.own];
  }
}

const perClient = new WeakMap<LabDataSink, LabData>();

/** The data loader of one engine client (each engine instance needs the data once). */
export function labData(lab: LabDataSink): LabData {
  let d = perClient.get(lab);
  if (!d) {
    d = new LabData(lab);
    perClient.set(lab, d);
  }
  return d;
}

/**
 * Hands the Fashion-MNIST records to the lab's engine, saying so in
 * `status`; false, with the reason shown there, when they cannot be had.
 */
export async function fashionReady(lab: LabDataSink, status: HTMLElement): Promise<boolean> {
  try {
    status.textContent = lt('optimizers.loadingData');
    await labData(lab).ensureFashion();
    return true;
  } catch (e) {
    status.textContent = e instanceof Error ? e.message : String(e);
    status.className = 'lab-status error';
    return false;
  }
}
