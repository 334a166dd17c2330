import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { users } from "@/db/schema";
import { UserError } from "@/lib/errors/user-error";
import { hashPassword, verifyPassword } from "./password";
import { newPasswordSchema } from "./password-policy";
import { revokeOtherSessions } from "./sessions";

export const changePasswordSchema = z
  .object({
    currentPassword: z.string().min(1, "Enter your current password.").max(200),
    newPassword: newPasswordSchema,
    confirmPassword: z.string(),
  })
  .refine((v) => v.newPassword === v.confirmPassword, { message: "The passwords don't match.", path: ["confirmPassword"] });

/**
 * Changes the signed-in user's password (current password required) and signs out their other sessions.
 * @returns how many other sessions were ended
 * @throws UserError 400 when the current password is wrong; ZodError for a weak or mismatched new password
 */
export async function changePassword(
  db: Db,
  { userId, sessionId, input }: { userId: string; sessionId: string; input: unknown },
): Promise<number> {
  const { currentPassword, newPassword } = changePasswordSchema.parse(input);
  const [user] = await db.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, userId)).limit(1);
  if (!user || !(await verifyPassword(currentPassword, user.passwordHash))) {
    throw new UserError("Your current password isn't right.", 400);
  }
  await db.update(users).set({ passwordHash: await hashPassword(newPassword) }).where(eq(users.id, userId));
  return revokeOtherSessions(db, { userId, keepSessionId: sessionId });
}
