import { z } from "zod";

/** A new password: 10–200 characters (NIST 800-63B: length over composition rules). */
export const newPasswordSchema = z
  .string()
  .min(10, "Use at least 10 characters.")
  .max(200, "Use at most 200 characters.");
