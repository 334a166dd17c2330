/**
 * Shared pieces of the property-based fuzz suites (issue 17 item 2, fast-check): generators of hostile text, numbers,
 * timestamps, JSON values and body encodings; a sender that posts raw bytes over real HTTP (buffered or chunked);
 * and a fingerprint of every row an organization owns, so a property can prove that a refused request wrote nothing.
 *
 * Every suite runs with {@link FUZZ_SEED} and a bounded `numRuns`, so `npm test` replays the same cases each time;
 * a failure prints its seed and counterexample path (`fc.assert(…, { seed, path })` reruns just that case).
 */
import { gzipSync } from "node:zlib";
import { sql, type SQL } from "drizzle-orm";
import fc from "fast-check";
import { expect, it } from "vitest";
import type { Db } from "@/db/client";
import { executeRows } from "@/db/execute-rows";

/** The fixed seed of every fuzz suite. */
export const FUZZ_SEED = 1702;

const DAY_MS = 86_400_000;

/** Characters that are storable but unusual: emoji, bidi overrides, BOM, quotes, escapes, injection-looking text. */
const oddUnit: fc.Arbitrary<string> = fc.constantFrom(
  "😭", "🙏", "\u202e", "\ufeff", "\u00a0", "\u2028", "\r\n", "\t", " ", '"', "\\", "%00", "' OR 1=1 --", "${x}", "<script>", "é", "ß", "İ",
);

/** What PostgreSQL cannot store as text: NUL and unpaired UTF-16 surrogates. */
const unstorableUnit: fc.Arbitrary<string> = fc.constantFrom("\u0000", "\ud800", "\udbff", "\udc00", "\udfff", "\ud83d", "\ude00");

/** Storable text a real sender might send: any grapheme (any script, emoji, combining marks) and odd characters. */
export function plausibleString({ minLength = 0, maxLength = 24 }: { minLength?: number; maxLength?: number } = {}): fc.Arbitrary<string> {
  const unit = fc.oneof({ weight: 5, arbitrary: fc.string({ unit: "grapheme", minLength: 1, maxLength: 1 }) }, { weight: 1, arbitrary: oddUnit });
  return fc.string({ unit, minLength, maxLength });
}

/** Text with at least one character PostgreSQL cannot store (a NUL half of the time, else a lone surrogate). */
export function unstorableString(): fc.Arbitrary<string> {
  return fc
    .tuple(plausibleString({ maxLength: 8 }), fc.oneof(fc.constant("\u0000"), unstorableUnit), plausibleString({ maxLength: 8 }))
    .map(([before, bad, after]) => before + bad + after);
}

/** Text built from any code point, odd and unstorable characters, or an edge case: empty, blank, just over a limit. */
export function hostileString({ maxLength = 24 }: { maxLength?: number } = {}): fc.Arbitrary<string> {
  const unit = fc.oneof(
    { weight: 4, arbitrary: fc.string({ unit: "binary", minLength: 1, maxLength: 1 }) },
    { weight: 2, arbitrary: oddUnit },
    { weight: 1, arbitrary: unstorableUnit },
  );
  return fc.oneof(
    { weight: 6, arbitrary: fc.string({ unit, maxLength }) },
    { weight: 1, arbitrary: fc.constantFrom("", " ", " \t\n ", "\u0000", "\ud83d", "x".repeat(201), "y".repeat(10_001)) },
  );
}

/** Integers and doubles at and beyond every edge JSON and PostgreSQL care about (NaN and ±Infinity serialize as null). */
export const hostileNumber: fc.Arbitrary<number> = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.constantFrom(0, -0, -1, 1, 5, 6, 1.5, 2 ** 31, -(2 ** 31) - 1, 2 ** 53 + 2, -(2 ** 53) - 2, 1e308, -1e308, 5e-324),
);

