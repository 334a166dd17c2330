import type { Db } from "@/db/client";
import { aggregateDaily } from "@/lib/impact/aggregate-daily";
import { localToday } from "@/lib/time/local-day";
import { type HistoryParams, simulateHistory } from "./simulate-history";

/**
 * Gives an org its simulated conversation history (lib/demo/simulate-history.ts) and builds its impact datamart over
 * that history up to today, so the AI Agent Impact report, its trend and forecast have content (`npm run demo`, the
 * e2e server).
 * @returns what the simulator wrote and the datamart rows built
 */
export async function seedImpactHistory(
  db: Db,
  { orgId, timezone, params, now = new Date() }: { orgId: string; timezone: string; params?: Partial<HistoryParams>; now?: Date },
): Promise<{ conversations: number; messages: number; from: string; to: string; datamartRows: number }> {
  const written = await simulateHistory(db, { orgId, now, params });
  const [built] = await aggregateDaily(db, { orgId, range: { from: written.from, to: localToday(timezone, now) }, now });
  return { ...written, datamartRows: built?.rows ?? 0 };
}
