import { requireCapability } from "@/lib/auth/roles";
import type { Membership } from "@/lib/auth/sessions";
import { sqlStateOf } from "@/lib/errors/sql-state";
import { UserError } from "@/lib/errors/user-error";

/** @throws UserError 403 unless the member is an owner or admin (supervisors see channels read-only). */
export function assertChannelAdmin(actor: Membership): void {
  requireCapability(actor, "manageChannels", "roles.manageChannels");
}

/** Whether a database error is a unique-constraint violation (SQLSTATE 23505), from postgres.js or PGlite. */
export function isUniqueViolation(error: unknown): boolean {
  return sqlStateOf(error) === "23505";
}
