/**
 * Property-based fuzzing of the channel webhooks (issue 17 item 2): `POST /api/webhooks/incoming-message` and
 * `POST /api/webhooks/conversation-events`, served over real HTTP, get generated deliveries — arbitrary bytes,
 * arbitrary JSON, and bodies shaped almost like valid ones (fields replaced by hostile values: NUL, lone surrogates,
 * huge or negative numbers, years 0 and 9999) — in several encodings (UTF-8, BOM, UTF-16, Latin-1, gzip), content
 * types, header casings, buffered or chunked, signed correctly or not (wrong secret, upper-cased `V1,` prefix, stale
 * or future timestamp, missing headers, over-long `webhook-id`). For every delivery:
 *  1. the answer is a 2xx or a 4xx, never a 5xx;
 *  2. a 4xx wrote nothing for the organization (every table with its org or channel ids, by row fingerprint;
 *     only the channel's delivery log `webhook_deliveries` and its signature-refusal tally `webhook_refusals`, which
 *     record refusals by design, are left out);
 *  3. the identical redelivery (same `webhook-id`, timestamp, signature and bytes) gets the same status and JSON body
 *     (`X-Tandem-Duplicate` and the conversation-events `duplicate` flag are the only allowed difference) and changes
 *     nothing more.
 * Each property is its own test (test/fuzz.ts `fuzzProperties`) with the fixed seed `FUZZ_SEED` (1702) and
 * {@link NUM_RUNS} runs, so `npm test` replays the same cases; replies use the built-in engine (`model: null`), never a
 * model endpoint.
 */
import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect } from "vitest";
import type { Db } from "@/db/client";
import { channelIntegrations, closedReasonEnum } from "@/db/schema";
import { seedQuietOrg, testDb } from "@/test/db";
import {
  almost, bodyEncoding, contentType, encodeBody, fuzzProperties, headerCase, hostileTimestamp,
  hostileValue, orgFingerprint, plainEmail, plausibleString, printable, recentTimestamp, toJson, type RawRequest,
} from "@/test/fuzz";
import { serve } from "@/test/http";
import { handleConversationEvent } from "./handle-conversation-event";
import { handleIncomingMessage } from "./handle-incoming-message";
import { MAX_CONVERSATION_EVENT_BYTES } from "./conversation-event-schema";
import { MAX_INCOMING_BODY_BYTES } from "./incoming-message-schema";
import { newWebhookSecret, signWebhook } from "./sign";

/** Runs per property and endpoint. */
const NUM_RUNS = 60;

type Endpoint = "incoming-message" | "conversation-events";

let db: Db;
let org: Awaited<ReturnType<typeof seedQuietOrg>>;
let server: Awaited<ReturnType<typeof serve>>;
/** Conversations (sender's ids) that exist before the fuzzing starts, for events to refer to. */
const existing = ["fuzz-open-1", "fuzz-open-2", "fuzz-open-3"];

beforeAll(async () => {
  db = await testDb();
  org = await seedQuietOrg(db);
  // the third channel is archived: a correctly signed delivery to it is a 410
  await db.update(channelIntegrations).set({ archivedAt: new Date() }).where(eq(channelIntegrations.id, org.channels[2]!.id));
  server = await serve((req) =>
    new URL(req.url).pathname.endsWith("/conversation-events") ? handleConversationEvent(db, req) : handleIncomingMessage(db, req, { model: null }),
  );
  for (const [i, conversationId] of existing.entries()) {
    const raw = JSON.stringify({
      channel_id: org.channels[0]!.id, conversation_id: conversationId, message_id: `seed-${i}`, contact: { id: `wa:6281${i}` },
      text: "just wanted to check on the status of a refund", sent_at: new Date().toISOString(),
    });
    const res = await fetch(`${server.url}/api/webhooks/incoming-message`, { method: "POST", body: raw, headers: { "content-type": "application/json", ...signWebhook(org.channels[0]!.secret, raw) } });
    expect(res.status).toBe(200);
  }
});
afterAll(() => server?.close());

// ---------------------------------------------------------------------------------------------------------------------
// generators

/** Which channel a body names: the live one, the archived one, an unknown id, or not a channel id at all. */
const channelId = (): fc.Arbitrary<unknown> =>
  fc.oneof(
    { weight: 12, arbitrary: fc.constant(org.channels[0]!.id) },
    { weight: 1, arbitrary: fc.constant(org.channels[2]!.id) },
    { weight: 1, arbitrary: fc.uuid() },
    { weight: 1, arbitrary: fc.constantFrom(org.channels[0]!.id.toUpperCase(), ` ${org.channels[0]!.id}`, "00000000-0000-0000-0000-000000000000", 42) },
  );

