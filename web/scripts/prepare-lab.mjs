// Prepares the Lab's data at build time into public/lab/ (gitignored; nothing
// here is committed). Unlike the samples, the Lab's data IS precached: every
// Lab page must work offline, so the files are kept small.
//  - fashion.bin: the records `Lab.setData('fashion', bytes)` takes (see
//    docs/lab-api.md): LAB_FASHION_TRAIN images (default 1500) of the
//    Fashion-MNIST training set, then LAB_FASHION_TEST images (default 1000)
//    of its test set. The engine trains on the first n_train records and
//    tests on the last n_test, so they never share an image. Layout: N
//    records of 785 bytes, 28x28 uint8 pixels then the label byte (what
//    Lab::set_data reads; the app's sample file instead keeps all images
//    first, then all labels). Each part is in class round-robin order (label
//    0, 1, ..., 9, 0, 1, ...), so any prefix of the training part and any
//    suffix (of a multiple of 10) of the test part is balanced.
//  - farm/<class>/*.jpg: LAB_PHOTOS_PER_CLASS photos (default 16) per class
//    of <repo>/../shared/data/farm-animals-6 (the first ones by file name;
//    they are Flickr thumbnails, about 6 kB each).
// lab/index.json describes what is present, with byte sizes; a missing
// source is skipped with a note, and the pages that need it say so.

import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

const web = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const repo = resolve(web, '..');
const out = join(web, 'public', 'lab');
const FASHION_DIR = process.env.LAB_FASHION_DIR ?? '/usr/share/datasets/fashion-mnist';
const FARM_DIR = process.env.LAB_FARM_DIR ?? resolve(repo, '..', 'shared', 'data', 'farm-animals-6');

function count(name, fallback) {
  const v = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(v) || v < 10 || v > 10000) throw new Error(`${name} must be a whole number from 10 to 10000 (got ${process.env[name]})`);
  return v;
}

const FASHION_CLASSES = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'];

function readIdx(images, labels) {
  const img = gunzipSync(readFileSync(images));
  const lbl = gunzipSync(readFileSync(labels));
  if (img.readUInt32BE(0) !== 2051 || lbl.readUInt32BE(0) !== 2049) {
    throw new Error(`Fashion-MNIST: unexpected IDX magic number in ${images} or ${labels}`);
  }
  const n = img.readUInt32BE(4);
  if (lbl.readUInt32BE(4) !== n) throw new Error(`Fashion-MNIST: ${images} and ${labels} hold different counts`);
  return { img, lbl, n, rows: img.readUInt32BE(8), cols: img.readUInt32BE(12) };
}

/** Indices of `take` images in class round-robin order, the first ones of each class. */
function roundRobin({ lbl, n }, take) {
  const byClass = Array.from({ length: 10 }, () => []);
  const per = Math.ceil(take / 10);
  for (let i = 0; i < n; i++) {
    const l = lbl[8 + i];
    if (l > 9) throw new Error(`Fashion-MNIST: label ${l} out of range at record ${i}`);
    if (byClass[l].length < per) byClass[l].push(i);
  }
  const picked = [];
  for (let k = 0; picked.length < take; k++) {
    for (let c = 0; c < 10 && picked.length < take; c++) {
      if (k >= byClass[c].length) throw new Error(`Fashion-MNIST: not enough images of class ${c} for ${take}`);
      picked.push(byClass[c][k]);
    }
  }
  return picked;
}

function fashion() {
  const paths = ['train-images-idx3-ubyte.gz', 'train-labels-idx1-ubyte.gz', 't10k-images-idx3-ubyte.gz', 't10k-labels-idx1-ubyte.gz'].map((f) => join(FASHION_DIR, f));
  const missing = paths.filter((p) => !existsSync(p));
  if (missing.length) {
    console.log(`lab: ${missing.join(', ')} not found, no Fashion-MNIST data (the pages that train on it will say so)`);
    return null;
  }
  const parts = [
    { set: readIdx(paths[0], paths[1]), take: count('LAB_FASHION_TRAIN', 1500) },
    { set: readIdx(paths[2], paths[3]), take: count('LAB_FASHION_TEST', 1000) },
  ];
  const px = 28 * 28;
  for (const { set } of parts) if (set.rows * set.cols !== px) throw new Error('Fashion-MNIST: images are not 28x28');
  const records = parts.flatMap(({ set, take }) => roundRobin(set, take).map((i) => ({ set, i })));
  const data = Buffer.alloc(records.length * (px + 1));
  records.forEach(({ set, i }, k) => {
    set.img.copy(data, k * (px + 1), 16 + i * px, 16 + (i + 1) * px);
    data[k * (px + 1) + px] = set.lbl[8 + i];
  });
  writeFileSync(join(out, 'fashion.bin'), data);
  console.log(`lab: fashion-mnist, ${parts[0].take} training then ${parts[1].take} test images (${(data.length / 1024).toFixed(0)} kB)`);
  return { file: 'fashion.bin', classes: FASHION_CLASSES, width: 28, height: 28, layout: 'records-784+1', count: records.length, train: parts[0].take, test: parts[1].take, bytes: data.length };
}

function farm() {
  if (!existsSync(FARM_DIR)) {
    console.log(`lab: ${FARM_DIR} not found, no farm photos (the farm-photo pages will say so)`);
    return null;
  }
  const perClass = count('LAB_PHOTOS_PER_CLASS', 16);
  const dest = join(out, 'farm');
  const classes = readdirSync(FARM_DIR).filter((d) => statSync(join(FARM_DIR, d)).isDirectory()).sort();
  const files = {};
  let bytes = 0;
  let total = 0;
  for (const cls of classes) {
    if (!/^[\w-]+$/.test(cls)) throw new Error(`lab: class folder name "${cls}" must be letters, digits, - or _`);
    const list = readdirSync(join(FARM_DIR, cls)).filter((f) => /\.(jpe?g|png)$/i.test(f)).sort().slice(0, perClass);
    mkdirSync(join(dest, cls), { recursive: true });
    for (const f of list) {
      copyFileSync(join(FARM_DIR, cls, f), join(dest, cls, f));
      bytes += statSync(join(FARM_DIR, cls, f)).size;
    }
    files[cls] = list;
    total += list.length;
  }
  console.log(`lab: farm-animals-6, ${total} photos in ${classes.length} classes (${(bytes / 1024).toFixed(0)} kB)`);
  return { classes, files, count: total, bytes };
}

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'index.json'), JSON.stringify({ fashion: fashion(), farm: farm() }));
