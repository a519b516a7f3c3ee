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
