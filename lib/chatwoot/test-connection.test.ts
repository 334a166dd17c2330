/**
 * The "Test connection" button of /settings/chatwoot on a real database, against the Chatwoot stand-in over real HTTP
 * (its profile is "Tandem Bot" in account 3, with two inboxes) — and against an address nobody answers on.
 */
import { createServer } from "node:net";
import type { AddressInfo } from "node:net";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { UserError } from "@/lib/errors/user-error";
import { seedTestOrg, testDb } from "@/test/db";
import { localChatwootStandin } from "@/test/local-chatwoot-standin";
import { signInAs } from "@/test/members";
import { saveChatwootLink } from "./link";
import { testChatwootConnection } from "./test-connection";

const cw = localChatwootStandin();
let db: Db;

beforeAll(async () => {
  db = await testDb();
});
beforeEach(() => cw.standin.reset());
afterEach(() => {
  expect(cw.standin.invalidRequests()).toEqual([]);
});

/** A fresh org linked with these settings (the stand-in's unless overridden); returns its id. */
async function linkedOrg(input: { baseUrl?: string; accountId?: number; apiToken?: string } = {}): Promise<string> {
  const org = await seedTestOrg(db);
  await saveChatwootLink(db, {
    actor: await signInAs(db, org, "owner"),
    input: { baseUrl: cw.standin.url, accountId: cw.standin.accountId, apiToken: cw.standin.token, webhookSecret: "secret", inboxes: [], ...input },
  });
  return org.orgId;
}

async function refusal(promise: Promise<unknown>): Promise<UserError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    return error as UserError;
  }
  throw new Error("expected a refusal");
}

/** An http address on 127.0.0.1 where nothing listens (a port just released). */
async function deadAddress(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

describe("testChatwootConnection", () => {
  it("names the token's user, the account and the number of inboxes", async () => {
    const orgId = await linkedOrg();
    expect(await testChatwootConnection(db, orgId)).toBe("Connected as Tandem Bot (account 3, 2 inboxes).");
    // the profile, then the account's inboxes, with the saved token
    expect(cw.standin.requests.map((r) => [r.method, r.path, r.status, r.authorized])).toEqual([
      ["GET", "/api/v1/profile", 200, true],
      ["GET", "/api/v1/accounts/3/inboxes", 200, true],
    ]);
  });

  it("says '1 inbox' for a single inbox", async () => {
    const orgId = await linkedOrg();
    const saved = cw.standin.inboxes;
    cw.standin.inboxes = [saved[0]!];
    try {
      expect(await testChatwootConnection(db, orgId)).toBe("Connected as Tandem Bot (account 3, 1 inbox).");
    } finally {
      cw.standin.inboxes = saved;
    }
  });

  it("a token Chatwoot refuses → a sentence saying so, without the token", async () => {
    const orgId = await linkedOrg({ apiToken: "an-old-rotated-token" });
    const error = await refusal(testChatwootConnection(db, orgId));
    expect(error.message).toBe("Chatwoot refused the API access token.");
    expect(error.status).toBe(400);
    expect(error.message).not.toContain("an-old-rotated-token");
    expect(cw.standin.requests.map((r) => [r.path, r.status, r.authorized])).toEqual([["/api/v1/profile", 401, false]]);
  });

  it("an account the token's user is not in → a sentence naming the account (the inboxes are not asked for)", async () => {
    const orgId = await linkedOrg({ accountId: 4 });
    const error = await refusal(testChatwootConnection(db, orgId));
    expect(error.message).toBe("The token works, but its user is not in account 4.");
    expect(error.status).toBe(400);
    expect(cw.standin.requests.map((r) => r.path)).toEqual(["/api/v1/profile"]);
  });

  it("an address nobody answers on → 'did not answer', naming the address", async () => {
    const baseUrl = await deadAddress();
    const orgId = await linkedOrg({ baseUrl });
    const error = await refusal(testChatwootConnection(db, orgId));
    expect(error.message).toBe(`Chatwoot at ${baseUrl} did not answer.`);
    expect(error.status).toBe(400);
  });

  it("Chatwoot failing → the status it answered", async () => {
    const orgId = await linkedOrg();
    cw.standin.failNext("/api/v1/profile", 502, 1, { method: "GET" });
    expect((await refusal(testChatwootConnection(db, orgId))).message).toBe("Chatwoot answered 502.");
  });

  it("no link yet → 409 'Save the link first.'", async () => {
    const org = await seedTestOrg(db);
    const error = await refusal(testChatwootConnection(db, org.orgId));
    expect(error.message).toBe("Save the link first.");
    expect(error.status).toBe(409);
    expect(cw.standin.requests).toEqual([]);
  });
});
