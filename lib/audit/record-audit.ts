import type { Db } from "@/db/client";
import { auditLog, auditAreaEnum } from "@/db/schema";

export type AuditArea = (typeof auditAreaEnum.enumValues)[number];
export const AUDIT_AREAS = auditAreaEnum.enumValues;

/** Who acted: a member of the org (name kept as it was at the time). */
export type Actor = { userId: string; name: string; orgId: string };

export type Changes = Record<string, { from: unknown; to: unknown }>;

/**
 * Appends one audit entry. Call it inside the transaction that makes the change, so a change and its
 * audit entry are written together or not at all.
 * @param input.action dotted verb, e.g. `member.role_changed`
 * @param input.changes `{ field: { from, to } }` — never put secrets here
 */
export async function recordAudit(
  db: Db,
  input: { actor: Actor; area: AuditArea; action: string; targetId?: string; targetLabel?: string; changes?: Changes },
): Promise<void> {
  await db.insert(auditLog).values({
    orgId: input.actor.orgId,
    actorUserId: input.actor.userId,
    actorName: input.actor.name,
    area: input.area,
    action: input.action,
    targetId: input.targetId ?? null,
    targetLabel: input.targetLabel ?? null,
    changes: input.changes ?? {},
  });
}

/**
 * The fields whose value differs between `before` and `after` (compared as JSON), as audit `changes`.
 * @returns `{}` when nothing changed
 */
export function diffFields<T extends Record<string, unknown>>(before: T, after: Partial<T>): Changes {
  const changes: Changes = {};
  for (const key of Object.keys(after)) {
    const from = before[key];
    const to = after[key];
    if (JSON.stringify(from) !== JSON.stringify(to)) changes[key] = { from, to };
  }
  return changes;
}
