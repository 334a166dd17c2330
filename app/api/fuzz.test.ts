/**
 * Property-based fuzzing of the JSON routes that write (issue 17 item 2): `POST /api/push/subscriptions` and
 * `PUT /api/channels/{channelId}/traffic-split`, the app's route handlers served over real HTTP behind the real role
 * guard (app/_auth/guard.ts: only Auth.js's `auth()` is stubbed, with real `user_sessions` rows of the org's owner,
 * admin, supervisor and agent, or none). They get generated requests — arbitrary bytes, arbitrary JSON, and bodies
 * almost valid (fields replaced by hostile values: NUL, lone surrogates, huge or negative numbers, "30%") — in
 * several encodings, content types and header casings, buffered or chunked, from each role or signed out. The three
 * properties (test/fuzz.ts `fuzzProperties`, fixed seed `FUZZ_SEED` = 1702, {@link NUM_RUNS} runs each):
 *  1. the answer is a 2xx or a 4xx, never a 5xx;
 *  2. a 4xx wrote nothing for the organization (every table with its org, channel or user ids, by row fingerprint);
 *  3. the identical request sent again gets the same status and body; a repeated push subscription writes nothing
 *     more (a repeated traffic-split save is saved again — its `updated_at` and analytics event — by design).
 */
import { inArray, eq } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, describe, vi } from "vitest";
import { PUT as trafficSplit } from "@/app/api/channels/[channelId]/traffic-split/route";
import { POST as pushSubscriptions } from "@/app/api/push/subscriptions/route";
import type { Db } from "@/db/client";
import { memberships, userSessions } from "@/db/schema";
import { saveSubscription } from "@/lib/alerts/push-subscriptions";
import type { Role } from "@/lib/auth/roles";
import { seedQuietOrg, testDb } from "@/test/db";
import {
  almost, bodyEncoding, contentType, encodeBody, fuzzProperties, headerCase, hostileNumber, hostileValue, orgFingerprint, plausibleString,
  printable, toJson, unstorableString, type RawRequest,
} from "@/test/fuzz";
import { serve } from "@/test/http";
import { signedIn, type TestSession } from "@/test/signed-in";
import { signInAs } from "@/test/members";

type Session = TestSession;
vi.mock("server-only", () => ({}));
vi.mock("@/app/_auth/auth", async () => (await import("@/test/signed-in")).authModule);

/** Runs per property. */
const NUM_RUNS = 60;
const ROLES: Role[] = ["owner", "admin", "supervisor", "agent"];
/** A push endpoint registered to the org's agent (another user, for the 409). */
const AGENTS_ENDPOINT = "https://push.example.com/send/agents-device";

let db: Db;
let org: Awaited<ReturnType<typeof seedQuietOrg>>;
let userIds: string[];
const sessions = new Map<string, Session>();
let server: Awaited<ReturnType<typeof serve>>;

beforeAll(async () => {
  db = await testDb();
  org = await seedQuietOrg(db);
  for (const role of ROLES) {
    const member = await signInAs(db, org, role);
    sessions.set(role, { user: { id: member.userId, sid: member.sessionId } });
  }
  // "last seen" is refreshed at most once a minute: dated ahead, so no request of the run refreshes it
  const sids = [...sessions.values()].map((s) => s!.user.sid);
  await db.update(userSessions).set({ lastSeenAt: new Date(Date.now() + 86_400_000) }).where(inArray(userSessions.id, sids));
  userIds = (await db.select({ id: memberships.userId }).from(memberships).where(eq(memberships.orgId, org.orgId))).map((m) => m.id);
  await saveSubscription(db, { userId: sessions.get("agent")!.user.id, input: { endpoint: AGENTS_ENDPOINT, keys: { p256dh: "A".repeat(87), auth: "B".repeat(22) } } });

  server = await serve((request) => {
    const url = new URL(request.url);
    return signedIn.run(sessions.get(request.headers.get("x-fuzz-as") ?? "") ?? null, () => {
      if (url.pathname === "/api/push/subscriptions") return pushSubscriptions(request);
      const channel = /^\/api\/channels\/([^/]*)\/traffic-split$/.exec(url.pathname)?.[1];
      if (channel === undefined) return Promise.resolve(new Response("no such route", { status: 404 }));
      let channelId = channel;
      try {
        channelId = decodeURIComponent(channel);
      } catch {
        // a malformed escape reaches the route as written
      }
      return trafficSplit(request, { params: Promise.resolve({ channelId }) });
    });
  });
});
afterAll(() => server?.close());

// ---------------------------------------------------------------------------------------------------------------------
// generators

