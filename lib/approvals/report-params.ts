import { dateRangeParamsSchema, resolveDateRange, type ResolvedRange } from "@/lib/time/date-range-params";

export const APPROVAL_RANGE_PRESETS = ["7", "30", "90"] as const;
/** URL params of the approvals report (`range`, `from`, `to`); bad values fall back to the last 30 days. */
export const approvalReportParamsSchema = dateRangeParamsSchema(APPROVAL_RANGE_PRESETS, "30");
export type ApprovalReportParams = ReturnType<typeof approvalReportParamsSchema.parse>;

/** The local days selected (custom ranges capped at 366 days, ending today at the latest). */
export function resolveApprovalRange(params: ApprovalReportParams, timezone: string, now = new Date()): ResolvedRange {
  return resolveDateRange(params, timezone, { defaultDays: 30, maxDays: 366 }, now);
}
