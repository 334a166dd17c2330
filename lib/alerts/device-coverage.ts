/**
 * Who can receive a push (issue 18 item 6; seed 003 open questions 2 and 4): the members alerts can go to — the org's
 * active supervisors, admins and owners (agents never receive alerts, `./recipients.ts`), marked when named as a
 * recipient in Settings › Alerts — with how many devices each has registered and when a push last reached one. Someone with no device learns of an alert only from the feed.
 */
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { executeRows } from "@/db/execute-rows";
import { rolesWith, type Role } from "@/lib/auth/roles";

export type CoverageRow = { userId: string; name: string; role: Role; devices: number; lastDeliveredAt: Date | null; explicitRecipient: boolean };

/**
 * The org's alert audience and their devices, those without a device first, then by name.
 * @returns one row per member who can be sent an alert
 */
export async function deviceCoverage(db: Db, { orgId }: { orgId: string }): Promise<CoverageRow[]> {
  const monitoringRoles = rolesWith("monitoring");
  const rows = await executeRows<{ user_id: string; name: string; role: Role; devices: number; last_delivered_at: string | Date | null; explicit: boolean }>(
    db,
    sql`SELECT u.id AS user_id, u.name, m.role, count(ps.id)::int AS devices, max(ps.last_success_at) AS last_delivered_at,
          EXISTS (SELECT 1 FROM alert_recipients r WHERE r.org_id = m.org_id AND r.user_id = m.user_id) AS explicit
        FROM memberships m
        JOIN users u ON u.id = m.user_id
        LEFT JOIN push_subscriptions ps ON ps.user_id = m.user_id
        WHERE m.org_id = ${orgId} AND m.status = 'active'
          AND m.role::text IN (${sql.join(monitoringRoles.map((r) => sql`${r}`), sql`, `)})
        GROUP BY u.id, u.name, m.role, m.org_id, m.user_id
        ORDER BY count(ps.id) = 0 DESC, u.name`,
  );
  return rows.map((r) => ({
    userId: r.user_id,
    name: r.name,
    role: r.role,
    devices: Number(r.devices),
    lastDeliveredAt: r.last_delivered_at === null ? null : new Date(r.last_delivered_at),
    explicitRecipient: Boolean(r.explicit),
  }));
}
