/**
 * Delivering an alert by Web Push (003_… delivery) with the `web-push` library: VAPID-signed, aes128gcm-encrypted,
 * `TTL`, `Urgency` from the severity and `Topic` from the dedup key, and the notification `tag` = dedup key so a
 * repeat replaces the notification instead of stacking. Every attempt is recorded (status code, latency).
 * 404/410 from the push service removes the subscription; 429, 5xx and network errors throw
 * {@link RetryablePushError} after recording, so the Inngest function retries with backoff — devices already
 * reached for this alert are skipped on the retry.
 */
import { createHash } from "node:crypto";
import { and, eq, gte, inArray, isNotNull, lt, sql } from "drizzle-orm";
import webpush, { WebPushError, type RequestOptions } from "web-push";
import type { Db } from "@/db/client";
import { aiAgents, alertDeliveries, alertGroups, alerts, pushSubscriptions, type AgentSignalName } from "@/db/schema";
import { BlockedAddressError, outboundFetch } from "@/lib/net/outbound-fetch";
import { translatorFor } from "@/lib/i18n/translator";
import type { UiLanguage } from "@/lib/i18n/ui-language";
import { memberLanguages } from "@/lib/members/member-languages";
import { alertText, groupText, signalLabel } from "./alert-message";
import { subscriptionsOf } from "./push-subscriptions";
import type { PushRequest } from "./raise-alert";
import { resolveRecipients } from "./recipients";
import { vapidKeys } from "./vapid";

/** A push older than this is not worth showing (seconds). */
export const PUSH_TTL_SECONDS = 3600;
const URGENCY = { high: "high", medium: "normal", low: "low" } as const;

export type PushPayload = { title: string; body: string; tag: string; url: string; alertId: string | null };
export type PushSender = (
  subscription: { endpoint: string; keys: { p256dh: string; auth: string } },
  payload: string,
  options: RequestOptions,
) => Promise<{ statusCode: number; body?: string }>;

export class RetryablePushError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RetryablePushError";
  }
}

export type DeliveryOutcome = { recipients: number; sent: number; removed: number; failed: number; skipped: number; noSupervisor: boolean };

/** The `Topic` header: URL-safe base64, at most 32 characters, stable per dedup key. */
export function topicOf(tag: string): string {
  return createHash("sha256").update(tag).digest("base64url").slice(0, 32);
}

type Target = {
  orgId: string;
  signal: AgentSignalName;
  severity: "high" | "medium" | "low";
  channelId: string | null;
  /** a storm group's channels (its alerts'), for channel-scoped recipients */
  channelIds: string[];
  firstSeenAt: Date;
  /** the notification's tag (its Topic), the same in every language */
  tag: string;
  /** the notification in the recipient's language (issue 19 item 1) */
  payloadIn: (language: UiLanguage) => PushPayload;
  alertIds: string[];
  ref: { alertId: string } | { groupId: string };
};

async function targetOf(db: Db, request: PushRequest): Promise<Target | null> {
  if (request.kind === "alert") {
    const [a] = await db.select().from(alerts).where(and(eq(alerts.id, request.alertId), eq(alerts.orgId, request.orgId)));
    if (!a) return null;
    return {
      orgId: a.orgId,
      signal: a.signal,
      severity: a.severity,
      channelId: a.channelId,
      channelIds: a.channelId ? [a.channelId] : [],
      firstSeenAt: a.firstSeenAt,
      // alerts raised before their sentence's parts were kept say it as stored (in English)
      tag: a.dedupKey,
      payloadIn: (language) => ({ title: `${signalLabel(language, a.signal)} · Tandem`, body: a.messageParams ? alertText(language, { signal: a.signal, ...a.messageParams }) : a.message, tag: a.dedupKey, url: `/alerts/${a.id}/open`, alertId: a.id }),
      alertIds: [a.id],
      ref: { alertId: a.id },
    };
  }
  const [g] = await db.select().from(alertGroups).where(and(eq(alertGroups.id, request.groupId), eq(alertGroups.orgId, request.orgId)));
  if (!g) return null;
  const members = await db
    .select({ id: alerts.id, severity: alerts.severity, channelId: alerts.channelId, firstSeenAt: alerts.firstSeenAt, agentName: aiAgents.name })
    .from(alerts)
    .leftJoin(aiAgents, eq(aiAgents.id, alerts.agentId))
    .where(eq(alerts.groupId, g.id))
    .orderBy(alerts.firstSeenAt);
  const first = members[0];
  if (!first) return null;
  // the count since the storm began: the alerts before the threshold was crossed, plus the group's
  const since = new Date(g.windowStart.getTime() - 5 * 60_000);
  const [{ n } = { n: 0 }] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(alerts)
    .where(and(eq(alerts.orgId, g.orgId), eq(alerts.signal, g.signal), g.agentKey === "built-in" ? sql`${alerts.agentId} IS NULL` : eq(alerts.agentId, g.agentKey), gte(alerts.firstSeenAt, since), lt(alerts.firstSeenAt, new Date(g.windowStart.getTime() + 5 * 60_000))));
  const tag = `group:${g.orgId}:${g.signal}:${g.agentKey}`;
  return {
    orgId: g.orgId,
    signal: g.signal,
    severity: first.severity,
    channelId: null,
    channelIds: [...new Set(members.map((m) => m.channelId).filter((c): c is string => c !== null))],
    firstSeenAt: first.firstSeenAt,
    tag,
    payloadIn: (language) => ({ title: `${signalLabel(language, g.signal)} · Tandem`, body: groupText(language, { signal: g.signal, agentName: first.agentName, count: Number(n) }), tag, url: `/monitoring?signal=${g.signal}`, alertId: null }),
    alertIds: members.map((m) => m.id),
    ref: { groupId: g.id },
  };
}

