import { z } from "zod";
import { localized } from "@/lib/i18n/language-scope";

/** A new password: 10–200 characters (NIST 800-63B: length over composition rules). */
export const newPasswordSchema = z
  .string()
  .min(10, localized("auth.passwordTooShort", { min: 10 }))
  .max(200, localized("auth.passwordTooLong", { max: 200 }));
