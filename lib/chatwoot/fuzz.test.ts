/**
 * Property-based fuzzing of the Chatwoot webhook (issue 17 item 2): the app's route
 * `POST /api/webhooks/chatwoot/{linkId}` (app/api/webhooks/chatwoot/[linkId]/route.ts), served over real HTTP, gets
 * generated deliveries — arbitrary bytes, arbitrary JSON, events Tandem ignores (any event name), and the README's
 * payloads almost intact (fields replaced by hostile values: NUL, lone surrogates, huge or negative numbers, years 0
 * and 9999) — in several encodings, content types and header casings, buffered or chunked, up to past the 1 MB limit,
 * to the real link or another, signed correctly (`sha256=` in either case) or not (wrong secret, stale or future or
 * malformed timestamp, missing headers), under short or very long `X-Chatwoot-Delivery` ids. The three properties
 * (test/fuzz.ts `fuzzProperties`, fixed seed `FUZZ_SEED` = 1702, {@link NUM_RUNS} runs each):
 *  1. the answer is a 2xx or a 4xx, never a 5xx;
 *  2. a 4xx wrote nothing for the organization (every table with its org, channel or link id, by row fingerprint —
 *     the replay store `chatwoot_deliveries` and the outbox included), except the signature-refusal tally
 *     `webhook_refusals`, which counts 401s by design (bounded: one row per link and 5 minutes);
 *  3. the identical redelivery (same delivery id, timestamp, signature and bytes) writes nothing more, and is answered
 *     as documented: the 409 "already received" when the first was accepted (2xx), else the same 4xx again.
 * The work a 202 queues runs after the answer (`after()`, stubbed here: it stays in the outbox), so no Chatwoot API
 * is called.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, vi } from "vitest";
import { POST } from "@/app/api/webhooks/chatwoot/[linkId]/route";
import type { Db } from "@/db/client";
import { seedQuietOrg, testDb } from "@/test/db";
import {
  almost, bodyEncoding, contentType, encodeBody, fuzzProperties, headerCase, hostileNumber, hostileTimestamp, hostileValue,
  orgFingerprint, plausibleString, printable, recentTimestamp, toJson, unstorableString, type RawRequest,
} from "@/test/fuzz";
import { serve } from "@/test/http";
import { signInAs } from "@/test/members";
import { saveChatwootLink } from "./link";
import { signChatwoot } from "./signature";

// `after()` needs Next's request scope: the queued work is left in the outbox (the properties are about the answer)
vi.mock("next/server", async (importOriginal) => ({ ...(await importOriginal<typeof import("next/server")>()), after: () => undefined }));

/** Runs per property. */
const NUM_RUNS = 60;
/** The route's body limit (app/api/webhooks/chatwoot/[linkId]/route.ts). */
const MAX_BODY_BYTES = 1_000_000;
const SECRET = "cw-webhook-secret-for-fuzzing";
const MAPPED_INBOX = 12;

let db: Db;
let org: Awaited<ReturnType<typeof seedQuietOrg>>;
let linkId: string;
let server: Awaited<ReturnType<typeof serve>>;

beforeAll(async () => {
  db = await testDb();
  org = await seedQuietOrg(db);
  const owner = await signInAs(db, org, "owner");
  ({ id: linkId } = await saveChatwootLink(db, {
    actor: owner,
    input: { baseUrl: "https://chatwoot.example.com", accountId: 3, apiToken: "cw-token", webhookSecret: SECRET, inboxes: [{ inboxId: MAPPED_INBOX, channelId: org.channels[1]!.id }] },
  }));
  server = await serve((request) => {
    const raw = new URL(request.url).pathname.replace(/^\/api\/webhooks\/chatwoot\//, "");
    let id = raw;
    try {
      id = decodeURIComponent(raw);
    } catch {
      // a malformed escape reaches the route as written
    }
    return POST(request, { params: Promise.resolve({ linkId: id }) });
  });
});
afterAll(() => server?.close());

// ---------------------------------------------------------------------------------------------------------------------
// generators

type Json = Record<string, unknown>;
const fixture = (file: string) => JSON.parse(readFileSync(path.resolve(import.meta.dirname, "../../test/fixtures/chatwoot", file), "utf8")) as Json;
/** Every field of `object` as it is. */
const asIs = (object: Json): Record<string, fc.Arbitrary<unknown>> => Object.fromEntries(Object.entries(object).map(([k, v]) => [k, fc.constant(v)]));

const chatwootId = fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 1, max: 2 ** 31 - 1 }) }, { weight: 1, arbitrary: hostileNumber });
const inboxId = fc.constantFrom(MAPPED_INBOX, 77);
const conversationStatus = fc.constantFrom("open", "resolved", "pending", "snoozed");
const epochSeconds = fc.oneof(fc.integer({ min: 1_700_000_000, max: 1_900_000_000 }), hostileNumber);

