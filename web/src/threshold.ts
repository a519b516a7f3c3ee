// The model's "not sure" threshold as shown on every screen (Results, Check a
// photo): one decimal, like the probabilities beside it. A probability below
// the threshold never shows above it (rounding keeps the order), but the two
// can round to the same figure ("56.2% ... less confident than 56.2%"): then
// the threshold gets as many more decimals as it takes to tell them apart.

export function thresholdPercent(threshold: number, shown: readonly number[] = []): string {
  if (!Number.isFinite(threshold)) return '–';
  const fmt = (x: number, digits: number) => `${(x * 100).toFixed(digits)}%`;
  let digits = 1;
  while (digits < 4 && shown.some((p) => p !== threshold && fmt(p, digits) === fmt(threshold, digits))) digits++;
  return fmt(threshold, digits);
}
