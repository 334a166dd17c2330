/**
 * Raising an alert from a failure signal (003_… signals and alerts), inside the transaction that stored the bot
 * turn. Throttle and dedup live in the database:
 * - dedup key `org:conversation:signal`, unique among open alerts (partial unique index). One
 *   `INSERT … ON CONFLICT DO UPDATE` either creates the alert or counts a repeat inside the open alert's window
 *   (first_seen_at + the org's dedup window, default 10 min: `occurrences + 1`, `last_seen_at`); only when that window
 *   has passed is the old alert closed and the insert repeated (issue 20: one round trip in the usual case).
 *   Concurrent repeats therefore make one alert, and only its creation asks for a push.
 * - Storms: when more than N (org setting, default 5) new alerts of one signal for one agent land within 5 minutes,
 *   the next one starts a storm group (which asks for the one grouped push) and the rest join it for 5 minutes.
 *   Counting is serialized per (org, signal, agent) by a transaction lock. On the ingest hot path (issue 20) that lock
 *   is never held across the ingest transaction: {@link recordAlert} stores the alert inside it, and
 *   {@link groupStorm} decides the push afterwards in one statement of its own (the lock is held only for that
 *   statement), counting only alerts already decided (`storm_checked_at`), so concurrent alerts of a storm still count
 *   each other exactly once.
 */