type Sub = typeof pushSubscriptions.$inferSelect;
type Attempt = "sent" | "removed" | "retryable" | "failed";

type DeviceAttempt = { sub: Sub; statusCode: number | null; latencyMs: number; error: string | null; attempt: Attempt; detail: string };

/**
 * Sends one push to one device: 2xx → `sent`, 404/410 → `removed` (gone for good), 429/5xx/network → `retryable`,
 * an address that is not public and anything else → `failed`. Writes nothing; {@link recordAttempts} stores a batch.
 */
async function pushToDevice(send: PushSender, sub: Sub, payload: string, options: RequestOptions): Promise<DeviceAttempt> {
  const started = performance.now();
  let statusCode: number | null = null;
  let error: string | null = null;
  let blocked = false;
  try {
    const response = await send({ endpoint: sub.endpoint, keys: { p256dh: sub.p256dh, auth: sub.auth } }, payload, options);
    statusCode = response.statusCode;
    // the push service's reason, for the delivery log
    if (statusCode < 200 || statusCode >= 300) error = response.body?.slice(0, 300) || null;
  } catch (e) {
    statusCode = e instanceof WebPushError ? e.statusCode : null;
    error = e instanceof Error ? e.message.slice(0, 300) : String(e);
    // an endpoint that is not a public address is refused again on every retry: failed, not retried
    blocked = e instanceof BlockedAddressError;
  }
  const attempt: Attempt =
    blocked ? "failed"
    : statusCode !== null && statusCode >= 200 && statusCode < 300 ? "sent"
    : statusCode === 404 || statusCode === 410 ? "removed"
    : statusCode === null || statusCode === 429 || statusCode >= 500 ? "retryable"
    : "failed";
  return { sub, statusCode, latencyMs: Math.round(performance.now() - started), error, attempt, detail: `${sub.label}: ${statusCode ?? error}` };
}

/**
 * Stores a batch of attempts in three statements: the delivery log rows, the devices' last success (to the minute), and the removal of
 * subscriptions the push service no longer knows (404/410).
 */
async function recordAttempts(
  db: Db,
  attempts: DeviceAttempt[],
  record: Omit<typeof alertDeliveries.$inferInsert, "statusCode" | "latencyMs" | "error" | "subscriptionId" | "userId">,
): Promise<void> {
  if (attempts.length === 0) return;
  await db.insert(alertDeliveries).values(attempts.map((a) => ({ ...record, userId: a.sub.userId, subscriptionId: a.sub.id, statusCode: a.statusCode, latencyMs: a.latencyMs, error: a.error })));
  const sent = attempts.filter((a) => a.attempt === "sent").map((a) => a.sub.id);
  // at most once a minute per device: in a burst every delivery would otherwise queue on the same few rows
  if (sent.length > 0) {
    await db
      .update(pushSubscriptions)
      .set({ lastSuccessAt: new Date() })
      .where(and(inArray(pushSubscriptions.id, sent), sql`(${pushSubscriptions.lastSuccessAt} IS NULL OR ${pushSubscriptions.lastSuccessAt} < now() - interval '1 minute')`));
  }
  const gone = attempts.filter((a) => a.attempt === "removed").map((a) => a.sub.id);
  if (gone.length > 0) await db.delete(pushSubscriptions).where(inArray(pushSubscriptions.id, gone));
}

