"use server";

import { signOut } from "@/app/_auth/auth";

/** Ends the session and returns to the login page. */
export async function logout(): Promise<void> {
  await signOut({ redirectTo: "/login" });
}