import { and, eq, not, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { executeRows } from "@/db/execute-rows";
import { alerts, type AgentSignal } from "@/db/schema";
import { alertMessage, type AlertMessageParams } from "./alert-message";
import { getAlertSettings, type AlertSettings } from "./alert-settings";

/** Agent key of the built-in defaults (no agent row) in storm grouping. */
export const BUILT_IN_AGENT_KEY = "built-in";

export type PushRequest = { kind: "alert"; orgId: string; alertId: string } | { kind: "group"; orgId: string; groupId: string };

/** A decided push, written to the outbox with the decision (issue 16): dispatch `outboxId` after the commit. */
export type QueuedPush = { push: PushRequest; outboxId: string };

export type RaisedAlert = {
  alertId: string;
  /** false when this was a repeat inside the window (occurrences incremented) */
  created: boolean;
  /** what to push after commit: this alert, its storm group's single push, or nothing */
  push: PushRequest | null;
  /** the push's outbox row (written in the caller's transaction), to dispatch after commit */
  outboxId: string | null;
};

/** The dedup key: `org:conversation:signal`. */
export function dedupKeyOf(orgId: string, conversationId: string, signal: string): string {
  return `${orgId}:${conversationId}:${signal}`;
}

/** An alert just created, whose push storm grouping has still to decide ({@link groupStorm}). */
export type StormCheck = { orgId: string; alertId: string; signal: AgentSignal["signal"]; agentId: string | null; channelId: string | null; at: Date; stormThreshold: number };

export type RecordedAlert = {
  alertId: string;
  /** false when this was a repeat inside the window (occurrences incremented) */
  created: boolean;
  /** set for a new alert: pass it to {@link groupStorm} after the transaction commits */
  storm: StormCheck | null;
};

type AlertInput = {
  orgId: string;
  signal: AgentSignal;
  conversationId: string;
  channelId: string;
  channelName: string;
  agentId: string | null;
  agentName: string;
  agentVersionId: string | null;
  /** when the signal was raised (the bot turn's time) */
  at: Date;
  /** the org's alert settings (read when omitted) */
  settings?: AlertSettings;
};

/**
 * Records `signal` for a conversation as an alert, or as a repeat of the open one (003_… dedup), inside `tx`. Takes
 * only row-level locks on this conversation's dedup key, never a lock shared by the org.
 * @returns the alert; `storm` is set when it was created, for {@link groupStorm} after commit
 * @throws database errors
 */
export async function recordAlert(tx: Db, p: AlertInput): Promise<RecordedAlert> {
  const settings = p.settings ?? (await getAlertSettings(tx, p.orgId));
  const key = dedupKeyOf(p.orgId, p.conversationId, p.signal.signal);
  const params: AlertMessageParams = { agentName: p.agentName, channelName: p.channelName, value: p.signal.value, threshold: p.signal.threshold ?? null, detail: p.signal.detail ?? null };
  const at = p.at.toISOString();
  const inWindow = sql`${alerts.firstSeenAt} + make_interval(mins => ${settings.dedupWindowMinutes}) > ${at}::timestamptz`;
  // one statement in the usual case: a new alert, or a repeat of the open one inside its window; an open alert
  // whose window has passed is left untouched here (its row stays locked), closed below, and a new one started
  const upsert = () =>
    tx
      .insert(alerts)
      .values({
        orgId: p.orgId,
        signal: p.signal.signal,
        severity: settings.severities[p.signal.signal],
        dedupKey: key,
        conversationId: p.conversationId,
        channelId: p.channelId,
        agentId: p.agentId,
        agentVersionId: p.agentVersionId,
        value: p.signal.value,
        threshold: p.signal.threshold ?? null,
        message: alertMessage({ signal: p.signal.signal, ...params }),
        messageParams: params,
        firstSeenAt: p.at,
        lastSeenAt: p.at,
      })
      .onConflictDoUpdate({
        target: alerts.dedupKey,
        targetWhere: sql`${alerts.open}`,
        set: { occurrences: sql`${alerts.occurrences} + 1`, lastSeenAt: sql`greatest(${alerts.lastSeenAt}, excluded.last_seen_at)` },
        setWhere: inWindow,
      })
      .returning({ id: alerts.id, created: sql<boolean>`(xmax = 0)` });
  let [row] = await upsert();
  if (!row) {
    // the open alert's window has passed: it is history, and this signal starts a new one
    await tx.update(alerts).set({ open: false }).where(and(eq(alerts.dedupKey, key), eq(alerts.open, true), not(inWindow)));
    [row] = await upsert();
  }
  if (!row) throw new Error("alert upsert returned nothing");
  return {
    alertId: row.id,
    created: row.created,
    storm: row.created ? { orgId: p.orgId, alertId: row.id, signal: p.signal.signal, agentId: p.agentId, channelId: p.channelId, at: p.at, stormThreshold: settings.stormThreshold } : null,
  };
}

/**
 * Decides a new alert's push (003_… ALERT-S03 storms): none while its signal is snoozed for its channel or agent (the
 * alert is marked `snoozed`); else a single push while at most `stormThreshold` alerts of its signal for its agent
 * were decided in the 5 minutes before it; else it starts a storm group (the one grouped push) or joins the group
 * started less than 5 minutes ago (no push). Marks the alert decided and writes the push to the outbox in the same
 * transaction, so a crash after it loses no push; its dedup key, `push:<alertId>` or `push:group:<groupId>`, makes one
 * push per alert and one per storm group.
 *
 * One statement, `tandem_group_storm` (migration 0032): it takes the storm lock of (org, signal, agent), then counts
 * with a fresh snapshot, so decisions of one storm are applied one after the other and counted exactly, while the lock
 * is held only for the decision itself (issue 20: held across a transaction's round trips it was the ingest's
 * bottleneck). Given the database it commits on its own (the ingest path, after commit); given a transaction it runs
 * in it, which then holds the lock until it commits.
 * @returns the push and its outbox row, or null: no push (snoozed, or a storm's later alert), or the alert was decided
 *   already (a retry) or no longer exists
 * @throws database errors
 */
export async function groupStorm(db: Db, check: StormCheck): Promise<QueuedPush | null> {
  const [row] = await executeRows<{ push_kind: PushRequest["kind"] | null; group_id: string | null; outbox_id: string | null }>(
    db,
    sql`SELECT push_kind, group_id, outbox_id FROM tandem_group_storm(${check.alertId}::uuid, ${check.orgId}::uuid, ${check.signal}::text,
      ${check.agentId}::uuid, ${check.agentId ?? BUILT_IN_AGENT_KEY}::text, ${check.channelId}::uuid, ${check.at.toISOString()}::timestamptz,
      ${check.stormThreshold}::int)`,
  );
  if (!row?.push_kind || !row.outbox_id) return null;
  const push: PushRequest = row.push_kind === "group" ? { kind: "group", orgId: check.orgId, groupId: row.group_id! } : { kind: "alert", orgId: check.orgId, alertId: check.alertId };
  return { push, outboxId: row.outbox_id };
}

/**
 * Records `signal` ({@link recordAlert}) and decides its push ({@link groupStorm}) in the caller's transaction, which
 * then holds the storm lock until it commits: for callers off the ingest hot path (benchmarks, tests).
 * @returns the alert and what to push after commit (null for a repeat inside the window or a storm's later alerts)
 */
export async function raiseAlert(tx: Db, p: AlertInput): Promise<RaisedAlert> {
  const recorded = await recordAlert(tx, p);
  const queued = recorded.storm ? await groupStorm(tx, recorded.storm) : null;
  return { alertId: recorded.alertId, created: recorded.created, push: queued?.push ?? null, outboxId: queued?.outboxId ?? null };
}
