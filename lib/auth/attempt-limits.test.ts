/**
 * Issue 17 item 4 against a real database: failed sign-ins, invitation acceptances and password changes are limited
 * per client address, and password changes per account (rate-limiter-flexible on PostgreSQL/PGlite). Past a limit the
 * right password or a valid link is refused too, with the wait in words; another client or account is unaffected; the
 * limit lets the right password through once the window has passed; reaching a limit on an account is audited.
 */
import { randomUUID } from "node:crypto";
import { and, eq, like } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { auditLog, rateLimits } from "@/db/schema";
import { UserError } from "@/lib/errors/user-error";
import { acceptInvitation, createInvitation } from "@/lib/members/invitations";
import { seedQuietOrg, testDb } from "@/test/db";
import { signInAs } from "@/test/members";
import { CLIENT_FAILURES, clientAddress, countClientFailure, countFailure, PASSWORD_CHANGE_FAILURES, pruneRateLimits, waitFor, waitInWords } from "./attempt-limits";
import { PROTECTION_ACTOR } from "./audit-lock";
import { changePassword } from "./change-password";
import { attemptLogin, FREE_FAILURES } from "./login-throttle";
import { DEMO_PASSWORD } from "@/lib/demo/seed-demo-org";

let db: Db;
let org: Awaited<ReturnType<typeof seedQuietOrg>>;

beforeAll(async () => {
  db = await testDb();
  org = await seedQuietOrg(db);
});

const client = () => `203.0.113.${Math.floor(Math.random() * 250)}-${randomUUID().slice(0, 6)}`;
/** Ends every window of `key`'s counters, as if 15 minutes had passed. */
const passWindow = (prefix: string) => db.update(rateLimits).set({ expire: new Date(Date.now() - 1000) }).where(like(rateLimits.key, `${prefix}%`));
const refusal = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => (e instanceof UserError ? { status: e.status, message: e.message } : { status: 0, message: String(e) }));

describe("the counters", () => {
  it("a client is stopped after its allowance; another client is not; an ended window frees it", async () => {
    const [a, b] = [client(), client()];
    for (let i = 0; i < CLIENT_FAILURES - 1; i++) await countFailure(db, "client", a);
    expect(await waitFor(db, "client", a)).toBe(0);
    expect(await countFailure(db, "client", a)).toMatchObject({ reached: true });
    expect(await waitFor(db, "client", a)).toBeGreaterThan(14 * 60_000);
    expect(await waitFor(db, "client", b)).toBe(0);
    await passWindow(`client:${a}`);
    expect(await waitFor(db, "client", a)).toBe(0);
    expect(await pruneRateLimits(db)).toBeGreaterThanOrEqual(1);
  });

  it("counts concurrent failures exactly (one atomic upsert each)", async () => {
    const c = client();
    await Promise.all(Array.from({ length: CLIENT_FAILURES }, () => countFailure(db, "client", c)));
    const [row] = await db.select().from(rateLimits).where(eq(rateLimits.key, `client:${c}`));
    expect(row?.points).toBe(CLIENT_FAILURES);
  });

  it("reads the client address from the nearest proxy's X-Forwarded-For entry", () => {
    expect(clientAddress(new Headers({ "x-forwarded-for": "10.0.0.9, 198.51.100.7" }))).toBe("198.51.100.7");
    expect(clientAddress(new Headers({ "x-real-ip": " 198.51.100.8 " }))).toBe("198.51.100.8");
    expect(clientAddress(new Headers())).toBe("unknown");
    expect(waitInWords(20_000)).toBe("a minute");
    expect(waitInWords(14.2 * 60_000)).toBe("15 minutes");
  });
});

