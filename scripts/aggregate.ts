/**
 * `npm run aggregate -- [--from YYYY-MM-DD --to YYYY-MM-DD] [--org <uuid>]`: recomputes the impact datamart with the
 * same function the hourly Inngest job runs — the last 3 local days of every org by default, or a backfill range.
 */
import { openConfiguredDb } from "@/db/client";
import { aggregateDaily } from "@/lib/impact/aggregate-daily";
import { errorMessage } from "@/lib/errors/error-message";

const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const from = arg("--from");
const to = arg("--to");
if (Boolean(from) !== Boolean(to)) {
  console.error("Give both --from and --to (YYYY-MM-DD), or neither for the last 3 days.");
  process.exit(2);
}
const handle = await openConfiguredDb();
try {
  const started = performance.now();
  const result = await aggregateDaily(handle.db, { orgId: arg("--org"), range: from && to ? { from, to } : undefined });
  for (const r of result) console.log(`${r.orgId}: ${r.from} … ${r.to} → ${r.rows} channel-days`);
  console.log(`done in ${((performance.now() - started) / 1000).toFixed(2)} s`);
} catch (error) {
  console.error(errorMessage(error));
  process.exitCode = 1;
} finally {
  await handle.close();
}