/** A `message_created` payload (an incoming message, an agent's reply or a private note), almost intact. */
function messageCreated(): fc.Arbitrary<Json> {
  const base = fixture("message_created.incoming.json");
  const conversation = base.conversation as Json;
  const sender = base.sender as Json;
  return almost({
    ...asIs(base),
    id: chatwootId,
    content: fc.oneof({ weight: 4, arbitrary: plausibleString({ maxLength: 80 }) }, { weight: 1, arbitrary: fc.constant(null) }),
    message_type: fc.constantFrom("incoming", "outgoing", "activity", "template"),
    private: fc.boolean(),
    created_at: fc.oneof(recentTimestamp, hostileTimestamp),
    sender: almost({ ...asIs(sender), id: chatwootId, name: plausibleString(), email: plausibleString(), custom_attributes: fc.dictionary(plausibleString({ maxLength: 8 }), hostileNumber, { maxKeys: 2 }) }),
    conversation: almost({ ...asIs(conversation), id: chatwootId, inbox_id: inboxId, status: conversationStatus, created_at: epochSeconds, labels: fc.array(plausibleString({ maxLength: 10 }), { maxLength: 3 }) }),
  });
}

/** A conversation event payload, almost intact. */
function conversationEvent(): fc.Arbitrary<Json> {
  return fc.constantFrom("conversation_created.json", "conversation_status_changed.json", "conversation_updated.json").chain((file) =>
    almost({
      ...asIs(fixture(file)),
      id: chatwootId,
      inbox_id: inboxId,
      status: conversationStatus,
      priority: fc.constantFrom(null, "low", "medium", "high", "urgent"),
      created_at: epochSeconds,
      labels: fc.array(plausibleString({ maxLength: 10 }), { maxLength: 3 }),
    }),
  );
}

/** An event Tandem does not handle: any name, hostile ones included. */
const ignoredEvent: fc.Arbitrary<Json> = fc.record({
  event: fc.oneof(
    { weight: 2, arbitrary: fc.constantFrom("contact_created", "webwidget_triggered", "message_updated", "conversation_typing_on") },
    { weight: 1, arbitrary: plausibleString() },
    { weight: 2, arbitrary: unstorableString() },
    { weight: 1, arbitrary: hostileValue },
  ),
  id: chatwootId,
});

/** The body's text, before encoding. */
const bodyText: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: messageCreated().map((b) => JSON.stringify(b, null, 2)) },
  { weight: 3, arbitrary: conversationEvent().map(toJson) },
  { weight: 3, arbitrary: ignoredEvent.map(toJson) },
  { weight: 1, arbitrary: hostileValue.map(toJson) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes).toString("latin1")) },
  // valid JSON, padded past the size limit
  { weight: 1, arbitrary: ignoredEvent.map((b) => `${toJson(b)}${" ".repeat(MAX_BODY_BYTES)}`) },
);

/** How a delivery is signed: correctly, or in one of the ways a sender or a forger gets it wrong. */
type Signing =
  | "valid" | "upper-case" | "wrong-secret" | "stale" | "future" | "malformed-timestamp" | "garbage" | "unsigned"
  | "no-delivery" | "no-timestamp" | "no-signature";
const signing: fc.Arbitrary<Signing> = fc.oneof(
  { weight: 12, arbitrary: fc.constant<Signing>("valid") },
  { weight: 4, arbitrary: fc.constantFrom<Signing>("upper-case", "wrong-secret", "stale", "future", "malformed-timestamp", "garbage", "unsigned", "no-delivery", "no-timestamp", "no-signature") },
);