describe("password change", () => {
  it(`${PASSWORD_CHANGE_FAILURES} wrong current passwords lock the account's password change (even the right one), audited once; the window's end frees it`, async () => {
    const me = await signInAs(db, org, "supervisor");
    const change = (currentPassword: string, from = client()) =>
      changePassword(db, { userId: me.userId, sessionId: me.sessionId, client: from, input: { currentPassword, newPassword: "a-new-long-password-1", confirmPassword: "a-new-long-password-1" } });
    for (let i = 0; i < PASSWORD_CHANGE_FAILURES; i++) expect(await refusal(change("wrong-password"))).toEqual({ status: 400, message: "Your current password isn't right." });
    const locked = await refusal(change(DEMO_PASSWORD));
    expect(locked).toEqual({ status: 429, message: "Too many wrong passwords. Try again in 15 minutes." });
    const audits = await db.select().from(auditLog).where(and(eq(auditLog.orgId, org.orgId), eq(auditLog.action, "member.password_change_locked"), eq(auditLog.targetId, me.userId)));
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ actorName: PROTECTION_ACTOR, area: "members" });
    await passWindow(`passwordChange:${me.userId}`);
    expect(await change(DEMO_PASSWORD)).toBeGreaterThanOrEqual(0);
  });
});

describe("invitation acceptance", () => {
  it("guessing links from one address: past the allowance even a valid link waits; another address accepts it", async () => {
    const admin = await signInAs(db, org, "admin");
    const invite = await createInvitation(db, { actor: admin, input: { email: `invited-${randomUUID().slice(0, 8)}@example.com`, role: "agent" } });
    const guesser = client();
    for (let i = 0; i < CLIENT_FAILURES; i++) {
      expect((await refusal(acceptInvitation(db, { client: guesser, input: { token: randomUUID(), name: "G", password: "a-long-password-1" } })))?.status).toBe(410);
    }
    const refused = await refusal(acceptInvitation(db, { client: guesser, input: { token: invite.token, name: "Ina", password: "a-long-password-1" } }));
    expect(refused?.status).toBe(429);
    expect(refused?.message).toMatch(/^Too many failed attempts from your network\. Try again in 15 minutes\.$/);
    expect(await acceptInvitation(db, { client: client(), input: { token: invite.token, name: "Ina", password: "a-long-password-1" } })).toEqual({ email: invite.email });
  });
});

describe("sign-in", () => {
  it("the account lock after too many wrong passwords is audited in the account's organization", async () => {
    const email = `agent@${org.emailDomain}`;
    for (let i = 0; i < FREE_FAILURES; i++) await attemptLogin(db, { email, password: "wrong-password" });
    const [entry] = await db.select().from(auditLog).where(and(eq(auditLog.orgId, org.orgId), eq(auditLog.action, "member.sign_in_locked")));
    expect(entry).toMatchObject({ actorName: PROTECTION_ACTOR, targetLabel: email, changes: { wrong_passwords: { from: null, to: FREE_FAILURES }, locked_for_s: { from: null, to: 30 } } });
  });
});

describe("an address that uses up its allowance on an account", () => {
  it("is audited once in that account's organization, with the address; an unknown email audits nothing", async () => {
    const address = client();
    const email = `supervisor@${org.emailDomain}`;
    const entries = () => db.select().from(auditLog).where(and(eq(auditLog.orgId, org.orgId), eq(auditLog.action, "member.client_address_limited"), eq(auditLog.targetLabel, email)));
    for (let i = 0; i < CLIENT_FAILURES - 1; i++) await countClientFailure(db, address, { email });
    expect(await entries()).toHaveLength(0);
    await countClientFailure(db, address, { email });
    expect(await entries()).toEqual([expect.objectContaining({ actorName: PROTECTION_ACTOR, changes: { address: { from: null, to: address }, failed_attempts: { from: null, to: CLIENT_FAILURES } } })]);
    // further failures while blocked do not repeat it
    await countClientFailure(db, address, { email });
    expect(await entries()).toHaveLength(1);
    expect(await waitFor(db, "client", address)).toBeGreaterThan(0);

    const other = client();
    for (let i = 0; i < CLIENT_FAILURES; i++) await countClientFailure(db, other, { email: `nobody-${randomUUID()}@example.com` });
    const all = await db.select().from(auditLog).where(eq(auditLog.action, "member.client_address_limited"));
    expect(all.some((e) => (e.changes as { address?: { to?: string } }).address?.to === other)).toBe(false);
  });
});

