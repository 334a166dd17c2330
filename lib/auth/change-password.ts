import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { users } from "@/db/schema";
import { UserError } from "@/lib/errors/user-error";
import { hashPassword, verifyPassword } from "./password";
import { newPasswordSchema } from "./password-policy";
import { revokeOtherSessions } from "./sessions";
import { clearFailures, countClientFailure, countFailure, waitFor, waitInWords } from "./attempt-limits";
import { auditLimitReached } from "./audit-lock";
import { say, localized } from "@/lib/i18n/language-scope";

export const changePasswordSchema = z
  .object({
    currentPassword: z.string().min(1, localized("auth.currentPasswordRequired")).max(200),
    newPassword: newPasswordSchema,
    confirmPassword: z.string(),
  })
  .refine((v) => v.newPassword === v.confirmPassword, { ...localized("auth.passwordsDontMatch"), path: ["confirmPassword"] });

/**
 * Changes the signed-in user's password (current password required) and signs out their other sessions.
 * Wrong current passwords are limited per account and per client address (lib/auth/attempt-limits.ts): past the
 * limit every try waits for the window to end, and reaching it is audited.
 * @param client the caller's address (`clientAddress` in lib/auth/attempt-limits.ts)
 * @returns how many other sessions were ended
 * @throws UserError 400 when the current password is wrong, 429 "try again in N minutes" past the limit; ZodError for
 *   a weak or mismatched new password
 */
export async function changePassword(
  db: Db,
  { userId, sessionId, input, client = "unknown" }: { userId: string; sessionId: string; input: unknown; client?: string },
): Promise<number> {
  const wait = Math.max(await waitFor(db, "passwordChange", userId), await waitFor(db, "client", client));
  if (wait > 0) throw new UserError(say("auth.tooManyWrongPasswords", { wait: waitInWords(wait) }), 429);
  const { currentPassword, newPassword } = changePasswordSchema.parse(input);
  const [user] = await db.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, userId)).limit(1);
  if (!user || !(await verifyPassword(currentPassword, user.passwordHash))) {
    const [account] = await Promise.all([countFailure(db, "passwordChange", userId), countClientFailure(db, client, { userId })]);
    if (account.reached) await auditLimitReached(db, { userId, action: "member.password_change_locked" });
    throw new UserError(say("auth.currentPasswordWrong"), 400);
  }
  await clearFailures(db, "passwordChange", userId);
  await db.update(users).set({ passwordHash: await hashPassword(newPassword) }).where(eq(users.id, userId));
  return revokeOtherSessions(db, { userId, keepSessionId: sessionId });
}