/** Who sends the request: a member of each role (mostly those the route serves), or nobody signed in. */
const caller = (allowed: Role[]): fc.Arbitrary<string> =>
  fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...allowed) }, { weight: 1, arbitrary: fc.constantFrom(...ROLES) }, { weight: 1, arbitrary: fc.constant("signed-out") });

/** A request to `path` with the body's text encoded, typed and cased in any of the generated ways. */
function request(method: string, path: fc.Arbitrary<string>, text: fc.Arbitrary<string>, allowed: Role[]): fc.Arbitrary<RawRequest> {
  const bodyText = fc.oneof(
    { weight: 8, arbitrary: text },
    { weight: 1, arbitrary: hostileValue.map(toJson) },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes).toString("latin1")) },
  );
  return fc
    .record({ path, text: bodyText, encoding: bodyEncoding, contentType, as: caller(allowed), casing: headerCase, chunked: fc.boolean() })
    .map(({ path, text, encoding, contentType, as, casing, chunked }) => {
      const { bytes, headers } = encodeBody(text, encoding);
      const all = { ...(contentType ? { "Content-Type": contentType } : {}), ...headers, "X-Fuzz-As": as };
      return printable({ method, path, bytes, headers: Object.fromEntries(Object.entries(all).map(([k, v]) => [casing(k), v])), chunked });
    });
}

const base64url = (min: number, max: number) => fc.stringMatching(new RegExp(`^[A-Za-z0-9_-]{${min},${max}}$`));

/** `PushSubscription.toJSON()`, almost intact: any endpoint (the agent's too), keys of any length, any label. */
const subscription = (): fc.Arbitrary<string> =>
  almost({
    endpoint: fc.oneof(
      { weight: 4, arbitrary: base64url(8, 40).map((id) => `https://push.example.com/send/${id}`) },
      { weight: 3, arbitrary: fc.constant(AGENTS_ENDPOINT) },
      { weight: 1, arbitrary: fc.webUrl({ withQueryParameters: true, withFragments: true }) },
      { weight: 1, arbitrary: unstorableString().map((s) => `https://push.example.com/send/${s}`) },
    ),
    keys: almost({ p256dh: base64url(80, 100), auth: base64url(16, 32) }),
    label: fc.oneof({ weight: 3, arbitrary: plausibleString({ minLength: 1, maxLength: 40 }) }, { weight: 1, arbitrary: unstorableString() }, { weight: 1, arbitrary: fc.string({ minLength: 121, maxLength: 130 }) }),
  }).map(toJson);

/** The traffic-split body, almost intact: percentages as numbers or text, in and out of range. */
const split = (): fc.Arbitrary<string> =>
  almost({
    enabled: fc.boolean(),
    bot_percent: fc.oneof(
      { weight: 4, arbitrary: fc.integer({ min: 0, max: 100 }) },
      { weight: 1, arbitrary: fc.integer({ min: 0, max: 100 }).map(String) },
      { weight: 1, arbitrary: fc.constantFrom("30%", " 30 ", "2.5", "-5", "101", "1e2", "", "0x1F", "٣٠") },
      { weight: 1, arbitrary: hostileNumber },
    ),
  }).map(toJson);

/** A channel of the org (its live channels), another id, or not an id at all. */
const channelPath = (): fc.Arbitrary<string> =>
  fc
    .oneof(
      { weight: 6, arbitrary: fc.constantFrom(...org.channels.map((c) => c.id)) },
      { weight: 1, arbitrary: fc.uuid() },
      { weight: 1, arbitrary: fc.constantFrom("not-a-channel", "%00", "%E0%A4%A", encodeURIComponent("😭"), org.channels[0]!.id.toUpperCase()) },
    )
    .map((id) => `/api/channels/${id}/traffic-split`);

// ---------------------------------------------------------------------------------------------------------------------
// the properties

const rows = () => orgFingerprint(db, { orgId: org.orgId, channelIds: org.channels.map((c) => c.id), userIds });

describe("POST /api/push/subscriptions, fuzzed", () => {
  fuzzProperties({
    // every role registers devices (issue 18 item 3: agents get their approvals' reminders)
    requests: () => request("POST", fc.constant("/api/push/subscriptions"), subscription(), ["owner", "admin", "supervisor", "agent"]),
    target: { origin: () => server.url, rows },
    // more runs than the others: reaching all four outcomes takes a valid body for another user's endpoint (409)
    numRuns: 100,
    outcomes: [201, 400, 401, 409],
  });
});

describe("PUT /api/channels/{channelId}/traffic-split, fuzzed", () => {
  fuzzProperties({
    requests: () => request("PUT", channelPath(), split(), ["owner", "admin"]),
    target: { origin: () => server.url, rows },
    numRuns: NUM_RUNS,
    outcomes: [200, 400, 401, 403, 404, 422],
    redeliveryWritesNothing: false,
  });
});
