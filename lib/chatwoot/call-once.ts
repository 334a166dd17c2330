/**
 * Side effects once (issue 18 item 5): every call Tandem makes to Chatwoot on behalf of one message or approval —
 * priority, labels, assignment, a note — is claimed by its intent key in `chatwoot_calls` before it is made. Of any
 * number of concurrent or repeated attempts, only the one whose claim succeeds calls Chatwoot; the outcome is recorded.
 * A failed call, or one whose process died mid-call (claimed over {@link STALE_CLAIM_MS} ago, never finished), may be
 * claimed again by a later attempt (a redelivery, reconciliation).
 */
import { and, eq, lt, or, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { chatwootCalls } from "@/db/schema";
import { errorMessage } from "@/lib/errors/error-message";

/** Call intents are kept this long (ms): a week, like delivery ids — Chatwoot's redeliveries come within minutes. */
export const CALL_RETENTION_MS = 7 * 86_400_000;

/** A claim older than this without an outcome was lost with its process (ms; Chatwoot calls time out at 10 s). */
export const STALE_CLAIM_MS = 60_000;

/**
 * A call's outcome: made (and whether it succeeded), or not made because it is `done` already or `busy` — another
 * attempt holds a fresh claim on it (it may still fail or die: retry later, {@link STALE_CLAIM_MS}).
 */
export type CallOutcome<T> = { ran: true; ok: true; value: T } | { ran: true; ok: false; error: string } | { ran: false; state: "done" | "busy" };

/**
 * Claims `key` for the org: a new intent, or one that failed or went stale.
 * @returns `claimed` when this caller may make the call; `done` when it was made; `busy` when another attempt holds it
 */
export async function claimCall(db: Db, { orgId, key, now = new Date() }: { orgId: string; key: string; now?: Date }): Promise<"claimed" | "done" | "busy"> {
  const [fresh] = await db.insert(chatwootCalls).values({ orgId, key, claimedAt: now }).onConflictDoNothing().returning({ key: chatwootCalls.key });
  if (fresh) return "claimed";
  const [again] = await db
    .update(chatwootCalls)
    .set({ status: "pending", claimedAt: now, attempts: sql`${chatwootCalls.attempts} + 1`, lastError: null })
    .where(and(eq(chatwootCalls.orgId, orgId), eq(chatwootCalls.key, key), or(eq(chatwootCalls.status, "failed"), and(eq(chatwootCalls.status, "pending"), lt(chatwootCalls.claimedAt, new Date(now.getTime() - STALE_CLAIM_MS))))))
    .returning({ key: chatwootCalls.key });
  if (again) return "claimed";
  const [current] = await db.select({ status: chatwootCalls.status }).from(chatwootCalls).where(and(eq(chatwootCalls.orgId, orgId), eq(chatwootCalls.key, key)));
  return current?.status === "done" ? "done" : "busy";
}

/**
 * Makes `call` once per `key`: claims it, calls, and records `done` or `failed` with the error (a failure is returned,
 * never thrown: the caller decides whether it matters).
 * @param key the intent, e.g. `message:4711:priority` (unique per org)
 * @returns `{ ran: false, state }` when it is done already or another attempt has it; else whether the call succeeded,
 *   with its value
 */
export async function callOnce<T>(db: Db, { orgId, key, call }: { orgId: string; key: string; call: () => Promise<T> }): Promise<CallOutcome<T>> {
  const claim = await claimCall(db, { orgId, key });
  if (claim !== "claimed") return { ran: false, state: claim };
  try {
    const value = await call();
    await db.update(chatwootCalls).set({ status: "done", doneAt: new Date() }).where(and(eq(chatwootCalls.orgId, orgId), eq(chatwootCalls.key, key)));
    return { ran: true, ok: true, value };
  } catch (error) {
    const message = errorMessage(error).slice(0, 300);
    await db.update(chatwootCalls).set({ status: "failed", lastError: message }).where(and(eq(chatwootCalls.orgId, orgId), eq(chatwootCalls.key, key)));
    return { ran: true, ok: false, error: message };
  }
}

/**
 * Forgets call intents claimed more than {@link CALL_RETENTION_MS} ago (the nightly purge).
 * @returns how many were forgotten
 */
export async function pruneChatwootCalls(db: Db, { now = new Date() }: { now?: Date } = {}): Promise<number> {
  const gone = await db.delete(chatwootCalls).where(lt(chatwootCalls.claimedAt, new Date(now.getTime() - CALL_RETENTION_MS))).returning({ key: chatwootCalls.key });
  return gone.length;
}
