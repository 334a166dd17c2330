import { and, asc, eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { memberships, users } from "@/db/schema";
import { verifyPassword } from "./password";
import type { Role } from "./roles";

export const credentialsSchema = z.object({
  email: z.email().max(320),
  password: z.string().min(1).max(200),
});

export type SessionUser = { userId: string; name: string; email: string; orgId: string; role: Role };

/**
 * Checks an email + password and resolves the user's organization and role (their oldest active membership).
 * @returns the session user, or null for unknown email, wrong password, malformed input or no active membership
 */
export async function verifyCredentials(db: Db, input: unknown): Promise<SessionUser | null> {
  const parsed = credentialsSchema.safeParse(input);
  if (!parsed.success) return null;
  const [row] = await db
    .select({
      userId: users.id,
      name: users.name,
      email: users.email,
      passwordHash: users.passwordHash,
      orgId: memberships.orgId,
      role: memberships.role,
    })
    .from(users)
    .leftJoin(memberships, and(eq(memberships.userId, users.id), eq(memberships.status, "active")))
    .where(eq(users.email, parsed.data.email.toLowerCase()))
    .orderBy(asc(memberships.createdAt))
    .limit(1);
  const ok = await verifyPassword(parsed.data.password, row?.passwordHash);
  if (!ok || !row?.orgId || !row.role) return null;
  return { userId: row.userId, name: row.name, email: row.email, orgId: row.orgId, role: row.role };
}