const VAPID_TOKEN_SECONDS = 12 * 3600;
const vapidTokens = new Map<string, { authorization: string; expiresAt: number }>();

/**
 * The VAPID `Authorization` header for a push service origin, signed once and reused until an hour before it
 * expires (tokens live 12 h; the limit is 24 h) — signing a JWT per push was a fifth of the CPU in a burst.
 */
function vapidAuthorization(endpoint: string, vapid: NonNullable<RequestOptions["vapidDetails"]>): string {
  const audience = new URL(endpoint).origin;
  const key = `${audience} ${vapid.publicKey}`;
  const cached = vapidTokens.get(key);
  if (cached && cached.expiresAt - 3600_000 > Date.now()) return cached.authorization;
  const exp = Math.floor(Date.now() / 1000) + VAPID_TOKEN_SECONDS;
  const { Authorization } = webpush.getVapidHeaders(audience, vapid.subject, vapid.publicKey, vapid.privateKey, "aes128gcm", exp);
  vapidTokens.set(key, { authorization: Authorization, expiresAt: exp * 1000 });
  return Authorization;
}

/**
 * The transport: `web-push` builds the request (aes128gcm-encrypted body, VAPID `Authorization`, `TTL`, `Urgency`,
 * `Topic`) and `fetch` sends it — so an endpoint may also be plain http (a push service on the local network, or a
 * test double), which the library's own https-only sender refuses. Any HTTP status is returned, not thrown.
 */
export const sendPushRequest: PushSender = async (subscription, payload, { vapidDetails, ...options }) => {
  const { endpoint, method, headers, body } = webpush.generateRequestDetails(subscription, payload, {
    ...options,
    headers: { ...options.headers, ...(vapidDetails ? { Authorization: vapidAuthorization(subscription.endpoint, vapidDetails) } : {}) },
  });
  // only to public addresses, resolved at connect time (lib/net/outbound-fetch.ts)
  const res = await outboundFetch(endpoint, {
    method,
    headers: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, String(v)])),
    body: body ? new Uint8Array(body) : undefined,
    signal: AbortSignal.timeout(options.timeout ?? 10_000),
    // a push service answers; it never redirects (a redirect could aim the POST at an internal address)
    redirect: "manual",
  });
  const text = await res.text().catch(() => "");
  return { statusCode: res.status, body: text.slice(0, 300) };
};

const defaultSend = sendPushRequest;

function vapidOptions(): Pick<RequestOptions, "vapidDetails" | "timeout"> {
  const vapid = vapidKeys();
  return { vapidDetails: { subject: vapid.subject, publicKey: vapid.publicKey, privateKey: vapid.privateKey }, timeout: 10_000 };
}

/**
 * Pushes an alert (or a storm group's single push) to every device of its recipients.
 * @param deps.send the push transport (default {@link sendPushRequest}; tests may pass their own)
 * @returns counts of devices reached, removed (404/410), failed and skipped (already reached)
 * @throws RetryablePushError when some device got 429/5xx or a network error (recorded first)
 */
