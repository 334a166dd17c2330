"use server";

import { headers } from "next/headers";
import { AuthError } from "next-auth";
import { getTranslations } from "next-intl/server";
import { signIn } from "@/app/_auth/auth";
import { safeCallbackPath } from "@/lib/auth/callback-path";
import { getDb } from "@/db/client";
import { lockedFor } from "@/lib/auth/login-throttle";
import { clientAddress, waitFor } from "@/lib/auth/attempt-limits";
import { credentialsSchema } from "@/lib/auth/verify-credentials";

export type LoginState = { error?: string; email?: string };

/** Signs in with email + password; on success next-auth redirects to `callbackUrl` (default /conversations). */
export async function login(_prev: LoginState, formData: FormData): Promise<LoginState> {
  const email = String(formData.get("email") ?? "");
  const t = await getTranslations("common.login");
  const wait = (ms: number) => t("wait", { minutes: Math.max(1, Math.ceil(ms / 60_000)) });
  const parsed = credentialsSchema.safeParse({ email, password: formData.get("password") });
  if (!parsed.success) return { error: t("missing"), email };
  // only a same-origin path (never another site, issue 19 item 3)
  const redirectTo = safeCallbackPath(formData.get("callbackUrl")) ?? "/conversations";
  try {
    await signIn("credentials", { ...parsed.data, redirectTo });
  } catch (error) {
    if (error instanceof AuthError) {
      const db = await getDb();
      const left = await lockedFor(db, parsed.data.email);
      if (left > 0) return { error: t("accountLocked", { wait: wait(left) }), email };
      const network = await waitFor(db, "client", clientAddress(await headers()));
      if (network > 0) return { error: t("networkLocked", { wait: wait(network) }), email };
      return { error: t("noMatch"), email };
    }
    throw error; // the redirect after a successful sign-in
  }
  return {};
}
