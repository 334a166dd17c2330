/**
 * Whole-number percentages that sum to exactly 100 (largest-remainder method), for the blended journey bar
 * (001_… IMPACT-S02 AC-1: the three segments sum to 100 %).
 * @param counts non-negative counts
 * @returns one integer percentage per count (all 0 when the counts sum to 0)
 */
export function percentagesSummingTo100(counts: readonly number[]): number[] {
  const total = counts.reduce((a, b) => a + b, 0);
  if (total <= 0) return counts.map(() => 0);
  const exact = counts.map((c) => (c / total) * 100);
  const floors = exact.map(Math.floor);
  let left = 100 - floors.reduce((a, b) => a + b, 0);
  const order = exact.map((e, i) => ({ i, rest: e - Math.floor(e) })).sort((a, b) => b.rest - a.rest || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    floors[i]! += 1;
    left -= 1;
  }
  return floors;
}

/**
 * Whole-number percentages that sum to exactly 100 where the first equals `Math.round(first ÷ total × 100)` — the
 * same rounding the headline and the containment tile use, so the bar's "AI resolved alone" never differs from the
 * headline by a point (issue 15 item 4). The other segments share the remaining points by largest remainder.
 * @param counts non-negative counts, the first being the headline's numerator
 * @returns one integer percentage per count (all 0 when the counts sum to 0)
 */
export function percentagesKeepingFirst(counts: readonly number[]): number[] {
  const total = counts.reduce((a, b) => a + b, 0);
  if (total <= 0 || counts.length === 0) return counts.map(() => 0);
  const first = Math.round((counts[0]! / total) * 100);
  const rest = counts.slice(1);
  const restTotal = rest.reduce((a, b) => a + b, 0);
  if (restTotal <= 0) return [100, ...rest.map(() => 0)];
  const left = 100 - first;
  const exact = rest.map((c) => (c / restTotal) * left);
  const floors = exact.map(Math.floor);
  let spare = left - floors.reduce((a, b) => a + b, 0);
  const order = exact.map((e, i) => ({ i, r: e - Math.floor(e) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of order) {
    if (spare <= 0) break;
    floors[i]! += 1;
    spare -= 1;
  }
  return [first, ...floors];
}
