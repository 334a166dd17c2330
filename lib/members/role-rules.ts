/**
 * Who may give which role (issue 8, Members): only an owner can create or demote owners, and an admin cannot
 * raise anyone above admin. Last-owner protection needs the database and lives in the write functions.
 */
import { UserError } from "@/lib/errors/user-error";
import { requireCapability, type Role } from "@/lib/auth/roles";

/**
 * Checks that `actorRole` may move a member from `fromRole` (null for a new member) to `toRole`.
 * @throws UserError 403 with the rule that refused it
 */
export function assertCanAssignRole(actorRole: Role, fromRole: Role | null, toRole: Role): void {
  const actor = { role: actorRole };
  requireCapability(actor, "manageMembers", "roles.manageMembers");
  if (toRole === "owner") requireCapability(actor, "manageOwners", "roles.makeOwner");
  if (fromRole === "owner") requireCapability(actor, "manageOwners", "roles.changeOwnerRole");
}

/**
 * Checks that `actorRole` may deactivate or reactivate a member who has `targetRole`.
 * @throws UserError 403
 */
export function assertCanChangeStatus(actorRole: Role, targetRole: Role): void {
  requireCapability({ role: actorRole }, "manageMembers", "roles.manageMembers");
  if (targetRole === "owner") requireCapability({ role: actorRole }, "manageOwners", "roles.deactivateOwner");
}