/** Ids as senders write them: ASCII, or any script and emoji (hostile ones come from {@link almost}'s mutations). */
const senderId = fc.oneof({ weight: 3, arbitrary: fc.stringMatching(/^[a-z0-9:_-]{1,24}$/) }, { weight: 2, arbitrary: plausibleString({ minLength: 1, maxLength: 30 }) });
/** Message text: what customers write, in any script, with emoji. */
const text = fc.oneof(
  { weight: 1, arbitrary: fc.constantFrom("just wanted to check on the status of a refund", "Kak, pesanan saya belum sampai 😭🙏", "where is my order?") },
  { weight: 2, arbitrary: plausibleString({ minLength: 1, maxLength: 80 }) },
);
/** An org member's email (in any casing), or a stranger's. */
const email = (): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(`agent@${org.emailDomain}`, `AGENT@${org.emailDomain}`, `supervisor@${org.emailDomain}`, `owner@${org.emailDomain}`) },
    { weight: 1, arbitrary: plainEmail },
  );
const timestamp = fc.oneof({ weight: 4, arbitrary: recentTimestamp }, { weight: 1, arbitrary: hostileTimestamp });

/** Incoming messages, almost valid. */
const incomingMessage = (): fc.Arbitrary<Record<string, unknown>> =>
  almost({
    channel_id: channelId(),
    conversation_id: fc.oneof(senderId, fc.constantFrom(...existing)),
    message_id: senderId,
    contact: almost({
      id: senderId,
      name: plausibleString({ maxLength: 40 }),
      phone: fc.stringMatching(/^\+?[0-9]{6,15}$/),
      email: plainEmail,
    }),
    text,
    sent_at: timestamp,
  });

/** Conversation events of every type, almost valid (a type outside the union now and then). */
const conversationEvent = (): fc.Arbitrary<Record<string, unknown>> => {
  const conversation = fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...existing) }, { weight: 1, arbitrary: senderId });
  const base = { channel_id: channelId(), occurred_at: timestamp };
  return fc.oneof(
    almost({ ...base, type: fc.constant("agent.availability_changed"), agent_email: email(), availability: fc.constantFrom("online", "offline") }),
    almost({ ...base, type: fc.constant("conversation.assigned"), conversation_id: conversation, agent_email: email() }),
    almost({ ...base, type: fc.constant("message.agent_replied"), conversation_id: conversation, message_id: senderId, text, agent_email: email() }),
    almost({ ...base, type: fc.constant("conversation.resolved"), conversation_id: conversation, closed_reason: fc.constantFrom(...closedReasonEnum.enumValues) }),
    almost({ ...base, type: fc.constant("conversation.reopened"), conversation_id: conversation }),
    almost({ ...base, type: fc.constant("conversation.csat"), conversation_id: conversation, score: fc.integer({ min: 1, max: 5 }) }),
    almost({ ...base, type: plausibleString(), conversation_id: conversation }),
  );
};

/** How a delivery is signed (Standard Webhooks): correctly, or in one of the ways a sender or a forger gets it wrong. */
type Signing =
  | "valid" | "valid-among-others" | "upper-case-prefix" | "wrong-secret" | "stale" | "future" | "garbage" | "unsigned"
  | "no-id" | "no-timestamp" | "no-signature";
const signing: fc.Arbitrary<Signing> = fc.oneof(
  { weight: 12, arbitrary: fc.constant<Signing>("valid") },
  { weight: 3, arbitrary: fc.constantFrom<Signing>("valid-among-others", "upper-case-prefix", "wrong-secret", "stale", "future", "garbage", "unsigned", "no-id", "no-timestamp", "no-signature") },
);

/** `webhook-id`s: the usual `msg_…`, printable text, around the 256 characters accepted, or thousands of random ones. */
const webhookId = fc.oneof(
  { weight: 6, arbitrary: fc.constant(null) },
  { weight: 2, arbitrary: fc.stringMatching(/^[!-~]([ -~]{0,40}[!-~])?$/) },
  { weight: 1, arbitrary: fc.integer({ min: 250, max: 260 }).map((n) => `msg_${"x".repeat(n)}`) },
  { weight: 1, arbitrary: fc.integer({ min: 3_000, max: 6_000 }).map((n) => randomBytes(n).toString("base64url")) },
);

/** The body's text, before encoding. */
const bodyText = (endpoint: Endpoint): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 8, arbitrary: (endpoint === "incoming-message" ? incomingMessage() : conversationEvent()).map(toJson) },
    { weight: 1, arbitrary: hostileValue.map(toJson) },
    { weight: 1, arbitrary: fc.record({ channel_id: channelId(), rest: hostileValue }).map((v) => toJson({ ...(typeof v.rest === "object" ? v.rest : {}), channel_id: v.channel_id })) },
    // valid JSON, padded past the size limit
    {
      weight: 1,
      arbitrary: incomingMessage().map((b) => `${toJson(b)}${" ".repeat((endpoint === "incoming-message" ? MAX_INCOMING_BODY_BYTES : MAX_CONVERSATION_EVENT_BYTES) + 1)}`),
    },
  );

