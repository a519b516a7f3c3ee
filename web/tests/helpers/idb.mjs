// Reads the app's IndexedDB from an e2e test: every record of one store,
// without the large binary fields (photo images, thumbnails, model bytes).

/** Every record of `store` of the app's database, read in `page`. */
export function storedRecords(page, store) {
  return page.evaluate(async (name) => {
    const db = await new Promise((res, rej) => {
      const r = indexedDB.open('barnlab');
      r.onsuccess = () => res(r.result);
      r.onerror = () => rej(r.error);
    });
    const all = await new Promise((res) => {
      const q = db.transaction(name).objectStore(name).getAll();
      q.onsuccess = () => res(q.result);
    });
    db.close();
    return all.map(({ image: _i, thumb: _t, bytes: _b, ...meta }) => meta);
  }, store);
}

/**
 * Holds `store` of the app's database with a read-write transaction of its
 * own, kept alive by one small request after another, so the app's writes
 * to it wait as on a slow disk. Resolves to a function that lets them through.
 */
export async function holdStore(page, store) {
  await page.evaluate((name) => new Promise((resolve, reject) => {
    const r = indexedDB.open('barnlab');
    r.onerror = () => reject(r.error);
    r.onsuccess = () => {
      const db = r.result;
      const tx = db.transaction(name, 'readwrite');
      const held = (window.__held = { release: false });
      const spin = () => {
        if (!held.release) tx.objectStore(name).count().onsuccess = spin;
      };
      spin();
      tx.oncomplete = () => db.close();
      resolve();
    };
  }), store);
  return () => page.evaluate(() => { window.__held.release = true; });
}

