// Prepares the sample projects at build time into public/samples/ (which
// is gitignored; nothing here is committed):
//  - farm-animals-6: a subset of the photos in <repo>/../shared/data
//    (SAMPLES_PER_CLASS, default 60, the first ones by file name);
//  - fashion-mnist: 100 images per class of the test set in
//    /usr/share/datasets/fashion-mnist, as raw 28x28 uint8 images followed
//    by one label byte each (data.bin).
// Each sample gets an index.json; samples/index.json lists those present.
// A missing source is skipped with a note: the app then offers fewer samples.

import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

const web = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const repo = resolve(web, '..');
const out = join(web, 'public', 'samples');
const perClass = Number(process.env.SAMPLES_PER_CLASS ?? 60);
const samples = [];

mkdirSync(out, { recursive: true });

function farm() {
  const src = resolve(repo, '..', 'shared', 'data', 'farm-animals-6');
  if (!existsSync(src)) return console.log(`samples: ${src} not found, no farm sample`);
  const dest = join(out, 'farm-animals-6');
  rmSync(dest, { recursive: true, force: true });
  const classes = readdirSync(src).filter((d) => statSync(join(src, d)).isDirectory()).sort();
  const files = {};
  let count = 0;
  for (const cls of classes) {
    const list = readdirSync(join(src, cls)).filter((f) => /\.(jpe?g|png|webp)$/i.test(f)).sort().slice(0, perClass);
    mkdirSync(join(dest, cls), { recursive: true });
    for (const f of list) copyFileSync(join(src, cls, f), join(dest, cls, f));
    files[cls] = list;
    count += list.length;
  }
  writeFileSync(join(dest, 'index.json'), JSON.stringify({ classes, files }));
  samples.push({ id: 'farm-animals-6', kind: 'photos', classes, count });
  console.log(`samples: farm-animals-6, ${count} photos in ${classes.length} classes`);
}

const FASHION = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'];

function fashion() {
  const dir = '/usr/share/datasets/fashion-mnist';
  const imgPath = join(dir, 't10k-images-idx3-ubyte.gz');
  const lblPath = join(dir, 't10k-labels-idx1-ubyte.gz');
  if (!existsSync(imgPath) || !existsSync(lblPath)) return console.log(`samples: ${dir} not found, no Fashion-MNIST sample`);
  const img = gunzipSync(readFileSync(imgPath));
  const lbl = gunzipSync(readFileSync(lblPath));
  if (img.readUInt32BE(0) !== 2051 || lbl.readUInt32BE(0) !== 2049) throw new Error('Fashion-MNIST: unexpected IDX magic number');
  const n = img.readUInt32BE(4);
  const rows = img.readUInt32BE(8);
  const cols = img.readUInt32BE(12);
  const px = rows * cols;
  const take = Math.min(100, perClass * 2);
  const picked = [];
  const per = new Array(10).fill(0);
  for (let i = 0; i < n && picked.length < take * 10; i++) {
    const l = lbl[8 + i];
    if (per[l] < take) {
      per[l]++;
      picked.push(i);
    }
  }
  const data = Buffer.alloc(picked.length * (px + 1));
  picked.forEach((i, k) => {
    img.copy(data, k * px, 16 + i * px, 16 + (i + 1) * px);
    data[picked.length * px + k] = lbl[8 + i];
  });
  const dest = join(out, 'fashion-mnist');
  rmSync(dest, { recursive: true, force: true });
  mkdirSync(dest, { recursive: true });
  writeFileSync(join(dest, 'data.bin'), data);
  writeFileSync(join(dest, 'index.json'), JSON.stringify({ classes: FASHION, data: 'data.bin', width: cols, height: rows, count: picked.length }));
  samples.push({ id: 'fashion-mnist', kind: 'grayscale', classes: FASHION, count: picked.length });
  console.log(`samples: fashion-mnist, ${picked.length} images`);
}

farm();
fashion();
writeFileSync(join(out, 'index.json'), JSON.stringify({ samples }));