export async function deliverPush(db: Db, request: PushRequest, deps: { send?: PushSender } = {}): Promise<DeliveryOutcome> {
  const send = deps.send ?? defaultSend;
  const target = await targetOf(db, request);
  if (!target) return { recipients: 0, sent: 0, removed: 0, failed: 0, skipped: 0, noSupervisor: false };
  const { userIds, noSupervisor } = await resolveRecipients(db, {
    orgId: target.orgId,
    channelId: target.channelId,
    groupChannelIds: target.channelIds,
    signal: target.signal,
    at: target.firstSeenAt,
  });
  if (noSupervisor) await db.update(alerts).set({ noSupervisor: true }).where(inArray(alerts.id, target.alertIds));
  const subs = await subscriptionsOf(db, userIds);
  const refColumn = "alertId" in target.ref ? alertDeliveries.alertId : alertDeliveries.groupId;
  const refId = "alertId" in target.ref ? target.ref.alertId : target.ref.groupId;
  const reached = new Set(
    (
      await db
        .select({ subscriptionId: alertDeliveries.subscriptionId })
        .from(alertDeliveries)
        .where(and(eq(refColumn, refId), isNotNull(alertDeliveries.subscriptionId), gte(alertDeliveries.statusCode, 200), lt(alertDeliveries.statusCode, 300)))
    ).map((r) => r.subscriptionId),
  );
  const languages = await memberLanguages(db, { orgId: target.orgId, userIds });
  const payloads = new Map<UiLanguage, string>();
  const payloadFor = (userId: string) => {
    const language = languages.of(userId);
    if (!payloads.has(language)) payloads.set(language, JSON.stringify(target.payloadIn(language)));
    return payloads.get(language)!;
  };
  const options: RequestOptions = { TTL: PUSH_TTL_SECONDS, urgency: URGENCY[target.severity], topic: topicOf(target.tag), ...vapidOptions() };
  const outcome: DeliveryOutcome = { recipients: userIds.length, sent: 0, removed: 0, failed: 0, skipped: 0, noSupervisor };
  const retryable: string[] = [];
  const record = { orgId: target.orgId, kind: request.kind, ...("alertId" in target.ref ? { alertId: refId } : { groupId: refId }) };
  const attempts = await Promise.all(subs.filter((sub) => !reached.has(sub.id)).map((sub) => pushToDevice(send, sub, payloadFor(sub.userId), options)));
  outcome.skipped = subs.length - attempts.length;
  await recordAttempts(db, attempts, record);
  for (const a of attempts) {
    if (a.attempt === "sent") outcome.sent++;
    else if (a.attempt === "removed") outcome.removed++;
    else {
      outcome.failed++;
      if (a.attempt === "retryable") retryable.push(a.detail);
    }
  }
  if (retryable.length > 0) throw new RetryablePushError(`push failed for ${retryable.length} device(s), will retry: ${retryable.join("; ")}`);
  return outcome;
}

/**
 * Pushes one notification to every device of the given members (test notifications, approval timeouts), recording each
 * attempt in the delivery log like an alert's; never retried.
 * @param params.kind the delivery log's kind, e.g. `test` or `approval_timeout`
 * @param params.localized the title and body per language: each member's devices get theirs (their choice, else the org's)
 * @returns devices reached, failed and removed (404/410)
 */
export async function pushToMembers(
  db: Db,
  { orgId, userIds, payload, localized, kind, urgency = "normal", ttlSeconds = PUSH_TTL_SECONDS, send = defaultSend }: { orgId: string; userIds: string[]; payload: PushPayload; localized?: Partial<Record<UiLanguage, { title: string; body: string }>>; kind: string; urgency?: RequestOptions["urgency"]; ttlSeconds?: number; send?: PushSender },
): Promise<{ sent: number; failed: number; removed: number }> {
  const subs = await subscriptionsOf(db, userIds);
  const options: RequestOptions = { TTL: ttlSeconds, urgency, topic: topicOf(payload.tag), ...vapidOptions() };
  // each member's devices in that member's language, when the notice carries both
  const languages = localized ? await memberLanguages(db, { orgId, userIds }) : null;
  const payloadFor = (userId: string) => JSON.stringify(languages && localized?.[languages.of(userId)] ? { ...payload, ...localized[languages.of(userId)] } : payload);
  const attempts = await Promise.all(subs.map((sub) => pushToDevice(send, sub, payloadFor(sub.userId), options)));
  await recordAttempts(db, attempts, { orgId, kind });
  const result = { sent: 0, failed: 0, removed: 0 };
  for (const a of attempts) {
    if (a.attempt === "sent") result.sent++;
    else if (a.attempt === "removed") result.removed++;
    else result.failed++;
  }
  return result;
}

/**
 * Sends "Test notification" to one of the user's devices (or all), recording each attempt like an alert's.
 * @returns devices reached and failed
 */
export async function sendTestNotification(db: Db, { orgId, userId, send = defaultSend }: { orgId: string; userId: string; send?: PushSender }): Promise<{ sent: number; failed: number; removed: number }> {
  const t = translatorFor((await memberLanguages(db, { orgId, userIds: [userId] })).of(userId), "monitoring");
  const payload: PushPayload = { title: t("testPush.title"), body: t("testPush.body"), tag: `test:${userId}`, url: "/monitoring", alertId: null };
  return pushToMembers(db, { orgId, userIds: [userId], payload, kind: "test", ttlSeconds: 60, send });
}
