// Pictures made in the page for e2e tests: a linear gradient drawn on an
// OffscreenCanvas and encoded by the browser.

/** The encoded bytes (a Buffer) of a `width` x `height` gradient from colour `from` to `to`. */
export async function gradientImage(page, { width = 96, height = 96, from = '#777', to = '#888', type = 'image/png' } = {}) {
  const bytes = await page.evaluate(async (o) => {
    const c = new OffscreenCanvas(o.width, o.height);
    const g = c.getContext('2d');
    const grad = g.createLinearGradient(0, 0, o.width, o.height);
    grad.addColorStop(0, o.from);
    grad.addColorStop(1, o.to);
    g.fillStyle = grad;
    g.fillRect(0, 0, o.width, o.height);
    return Array.from(new Uint8Array(await (await c.convertToBlob({ type: o.type })).arrayBuffer()));
  }, { width, height, from, to, type });
  return Buffer.from(bytes);
}
