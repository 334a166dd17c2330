/**
 * Role and status changes of an org member, each in one transaction with its audit entry. Last-owner
 * protection locks the org's active owner rows (`FOR UPDATE`), so two owners demoting each other at the same
 * time cannot leave the org without one.
 */
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { memberships, users } from "@/db/schema";
import { diffFields, recordAudit } from "@/lib/audit/record-audit";
import { requireCapability, ROLES } from "@/lib/auth/roles";
import type { Membership } from "@/lib/auth/sessions";
import { UserError } from "@/lib/errors/user-error";
import { drainQueue } from "@/lib/routing/assign-agent";
import { assertCanAssignRole, assertCanChangeStatus } from "./role-rules";
import { say, localized } from "@/lib/i18n/language-scope";

type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

export const changeRoleSchema = z.object({ userId: z.uuid(), role: z.enum(ROLES) });
export const memberStatusSchema = z.object({ userId: z.uuid(), status: z.enum(["active", "deactivated"]) });
export const agentSettingsSchema = z.object({
  userId: z.uuid(),
  capacity: z.coerce.number().int(localized("members.capacityWhole")).min(1, localized("members.capacityMin", { min: 1 })).max(100, localized("members.capacityMax", { max: 100 })),
  availability: z.enum(["online", "offline"]),
});

async function loadTarget(tx: Tx, orgId: string, userId: string) {
  const [row] = await tx
    .select({ role: memberships.role, status: memberships.status, name: users.name, email: users.email, capacity: memberships.capacity, availability: memberships.availability })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.orgId, orgId), eq(memberships.userId, userId)))
    .limit(1)
    .for("update", { of: memberships });
  if (!row) throw new UserError(say("members.notInOrg"), 404);
  return row;
}

/** Locks the org's active owners and returns their user ids. */
async function lockActiveOwners(tx: Tx, orgId: string): Promise<string[]> {
  const rows = await tx
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.orgId, orgId), eq(memberships.role, "owner"), eq(memberships.status, "active")))
    .for("update");
  return rows.map((r) => r.userId);
}

/**
 * Changes a member's role.
 * @throws UserError 403 (role rules), 404 (not in the actor's org), 409 (last owner)
 */
export async function changeMemberRole(db: Db, { actor, input }: { actor: Membership; input: unknown }): Promise<void> {
  const { userId, role } = changeRoleSchema.parse(input);
  await db.transaction(async (tx) => {
    const owners = await lockActiveOwners(tx, actor.orgId);
    const target = await loadTarget(tx, actor.orgId, userId);
    assertCanAssignRole(actor.role, target.role, role);
    if (target.role === role) return;
    if (target.role === "owner" && owners.length === 1 && owners[0] === userId) {
      throw new UserError(say("members.lastOwnerDemote"), 409);
    }
    await tx.update(memberships).set({ role }).where(and(eq(memberships.orgId, actor.orgId), eq(memberships.userId, userId)));
    await recordAudit(tx, {
      actor, area: "members", action: "member.role_changed", targetId: userId, targetLabel: target.email,
      changes: { role: { from: target.role, to: role } },
    });
  });
}

/**
 * Deactivates (their sessions stop at the next request) or reactivates a member.
 * @throws UserError 403 (role rules, or yourself), 404 (not in the actor's org), 409 (last owner)
 */
export async function setMemberStatus(db: Db, { actor, input }: { actor: Membership; input: unknown }): Promise<void> {
  const { userId, status } = memberStatusSchema.parse(input);
  if (userId === actor.userId) throw new UserError(say("members.cantChangeOwnStatus"), 403);
  await db.transaction(async (tx) => {
    const owners = await lockActiveOwners(tx, actor.orgId);
    const target = await loadTarget(tx, actor.orgId, userId);
    assertCanChangeStatus(actor.role, target.role);
    if (target.status === status) return;
    if (status === "deactivated" && owners.length === 1 && owners[0] === userId) {
      throw new UserError(say("members.lastOwnerDeactivate"), 409);
    }
    await tx
      .update(memberships)
      .set({ status, deactivatedAt: status === "deactivated" ? new Date() : null, availability: "offline" })
      .where(and(eq(memberships.orgId, actor.orgId), eq(memberships.userId, userId)));
    await recordAudit(tx, {
      actor, area: "members", action: status === "deactivated" ? "member.deactivated" : "member.reactivated",
      targetId: userId, targetLabel: target.email, changes: { status: { from: target.status, to: status } },
    });
  });
}

/**
 * Sets an agent's capacity (most concurrent conversations) and availability (admin/owner); an online agent then
 * takes queued conversations up to their capacity.
 * @throws UserError 403 (role), 404 (not in the actor's org)
 */
export async function updateAgentSettings(db: Db, { actor, input }: { actor: Membership; input: unknown }): Promise<void> {
  requireCapability(actor, "manageMembers", "roles.manageMembers");
  const { userId, capacity, availability } = agentSettingsSchema.parse(input);
  await db.transaction(async (tx) => {
    const target = await loadTarget(tx, actor.orgId, userId);
    if (target.role === "owner") requireCapability(actor, "manageOwners", "roles.changeOwnerSettings");
    const changes = diffFields(target, { capacity, availability });
    if (Object.keys(changes).length === 0) return;
    await tx.update(memberships).set({ capacity, availability }).where(and(eq(memberships.orgId, actor.orgId), eq(memberships.userId, userId)));
    await recordAudit(tx, { actor, area: "members", action: "member.agent_settings_changed", targetId: userId, targetLabel: target.email, changes });
  });
  // more room (online, or a higher capacity) takes queued conversations in arrival order
  if (availability === "online") await drainQueue(db, { orgId: actor.orgId });
}
