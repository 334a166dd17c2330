/**
 * Route tests as any member over real HTTP: the session `auth()` returns is whatever the test server put in
 * {@link signedIn} for the request. Use in a test file:
 *   vi.mock("server-only", () => ({}));
 *   vi.mock("@/app/_auth/auth", async () => (await import("@/test/signed-in")).authModule);
 * and run each request's handler inside `signedIn.run(session, …)`. Sessions are real (`signInAs`), so the guards
 * still check them against the database.
 */
import { AsyncLocalStorage } from "node:async_hooks";

export type TestSession = { user: { id: string; sid: string } } | null;

/** The signed-in user of the request being handled. */
export const signedIn = new AsyncLocalStorage<TestSession>();

/** Stands in for `@/app/_auth/auth`: only `auth()` is used by the guards. */
export const authModule = { auth: async () => signedIn.getStore() ?? null };
