import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { memberships } from "@/db/schema";
import { UserError } from "@/lib/errors/user-error";
import { drainQueue } from "./assign-agent";
import { say, localized } from "@/lib/i18n/language-scope";

export const availabilitySchema = z.enum(["online", "offline"], localized("routing.chooseAvailability"));

/**
 * Sets a member's availability (000_… BTS-S03). Going online assigns queued conversations to them (and anyone
 * else with room) in arrival order; going offline keeps what they already have.
 * @returns how many queued conversations were assigned as a result
 * @throws UserError 404 when the user is not an active member of the org; ZodError for a bad value
 */
export async function setAvailability(
  db: Db,
  { orgId, userId, availability }: { orgId: string; userId: string; availability: unknown },
): Promise<number> {
  const value = availabilitySchema.parse(availability);
  const updated = await db
    .update(memberships)
    .set({ availability: value })
    .where(and(eq(memberships.orgId, orgId), eq(memberships.userId, userId), eq(memberships.status, "active")))
    .returning({ userId: memberships.userId });
  if (updated.length === 0) throw new UserError(say("routing.memberNotActive"), 404);
  return value === "online" ? drainQueue(db, { orgId }) : 0;
}
