import { guardRoute } from "@/app/_auth/guard";
import { getDb } from "@/db/client";
import { csvResponse } from "@/lib/csv/csv-response";
import { dailyCsv } from "@/lib/impact/daily-csv";
import { impactContext } from "@/lib/impact/impact-context";
import { loadImpactReport } from "@/lib/impact/impact-report";
import { impactParamsSchema, resolveImpactRange } from "@/lib/impact/report-params";

export const dynamic = "force-dynamic";

/**
 * CSV of the daily series behind the AI Agent Impact report, with the page's range and channel. Members who can't
 * see the report get 404 (no data, no 403 — 001_… IMPACT-S01-NEG).
 */
export async function GET(request: Request): Promise<Response> {
  const member = await guardRoute("reports");
  if (member instanceof Response) return member.status === 403 ? Response.json({ error: "Not found" }, { status: 404 }) : member;
  const db = await getDb();
  const ctx = await impactContext(db, member);
  if (!ctx) return Response.json({ error: "Not found" }, { status: 404 });
  const params = impactParamsSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const range = resolveImpactRange(params, member.timezone);
  const report = await loadImpactReport(db, {
    orgId: member.orgId,
    channelId: params.channel,
    from: range.from,
    to: range.to,
    timezone: member.timezone,
    businessHoursSet: ctx.org.businessHours.length > 0,
    forecast: false,
    assumption: null,
  });
  return csvResponse(dailyCsv(report.daily, range), "ai-agent-impact-daily");
}
