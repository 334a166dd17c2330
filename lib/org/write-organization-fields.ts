import { eq, getTableColumns } from "drizzle-orm";
import type { Db } from "@/db/client";
import { organizations, type Organization } from "@/db/schema";
import { diffFields, recordAudit, type AuditArea } from "@/lib/audit/record-audit";
import type { Membership } from "@/lib/auth/sessions";
import { UserError } from "@/lib/errors/user-error";
import { say } from "@/lib/i18n/language-scope";

type OrgFields = Partial<Omit<Organization, "id" | "slug" | "createdAt" | "updatedAt">>;

/**
 * Writes `next` onto the actor's organization with one audit entry, in one transaction (the row is locked while
 * compared, so concurrent saves are applied one after the other and each audit entry shows a real before/after).
 * @returns the names of the fields that changed (nothing is written when none did)
 * @throws UserError 404 if the organization is gone
 */
export async function writeOrganizationFields(
  db: Db,
  { actor, next, area, action, targetLabel }: { actor: Membership; next: OrgFields; area: AuditArea; action: string; targetLabel?: string },
): Promise<string[]> {
  const all = getTableColumns(organizations);
  const columns = Object.fromEntries(Object.keys(next).map((k) => [k, all[k as keyof typeof all]]));
  return db.transaction(async (tx) => {
    const [before] = await tx.select(columns).from(organizations).where(eq(organizations.id, actor.orgId)).for("update");
    if (!before) throw new UserError(say("org.notFound"), 404);
    const changes = diffFields(before as Record<string, unknown>, next as Record<string, unknown>);
    if (Object.keys(changes).length === 0) return [];
    await tx.update(organizations).set({ ...next, updatedAt: new Date() }).where(eq(organizations.id, actor.orgId));
    await recordAudit(tx, { actor, area, action, targetId: actor.orgId, targetLabel, changes });
    return Object.keys(changes);
  });
}
