import { and, desc, eq, gte, lt, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { auditLog } from "@/db/schema";
import { endOfLocalDay, startOfLocalDay } from "@/lib/time/local-day";
import { AUDIT_AREAS } from "./record-audit";

const first = (v: unknown) => (Array.isArray(v) ? v[0] : v);
export const AUDIT_PAGE_SIZE = 50;

/**
 * Audit log filters from URL search params (actor, area, local from/to dates, page). Malformed values fall back to
 * "no filter" so a hand-edited URL still shows the log.
 */
export const auditParamsSchema = z.object({
  actor: z.preprocess(first, z.uuid().optional().catch(undefined)),
  area: z.preprocess(first, z.enum(AUDIT_AREAS).optional().catch(undefined)),
  from: z.preprocess(first, z.iso.date().optional().catch(undefined)),
  to: z.preprocess(first, z.iso.date().optional().catch(undefined)),
  page: z.preprocess(first, z.coerce.number().int().min(1).max(100_000).catch(1)).default(1),
});

export type AuditParams = z.infer<typeof auditParamsSchema>;

function where(orgId: string, p: AuditParams, timezone: string): SQL | undefined {
  return and(
    eq(auditLog.orgId, orgId),
    p.actor ? eq(auditLog.actorUserId, p.actor) : undefined,
    p.area ? eq(auditLog.area, p.area) : undefined,
    p.from ? gte(auditLog.createdAt, startOfLocalDay(p.from, timezone)) : undefined,
    p.to ? lt(auditLog.createdAt, endOfLocalDay(p.to, timezone)) : undefined,
  );
}

const columns = {
  id: auditLog.id,
  createdAt: auditLog.createdAt,
  actorUserId: auditLog.actorUserId,
  actorName: auditLog.actorName,
  area: auditLog.area,
  action: auditLog.action,
  targetLabel: auditLog.targetLabel,
  changes: auditLog.changes,
};

/**
 * One page of the org's audit log, newest first, with the total matching count.
 * @param timezone the org's zone: `from`/`to` are local dates, inclusive
 */
export async function listAudit(db: Db, { orgId, params, timezone }: { orgId: string; params: AuditParams; timezone: string }) {
  const filter = where(orgId, params, timezone);
  const [rows, [count]] = await Promise.all([
    db.select(columns).from(auditLog).where(filter).orderBy(desc(auditLog.id)).limit(AUDIT_PAGE_SIZE).offset((params.page - 1) * AUDIT_PAGE_SIZE),
    db.select({ total: sql<number>`count(*)::int` }).from(auditLog).where(filter),
  ]);
  return { rows, total: count?.total ?? 0 };
}

export type AuditRow = Awaited<ReturnType<typeof listAudit>>["rows"][number];

/** Every matching entry (for CSV export), newest first, capped at 50,000 rows. */
export function exportAudit(db: Db, { orgId, params, timezone }: { orgId: string; params: AuditParams; timezone: string }) {
  return db.select(columns).from(auditLog).where(where(orgId, params, timezone)).orderBy(desc(auditLog.id)).limit(50_000);
}

/** `{field: {from, to}}` as one readable line: `role: agent → supervisor; capacity: 5 → 8`. */
export function describeChanges(changes: Record<string, { from: unknown; to: unknown }>): string {
  const show = (v: unknown) => (v === null || v === undefined ? "—" : typeof v === "string" ? v : JSON.stringify(v));
  return Object.entries(changes)
    .map(([field, { from, to }]) => `${field}: ${show(from)} → ${show(to)}`)
    .join("; ");
}
