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