/** ISO 8601 with a numeric offset (or Z) for epoch `ms`, as a sender in that zone writes it. */
function isoWithOffset(ms: number, offsetMinutes: number): string {
  if (offsetMinutes === 0) return new Date(ms).toISOString();
  const local = new Date(ms + offsetMinutes * 60_000).toISOString().slice(0, 23);
  const abs = Math.abs(offsetMinutes);
  return `${local}${offsetMinutes < 0 ? "-" : "+"}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
}

/** A plausible timestamp: from a month ago to half a day ahead, in any zone from −14:00 to +14:00. */
export const recentTimestamp: fc.Arbitrary<string> = fc
  .record({ ago: fc.integer({ min: -DAY_MS / 2, max: 30 * DAY_MS }), offset: fc.integer({ min: -14 * 60, max: 14 * 60 }) })
  .map(({ ago, offset }) => isoWithOffset(Date.now() - ago, offset));

/** Timestamps that JavaScript and PostgreSQL read differently, that are out of range, or that are not timestamps. */
export const EXTREME_TIMESTAMPS = [
  "0000-01-01T00:00:00Z", "9999-12-31T23:59:59-14:00", "1969-12-31T23:59:59Z", "1970-01-01T00:00:00Z", "1970-01-01T00:00:00+14:00",
  "+275760-09-13T00:00:00.000Z", "-000001-01-01T00:00:00Z", "2024-02-30T12:00:00Z", "2024-13-01T00:00:00Z", "2024-01-01T24:00:00Z",
  "2024-06-30T23:59:60Z", "2024-01-01T00:00:00.123456789+07:00", "2024-01-01T00:00:00", "2024-01-01", "yesterday", "", "1e12",
];

/** Email addresses a mail server and a strict validator both accept. */
export const plainEmail: fc.Arbitrary<string> = fc
  .tuple(fc.stringMatching(/^[a-z0-9]{1,12}([._+-][a-z0-9]{1,8})?$/), fc.stringMatching(/^[a-z0-9]{1,12}$/), fc.constantFrom("com", "co.id", "example", "io"))
  .map(([local, domain, tld]) => `${local}@${domain}.${tld}`);

/** Any of: a recent timestamp, an extreme one, any representable date, or a number. */
export const hostileTimestamp: fc.Arbitrary<string | number> = fc.oneof(
  { weight: 3, arbitrary: recentTimestamp },
  { weight: 3, arbitrary: fc.constantFrom(...EXTREME_TIMESTAMPS) },
  { weight: 2, arbitrary: fc.date({ noInvalidDate: true }).map((d) => d.toISOString()) },
  { weight: 1, arbitrary: hostileNumber },
);

/** Object keys, prototype-polluting ones included. */
const hostileKey: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: hostileString({ maxLength: 8 }) },
  { weight: 1, arbitrary: fc.constantFrom("__proto__", "constructor", "prototype", "toString", "channel_id", "type", "event", "id") },
);

/** Any JSON-serializable value made of hostile strings, numbers and keys (a few levels deep). */
export const hostileValue: fc.Arbitrary<unknown> = fc.anything({
  key: hostileKey,
  values: [hostileString(), hostileNumber, fc.boolean(), fc.constant(null)],
  maxDepth: 3,
  maxKeys: 6,
});

const ABSENT = Symbol("absent");

/**
 * Bodies shaped almost like a valid one: a valid record, then (a third of the time) one to three mutations — a field, or a
 * new key (`__proto__` included), set to any hostile value, or a field removed.
 * @param fields the valid arbitrary of each field
 */
export function almost(fields: Record<string, fc.Arbitrary<unknown>>): fc.Arbitrary<Record<string, unknown>> {
  const mutation = fc.record({
    key: fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...Object.keys(fields)) }, { weight: 1, arbitrary: hostileKey }),
    value: fc.oneof({ weight: 3, arbitrary: hostileValue }, { weight: 1, arbitrary: fc.constant<unknown>(ABSENT) }),
  });
  const mutations = fc.oneof({ weight: 2, arbitrary: fc.constant([]) }, { weight: 1, arbitrary: fc.array(mutation, { minLength: 1, maxLength: 3 }) });
  return fc.tuple(fc.record(fields), mutations).map(([record, changes]) => {
    const body: Record<string, unknown> = { ...record };
    for (const { key, value } of changes) {
      if (value === ABSENT) delete body[key];
      // defineProperty: a "__proto__" key becomes an own, serialized property (as JSON.parse makes it), not the prototype
      else Object.defineProperty(body, key, { value, enumerable: true, writable: true, configurable: true });
    }
    return body;
  });
}

/** `JSON.stringify` that never returns undefined (a top-level `undefined` is sent as an empty body). */
export function toJson(value: unknown): string {
  return JSON.stringify(value) ?? "";
}

/** How a sender encodes the body's text (mostly UTF-8; the others are what a misconfigured sender sends). */
export type BodyEncoding = "utf8" | "utf8-bom" | "utf16le-bom" | "latin1" | "gzip";

export const bodyEncoding: fc.Arbitrary<BodyEncoding> = fc.oneof(
  { weight: 8, arbitrary: fc.constant("utf8" as const) },
  { weight: 1, arbitrary: fc.constantFrom<BodyEncoding>("utf8-bom", "utf16le-bom", "latin1", "gzip") },
);

/** `text` encoded as `encoding`, with the header that encoding implies (gzip: `Content-Encoding`). */
export function encodeBody(text: string, encoding: BodyEncoding): { bytes: Buffer; headers: Record<string, string> } {
  switch (encoding) {
    case "utf8":
      return { bytes: Buffer.from(text, "utf8"), headers: {} };
    case "utf8-bom":
      return { bytes: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, "utf8")]), headers: {} };
    case "utf16le-bom":
      return { bytes: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]), headers: { "Content-Type": "application/json; charset=utf-16" } };
    case "latin1":
      return { bytes: Buffer.from(text, "latin1"), headers: { "Content-Type": "application/json; charset=iso-8859-1" } };
    case "gzip":
      return { bytes: gzipSync(Buffer.from(text, "utf8")), headers: { "Content-Encoding": "gzip" } };
  }
}

/** Content types a sender might declare (or none). */
export const contentType: fc.Arbitrary<string | null> = fc.constantFrom(
  "application/json", "application/json; charset=utf-8", "APPLICATION/JSON", "text/plain", "application/x-www-form-urlencoded",
  "multipart/form-data; boundary=x", "application/octet-stream", null,
);

/** The same header name in another casing (HTTP header names are case-insensitive). */
export const headerCase: fc.Arbitrary<(name: string) => string> = fc.constantFrom(
  (name: string) => name,
  (name: string) => name.toUpperCase(),
  (name: string) => name.replace(/(^|-)([a-z])/g, (_, dash: string, c: string) => dash + c.toUpperCase()),
);

/** A request as sent: method, path, raw bytes, headers, and whether it goes chunked (no Content-Length). */
export type RawRequest = { method: string; path: string; bytes: Buffer; headers: Record<string, string>; chunked: boolean };

/** `request`, printed readably in a counterexample (the body as an escaped string, so NUL and surrogates show). */
export function printable(request: RawRequest): RawRequest {
  const text = request.bytes.toString("utf8");
  const shown = text.length > 1_500 ? `${JSON.stringify(text.slice(0, 1_500))}… (${request.bytes.length} bytes)` : JSON.stringify(text);
  return Object.assign(request, {
    [fc.toStringMethod]: () => `${request.method} ${request.path}${request.chunked ? " (chunked)" : ""} ${JSON.stringify(request.headers)} ${shown}`,
  });
}

/** What came back: status, the `X-Tandem-Duplicate` marker, and the body (parsed JSON, or the text when not JSON). */
export type Answer = { status: number; duplicate: string | null; body: unknown };

/** Sends `request` to `origin` over real HTTP. */
export async function send(origin: string, request: RawRequest): Promise<Answer> {
  const bytes = new Uint8Array(request.bytes);
  const body = request.chunked
    ? new ReadableStream<Uint8Array>({
        start(controller) {
          // two chunks, so the server really reads a stream of unknown length
          const half = Math.floor(bytes.length / 2);
          controller.enqueue(bytes.slice(0, half));
          controller.enqueue(bytes.slice(half));
          controller.close();
        },
      })
    : bytes;
  const init: RequestInit & { duplex?: "half" } = { method: request.method, headers: request.headers, body, ...(request.chunked ? { duplex: "half" } : {}) };
  const res = await fetch(`${origin}${request.path}`, init);
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON: compared as text
  }
  return { status: res.status, duplicate: res.headers.get("x-tandem-duplicate"), body: parsed };
}

/** Which rows belong to the organization under test: its id, its channels, its users, its Chatwoot link. */
export type OrgScope = { orgId: string; channelIds: string[]; userIds?: string[]; linkIds?: string[] };

export type Fingerprint = Record<string, { rows: number; md5: string }>;

/** Column → how a table's rows are matched to the scope, most specific first. */
const SCOPE_COLUMNS = ["org_id", "channel_id", "link_id", "user_id"] as const;

/**
 * A fingerprint (row count and an MD5 of the rows' text) of every public table with an `org_id`, `channel_id`,
 * `link_id` or `user_id` column, restricted to the scope: equal fingerprints mean nothing was inserted, updated or
 * deleted for the organization. Tables are found in `information_schema`, so tables added later are covered too.
 * @param except tables whose writes are expected whatever the answer (e.g. a delivery log)
 */
export async function orgFingerprint(db: Db, scope: OrgScope, { except = [] }: { except?: string[] } = {}): Promise<Fingerprint> {
  const columns = await executeRows<{ table_name: string; column_name: string }>(
    db,
    sql`select table_name, column_name from information_schema.columns
        where table_schema = 'public' and column_name in ('org_id', 'channel_id', 'link_id', 'user_id') order by table_name`,
  );
  const byTable = new Map<string, Set<string>>();
  for (const { table_name: table, column_name: column } of columns) {
    if (except.includes(table)) continue;
    byTable.set(table, (byTable.get(table) ?? new Set()).add(column));
  }
  const values: Record<(typeof SCOPE_COLUMNS)[number], string[]> = {
    org_id: [scope.orgId], channel_id: scope.channelIds, link_id: scope.linkIds ?? [], user_id: scope.userIds ?? [],
  };
  const parts: SQL[] = [];
  for (const [table, has] of byTable) {
    const column = SCOPE_COLUMNS.find((c) => has.has(c))!;
    const ids = values[column];
    if (ids.length === 0) continue;
    const list = sql.join(ids.map((id) => sql`${id}`), sql`, `);
    parts.push(sql`select ${table}::text as t, count(*)::int as n, coalesce(md5(string_agg(x::text, '|' order by x::text)), '') as h
      from ${sql.identifier(table)} x where x.${sql.identifier(column)}::text in (${list})`);
  }
  const rows = await executeRows<{ t: string; n: number; h: string }>(db, sql.join(parts, sql` union all `));
  return Object.fromEntries(rows.map((r) => [r.t, { rows: Number(r.n), md5: r.h }]));
}

/** The tables whose fingerprint changed between two snapshots (empty when nothing was written). */
export function changedTables(before: Fingerprint, after: Fingerprint): string[] {
  return Object.keys({ ...before, ...after }).filter((t) => before[t]?.rows !== after[t]?.rows || before[t]?.md5 !== after[t]?.md5);
}

/** Where a fuzzed route is served, how to fingerprint what it may write, and what of its answers a redelivery must repeat. */
export type FuzzTarget = {
  /** the origin the route is served on (test/http.ts `serve`) */
  origin: () => string;
  /** the rows the route could write for the organization under test ({@link orgFingerprint}) */
  rows: () => Promise<Fingerprint>;
  /** the part of an answer an identical redelivery must repeat; default: status and body */
  comparable?: (answer: Answer) => unknown;
  /**
   * what a redelivery must answer, given the first answer, for a route whose documented replay answer differs
   * (Chatwoot: 409 for a delivery id already received); default: the same as the first
   */
  redelivery?: (first: Answer) => unknown;
};

const shown = (answer: Answer) => `answered ${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}`;

/**
 * Declares the three properties of issue 17 item 2 for one route, each its own test over `requests()` (built when the
 * test runs, so it may use what `beforeAll` set up), with {@link FUZZ_SEED} and `numRuns`:
 *  1. every answer is a 2xx or a 4xx — and the generated requests reach each status of `outcomes` (so the properties
 *     cannot hold vacuously, e.g. with every request refused at the JSON parse);
 *  2. a 4xx writes nothing (`target.rows()` is unchanged);
 *  3. the identical request sent again is answered the same (`target.comparable`) and, unless
 *     `redeliveryWritesNothing` is false, writes nothing more.
 */
export function fuzzProperties({
  requests, target, numRuns, outcomes, redeliveryWritesNothing = true,
}: {
  requests: () => fc.Arbitrary<RawRequest>;
  target: FuzzTarget;
  numRuns: number;
  outcomes: number[];
  /** false for a route whose repeated request is a new action by design (the answer must still be the same) */
  redeliveryWritesNothing?: boolean;
}): void {
  const settings = { seed: FUZZ_SEED, numRuns };
  // a property is 100 × (a request and, for the write checks, two fingerprints of the org's tables): a few seconds
  // alone, but it shares two cores with the whole suite in CI, where 60 s was seen to run out
  const timeout = 240_000;
  const comparable = target.comparable ?? ((a: Answer) => ({ status: a.status, body: a.body }));

  it("answers 2xx or 4xx, never 5xx", async () => {
    const seen = new Set<number>();
    await fc.assert(
      fc.asyncProperty(requests(), async (request) => {
        const answer = await send(target.origin(), request);
        seen.add(answer.status);
        expect(answer.status, shown(answer)).toBeLessThan(500);
      }),
      settings,
    );
    expect([...seen], "statuses the generated requests reached").toEqual(expect.arrayContaining(outcomes));
  }, timeout);

  it("writes nothing when it answers 4xx", async () => {
    await fc.assert(
      fc.asyncProperty(requests(), async (request) => {
        const before = await target.rows();
        const answer = await send(target.origin(), request);
        if (answer.status >= 400 && answer.status < 500) expect(changedTables(before, await target.rows()), `tables written, ${shown(answer)}`).toEqual([]);
      }),
      settings,
    );
  }, timeout);

  it(`answers an identical redelivery the same${redeliveryWritesNothing ? ", and the redelivery writes nothing" : ""}`, async () => {
    await fc.assert(
      fc.asyncProperty(requests(), async (request) => {
        const first = await send(target.origin(), request);
        const before = await target.rows();
        const again = await send(target.origin(), request);
        expect(comparable(again), `first ${shown(first)}; redelivery ${shown(again)}`).toEqual(target.redelivery ? target.redelivery(first) : comparable(first));
        if (redeliveryWritesNothing) expect(changedTables(before, await target.rows()), "tables the redelivery wrote").toEqual([]);
      }),
      settings,
    );
  }, timeout);
}
