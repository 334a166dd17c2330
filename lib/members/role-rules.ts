/**
 * Who may give which role (issue 8, Members): only an owner can create or demote owners, and an admin cannot
 * raise anyone above admin. Last-owner protection needs the database and lives in the write functions.
 */
import { UserError } from "@/lib/errors/user-error";
import type { Role } from "@/lib/auth/roles";

/**
 * Checks that `actorRole` may move a member from `fromRole` (null for a new member) to `toRole`.
 * @throws UserError 403 with the rule that refused it
 */
export function assertCanAssignRole(actorRole: Role, fromRole: Role | null, toRole: Role): void {
  if (actorRole !== "owner" && actorRole !== "admin") throw new UserError("Only owners and admins manage members.", 403);
  if (toRole === "owner" && actorRole !== "owner") throw new UserError("Only an owner can make someone an owner.", 403);
  if (fromRole === "owner" && actorRole !== "owner") throw new UserError("Only an owner can change an owner's role.", 403);
}

/**
 * Checks that `actorRole` may deactivate or reactivate a member who has `targetRole`.
 * @throws UserError 403
 */
export function assertCanChangeStatus(actorRole: Role, targetRole: Role): void {
  if (actorRole !== "owner" && actorRole !== "admin") throw new UserError("Only owners and admins manage members.", 403);
  if (targetRole === "owner" && actorRole !== "owner") throw new UserError("Only an owner can deactivate or reactivate an owner.", 403);
}
