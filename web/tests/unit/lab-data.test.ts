import { describe, expect, it } from 'vitest';
import { LabData, LabDataMissing, type LabDataSink, type LabIndex } from '../../src/lab/data';

const index: LabIndex = {
  fashion: { file: 'fashion.bin', classes: [], width: 28, height: 28, layout: 'records-784+1', count: 2, train: 1, test: 1, bytes: 1570 },
  farm: { classes: ['cow', 'pig'], files: { cow: ['a.jpg', 'b.jpg'], pig: ['c.jpg'] }, count: 3, bytes: 30 },
};

function setup(files: Record<string, Uint8Array | string>) {
  const fetched: string[] = [];
  const calls: string[] = [];
  const fetcher = async (url: string) => {
    fetched.push(url);
    const name = url.slice('/lab/'.length);
    const body = files[name];
    if (body === undefined) return new Response('', { status: 404 });
    return new Response(typeof body === 'string' ? body : body.slice());
  };
  const sink: LabDataSink = {
    setData: async (name, bytes) => calls.push(`set ${name} ${bytes.byteLength}`),
    addPhoto: async (bytes, label, cls) => calls.push(`photo ${label} ${cls} ${new Uint8Array(bytes)[0]}`),
  };
  return { data: new LabData(sink, '/lab/', fetcher), fetched, calls };
}

describe('LabData', () => {
  it('gives the engine the Fashion-MNIST records once, however many pages ask', async () => {
    const { data, fetched, calls } = setup({ 'index.json': JSON.stringify(index), 'fashion.bin': new Uint8Array(1570) });
    await Promise.all([data.ensureFashion(), data.ensureFashion()]);
    await data.ensureFashion();
    expect(calls).toEqual(['set fashion 1570']);
    expect(fetched).toEqual(['/lab/index.json', '/lab/fashion.bin']);
  });

  it('refuses a truncated Fashion-MNIST file, and tries again on the next call', async () => {
    const files: Record<string, Uint8Array | string> = { 'index.json': JSON.stringify(index), 'fashion.bin': new Uint8Array(100) };
    const { data, calls } = setup(files);
    await expect(data.ensureFashion()).rejects.toThrow(/100 bytes, expected 1570: rebuild/);
    files['fashion.bin'] = new Uint8Array(1570);
    await data.ensureFashion();
    expect(calls).toEqual(['set fashion 1570']);
  });

  it('adds the farm photos with their class index as label, in a stable order, then own photos as look-only', async () => {
    const { data, calls } = setup({ 'index.json': JSON.stringify(index), 'farm/cow/a.jpg': new Uint8Array([1]), 'farm/cow/b.jpg': new Uint8Array([2]), 'farm/pig/c.jpg': new Uint8Array([3]) });
    const photos = await data.ensureFarm();
    expect(photos.map((p) => [p.index, p.label, p.className, p.url])).toEqual([
      [0, 0, 'cow', '/lab/farm/cow/a.jpg'],
      [1, 0, 'cow', '/lab/farm/cow/b.jpg'],
      [2, 1, 'pig', '/lab/farm/pig/c.jpg'],
    ]);
    const own = await data.addOwnPhoto(new Uint8Array([9]).buffer, 'mine.jpg');
    expect(own.index).toBe(3);
    expect(own.label).toBe(-1);
    expect(calls).toEqual(['photo 0 cow 1', 'photo 0 cow 2', 'photo 1 pig 3', 'photo -1 mine.jpg 9']);
    expect((await data.photos()).length).toBe(4);
  });

  it('says what to do when the build has no Lab data', async () => {
    const { data } = setup({ 'index.json': JSON.stringify({ fashion: null, farm: null }) });
    await expect(data.ensureFashion()).rejects.toBeInstanceOf(LabDataMissing);
    await expect(data.ensureFarm()).rejects.toThrow(/farm-animals-6 .* rebuild/);
    const empty = setup({});
    await expect(empty.data.loadIndex()).rejects.toThrow(/HTTP 404.*npm run build/);
  });
});
