/** Command-line options shared by the benchmark scripts. */

/** The value after `name` on the command line, or undefined. */
export function option(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/** A whole-number option ≥ `min` (default `fallback`); exits 2 with a message on a bad value. */
export function intOption(name: string, fallback: number, min: number): number {
  const raw = option(name);
  const n = raw === undefined ? fallback : Number(raw);
  if (!Number.isInteger(n) || n < min) {
    console.error(`${name} must be a whole number ≥ ${min} (got ${raw})`);
    process.exit(2);
  }
  return n;
}

/**
 * The database a benchmark runs on: `--db pglite|postgres`, else PostgreSQL when BENCH_DATABASE_URL, TEST_DATABASE_URL
 * or DATABASE_URL is set, else PGlite. Exits 2 on a bad or unsatisfiable choice.
 */
export function benchDatabase(): { driver: "postgres"; source: string } | { driver: "pglite"; source: undefined } {
  const source = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
  const driver = option("--db") ?? (source ? "postgres" : "pglite");
  if (driver !== "postgres" && driver !== "pglite") {
    console.error(`--db must be pglite or postgres (got ${driver})`);
    process.exit(2);
  }
  if (driver === "postgres" && !source) {
    console.error("--db postgres needs BENCH_DATABASE_URL, TEST_DATABASE_URL or DATABASE_URL (a local PostgreSQL server)");
    process.exit(2);
  }
  return driver === "postgres" ? { driver, source: source! } : { driver, source: undefined };
}
