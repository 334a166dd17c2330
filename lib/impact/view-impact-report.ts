/**
 * One view of the impact report as the page makes it (001_… §8 Behavior 1, §11): loads the report within the
 * {@link REPORT_TIMEOUT_MS} budget and records the view's events — `impact_report_viewed`, and
 * `impact_report_baseline_forming` / `impact_forecast_rendered` when those render — or, when the read fails or runs
 * over budget, `impact_report_load_failed` with the reason and latency (IMPACT-S01 ERR-1). Event writes never fail
 * the view.
 */
import type { Db } from "@/db/client";
import type { Role } from "@/lib/auth/roles";
import { recordEvent } from "@/lib/events/record-event";
import type { CostAssumption } from "./cost-assumption";
import { type ImpactReport, loadImpactReport } from "./impact-report";
import { errorMessage } from "@/lib/errors/error-message";

/** The seed's budget: a read slower than this shows the Error state (ERR-1, "exceeds the 3s p95 budget"). */
export const REPORT_TIMEOUT_MS = 3_000;

export type ImpactView = { ok: true; report: ImpactReport } | { ok: false; reason: "timeout" | "query_failed"; latencyMs: number };

class ReportTimeout extends Error {}

async function record(db: Db, orgId: string, userId: string, name: string, properties: Record<string, unknown>) {
  try {
    await recordEvent(db, { orgId, userId, name, properties: { org_id: orgId, ...properties, timestamp: new Date().toISOString() } });
  } catch (error) {
    console.error(`[impact] could not record ${name}:`, errorMessage(error));
  }
}

/**
 * Loads the report for a member who may see it (the caller checked {@link impactAccess}) and records the events.
 * @param params.rangeLabel the `date_range` property, e.g. `30` or `2026-01-01..2026-03-31`
 * @param params.timeoutMs override of the budget (benchmarks, tests)
 * @returns the report, or `{ ok: false, reason, latencyMs }` — never throws for a failed read
 */
export async function viewImpactReport(
  db: Db,
  params: {
    member: { orgId: string; userId: string; role: Role; timezone: string };
    channelId?: string;
    from: string;
    to: string;
    rangeLabel: string;
    businessHoursSet: boolean;
    forecast: boolean;
    assumption: Pick<CostAssumption, "agentHourRate" | "minutesPerConversation"> | null;
    timeoutMs?: number;
    now?: Date;
  },
): Promise<ImpactView> {
  const { member } = params;
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new ReportTimeout()), params.timeoutMs ?? REPORT_TIMEOUT_MS);
    });
    const load = loadImpactReport(db, {
      orgId: member.orgId,
      channelId: params.channelId,
      from: params.from,
      to: params.to,
      timezone: member.timezone,
      businessHoursSet: params.businessHoursSet,
      forecast: params.forecast,
      assumption: params.assumption,
      now: params.now,
    });
    load.catch(() => undefined); // a late failure after a timeout is already reported
    const report = await Promise.race([load, timeout]);
    await record(db, member.orgId, member.userId, "impact_report_viewed", {
      role: member.role,
      date_range: params.rangeLabel,
      has_forecast: report.forecast !== null,
    });
    if (report.baselineForming) {
      await record(db, member.orgId, member.userId, "impact_report_baseline_forming", {
        days_of_data: report.daysOfData,
        conversation_count: report.totals.conversations,
      });
    }
    if (report.forecast) {
      await record(db, member.orgId, member.userId, "impact_forecast_rendered", {
        projected_containment: Number(report.forecast.projected.toFixed(4)),
        baseline_containment: report.trend.baseline?.value == null ? null : Number(report.trend.baseline.value.toFixed(4)),
      });
    }
    return { ok: true, report };
  } catch (error) {
    const latencyMs = Math.round(performance.now() - started);
    const reason = error instanceof ReportTimeout ? "timeout" : "query_failed";
    if (reason === "query_failed") console.error("[impact] report query failed:", errorMessage(error));
    await record(db, member.orgId, member.userId, "impact_report_load_failed", { reason, latency_ms: latencyMs });
    return { ok: false, reason, latencyMs };
  } finally {
    clearTimeout(timer);
  }
}