/** `X-Chatwoot-Delivery`: a UUID as Chatwoot sends, printable text, or thousands of random characters. */
const deliveryId = fc.oneof(
  { weight: 8, arbitrary: fc.constant(null) },
  { weight: 2, arbitrary: fc.stringMatching(/^[!-~]([ -~]{0,40}[!-~])?$/) },
  { weight: 1, arbitrary: fc.integer({ min: 3_000, max: 6_000 }).map((n) => randomBytes(n).toString("base64url")) },
);

/** The link the delivery is sent to: the org's, another, or not a link id. */
const linkPath = (): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 12, arbitrary: fc.constant(linkId) },
    { weight: 1, arbitrary: fc.uuid() },
    { weight: 1, arbitrary: fc.constantFrom(linkId.toUpperCase(), "not-a-link", "%00", "%E0%A4%A", encodeURIComponent("\u0000"), encodeURIComponent("😭")) },
  );

/** Chatwoot's headers for `bytes`, signed as `how` says. */
function sign(bytes: Buffer, how: Signing, id: string | null, name: (header: string) => string): Record<string, string> {
  const now = Math.floor(Date.now() / 1000);
  const signed = (secret: string, at: number | string) => ({
    "x-chatwoot-delivery": id ?? randomUUID(),
    "x-chatwoot-timestamp": String(at),
    "x-chatwoot-signature": signChatwoot(secret, at, bytes),
  });
  let headers: Record<string, string>;
  switch (how) {
    case "valid":
      headers = signed(SECRET, now);
      break;
    case "upper-case":
      headers = signed(SECRET, now);
      headers["x-chatwoot-signature"] = headers["x-chatwoot-signature"]!.toUpperCase();
      break;
    case "wrong-secret":
      headers = signed("not-the-secret", now);
      break;
    case "stale":
      headers = signed(SECRET, now - 6 * 60);
      break;
    case "future":
      headers = signed(SECRET, now + 6 * 60);
      break;
    case "malformed-timestamp":
      headers = signed(SECRET, `${now}.5`);
      break;
    case "garbage":
      headers = { "x-chatwoot-delivery": id ?? "d", "x-chatwoot-timestamp": "9".repeat(30), "x-chatwoot-signature": "sha256=zz" };
      break;
    case "unsigned":
      headers = {};
      break;
    case "no-delivery":
    case "no-timestamp":
    case "no-signature":
      headers = signed(SECRET, now);
      delete headers[`x-chatwoot-${how.slice("no-".length)}`];
      break;
  }
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [name(k), v]));
}

/** One complete delivery, as raw bytes and headers. */
const deliveries = (): fc.Arbitrary<RawRequest> =>
  fc
    .record({ text: bodyText, encoding: bodyEncoding, contentType, signing, deliveryId, casing: headerCase, chunked: fc.boolean(), link: linkPath() })
    .map(({ text, encoding, contentType, signing: how, deliveryId: id, casing, chunked, link }) => {
      const { bytes, headers } = encodeBody(text, encoding);
      return printable({
        method: "POST",
        path: `/api/webhooks/chatwoot/${link}`,
        bytes,
        headers: { ...(contentType ? { "Content-Type": contentType } : {}), ...headers, ...sign(bytes, how, id, casing) },
        chunked,
      });
    });

// ---------------------------------------------------------------------------------------------------------------------
// the properties

describe("POST /api/webhooks/chatwoot/{linkId}, fuzzed", () => {
  fuzzProperties({
    requests: deliveries,
    target: {
      origin: () => server.url,
      rows: () => orgFingerprint(db, { orgId: org.orgId, channelIds: org.channels.map((c) => c.id), linkIds: [linkId] }, { except: ["webhook_refusals"] }),
      comparable: (a) => ({ status: a.status, body: a.body }),
      // the replay rule (issue 17 item 3): an accepted delivery id, resent, is a 409 with no side effects
      redelivery: (first) => (first.status < 300 ? { status: 409, body: { ok: false, error: "This delivery was already received" } } : { status: first.status, body: first.body }),
    },
    numRuns: NUM_RUNS,
    outcomes: [200, 202, 401, 404, 413, 422],
  });
});
