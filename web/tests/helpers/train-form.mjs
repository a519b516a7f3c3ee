// Sets the training form's epochs from an e2e test or a bench script. The
// form is drawn again when the engine's time estimates arrive, which can
// undo a value typed just before: type it again until it holds.
export async function setEpochs(page, n) {
  const box = page.getByTestId('epochs');
  for (let i = 0; i < 20 && (await box.inputValue()) !== String(n); i++) {
    await box.fill(String(n));
    await box.dispatchEvent('change');
    await page.waitForTimeout(500);
  }
  if ((await box.inputValue()) !== String(n)) throw new Error(`the epochs box does not keep ${n}`);
}