/** The secret a correctly signed delivery uses: the named channel's (the live one's when the body names none of ours). */
function secretFor(bytes: Buffer): string {
  const named = /"channel_id":"([0-9a-f-]{36})"/.exec(bytes.toString("utf8"))?.[1];
  return org.channels.find((c) => c.id === named)?.secret ?? org.channels[0]!.secret;
}

/** Standard Webhooks headers for `bytes` (signed over the text the server decodes, as a correct sender's would be). */
function sign(bytes: Buffer, how: Signing, id: string | null, name: (header: string) => string): Record<string, string> {
  const raw = bytes.toString("utf8");
  const now = Date.now();
  const options = { ...(id === null ? {} : { id }) };
  const valid = (secret = secretFor(bytes), at = new Date(now)) => signWebhook(secret, raw, { ...options, timestamp: at });
  let headers: Record<string, string>;
  switch (how) {
    case "valid":
      headers = valid();
      break;
    case "valid-among-others": {
      const signed = valid();
      headers = { ...signed, "webhook-signature": `v1,${randomBytes(32).toString("base64")} ${signed["webhook-signature"]}` };
      break;
    }
    case "upper-case-prefix": {
      const signed = valid();
      headers = { ...signed, "webhook-signature": signed["webhook-signature"].replace(/^v1,/, "V1,") };
      break;
    }
    case "wrong-secret":
      headers = valid(newWebhookSecret());
      break;
    case "stale":
      headers = valid(undefined, new Date(now - 10 * 60_000));
      break;
    case "future":
      headers = valid(undefined, new Date(now + 10 * 60_000));
      break;
    case "garbage":
      headers = { "webhook-id": id ?? "msg_1", "webhook-timestamp": "9".repeat(30), "webhook-signature": "v1,!!not base64!!" };
      break;
    case "unsigned":
      headers = {};
      break;
    case "no-id":
    case "no-timestamp":
    case "no-signature":
      headers = valid();
      delete headers[`webhook-${how.slice("no-".length)}`];
      break;
  }
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [name(k), v]));
}

/** One complete delivery, as raw bytes and headers. */
const delivery = (endpoint: Endpoint): fc.Arbitrary<RawRequest> =>
  fc
    .record({ text: bodyText(endpoint), encoding: bodyEncoding, contentType, signing, webhookId, casing: headerCase, chunked: fc.boolean() })
    .map(({ text, encoding, contentType, signing: how, webhookId: id, casing, chunked }) => {
      const { bytes, headers } = encodeBody(text, encoding);
      return printable({
        method: "POST",
        path: `/api/webhooks/${endpoint}`,
        bytes,
        headers: { ...(contentType ? { "Content-Type": contentType } : {}), ...headers, ...sign(bytes, how, id, casing) },
        chunked,
      });
    });

/** Arbitrary bytes (valid UTF-8 or not), signed or not. */
const byteDelivery = (endpoint: Endpoint): fc.Arbitrary<RawRequest> =>
  fc
    .record({ bytes: fc.uint8Array({ maxLength: 200 }), signing, casing: headerCase, chunked: fc.boolean() })
    .map(({ bytes, signing: how, casing, chunked }) => {
      const buffer = Buffer.from(bytes);
      return printable({ method: "POST", path: `/api/webhooks/${endpoint}`, bytes: buffer, headers: { "Content-Type": "application/json", ...sign(buffer, how, null, casing) }, chunked });
    });

/** Deliveries of every kind: mostly near-valid bodies, sometimes raw bytes. */
const deliveries = (endpoint: Endpoint): fc.Arbitrary<RawRequest> => fc.oneof({ weight: 9, arbitrary: delivery(endpoint) }, { weight: 1, arbitrary: byteDelivery(endpoint) });

// ---------------------------------------------------------------------------------------------------------------------
// the properties

/** The channel's delivery log records every delivery, refused ones included (by design): the one table left out. */
const rows = () => orgFingerprint(db, { orgId: org.orgId, channelIds: org.channels.map((c) => c.id) }, { except: ["webhook_deliveries", "webhook_refusals"] });

describe("POST /api/webhooks/incoming-message, fuzzed", () => {
  fuzzProperties({
    requests: () => deliveries("incoming-message"),
    target: { origin: () => server.url, rows },
    numRuns: NUM_RUNS,
    outcomes: [200, 400, 401, 404, 413],
  });
});

describe("POST /api/webhooks/conversation-events, fuzzed", () => {
  fuzzProperties({
    requests: () => deliveries("conversation-events"),
    target: {
      origin: () => server.url,
      rows,
      // the body's `duplicate` flag marks a redelivery, like the X-Tandem-Duplicate header: everything else must match
      comparable: ({ status, body }) => {
        if (status >= 300 || !body || typeof body !== "object") return { status, body };
        const rest: Record<string, unknown> = { ...body };
        delete rest.duplicate;
        return { status, body: rest };
      },
    },
    numRuns: NUM_RUNS,
    outcomes: [200, 400, 401, 404],
  });
});
