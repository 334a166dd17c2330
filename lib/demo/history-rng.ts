/**
 * The demo history's seeded pseudo-random draws (lib/demo/simulate-history.ts): the same seed gives the same
 * sequence, so a re-run with the same seed and clock writes the same history.
 */
import seedrandom from "seedrandom";

/** Draws on a seeded PRNG. */
export class Rng {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = seedrandom(String(seed));
  }
  float(): number {
    return this.next();
  }
  /** uniform real in [min, max) */
  between(min: number, max: number): number {
    return min + (max - min) * this.next();
  }
  /** uniform integer in [min, max] */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }
  /** an index drawn with probability proportional to its weight */
  weighted(w: readonly number[]): number {
    const total = w.reduce((a, b) => a + b, 0);
    let u = this.next() * total;
    for (let i = 0; i < w.length; i++) {
      u -= w[i]!;
      if (u < 0) return i;
    }
    return w.length - 1;
  }
  /** Box–Muller */
  normal(mean: number, sd: number): number {
    const u = 1 - this.next();
    const v = this.next();
    return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
  /** Poisson count (Knuth below 30, normal approximation above) */
  poisson(mean: number): number {
    if (mean <= 0) return 0;
    if (mean >= 30) return Math.max(0, Math.round(this.normal(mean, Math.sqrt(mean))));
    const limit = Math.exp(-mean);
    let k = 0;
    let p = this.next();
    while (p > limit) {
      k++;
      p *= this.next();
    }
    return k;
  }
}
