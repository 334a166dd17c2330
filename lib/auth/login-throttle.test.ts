/**
 * Sign-in throttling (issue 17) on a real database with a controlled clock: five wrong passwords cost nothing, the
 * sixth locks the account (even the right password is refused), locks grow to 15 minutes, a success clears the count.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { DEMO_PASSWORD } from "@/lib/demo/seed-demo-org";
import { seedTestOrg, testDb } from "@/test/db";
import { attemptLogin, lockAfter, lockedFor } from "./login-throttle";

let db: Db;
beforeAll(async () => {
  db = await testDb();
});

const T0 = new Date("2026-12-02T10:00:00Z");
const at = (ms: number) => new Date(T0.getTime() + ms);

describe("attemptLogin", () => {
  it("locks an account after five wrong passwords in a row, refusing even the right one until the lock ends", async () => {
    const org = await seedTestOrg(db);
    const email = `owner@${org.emailDomain}`;
    const wrong = { email, password: "guess-again" };
    for (let i = 0; i < 4; i++) expect(await attemptLogin(db, wrong, at(i * 100))).toEqual({ ok: false, reason: "invalid" });
    expect(await lockedFor(db, email, at(500))).toBe(0);
    // the fifth failure sets the first lock: 30 s
    expect(await attemptLogin(db, wrong, at(1_000))).toEqual({ ok: false, reason: "invalid" });
    expect(await attemptLogin(db, { email: email.toUpperCase(), password: DEMO_PASSWORD }, at(2_000))).toEqual({ ok: false, reason: "locked", retryAfterMs: 29_000 });
    // after the lock the right password works and clears the count
    const ok = await attemptLogin(db, { email, password: DEMO_PASSWORD }, at(31_001));
    expect(ok).toMatchObject({ ok: true, user: { email } });
    expect(await attemptLogin(db, wrong, at(32_000))).toEqual({ ok: false, reason: "invalid" });
    expect(await lockedFor(db, email, at(32_001))).toBe(0);
  });

  it("doubles the lock with each further failure, up to 15 minutes; 50 tries in a row leave the account locked", async () => {
    const org = await seedTestOrg(db);
    const email = `agent@${org.emailDomain}`;
    let now = 0;
    for (let i = 0; i < 50; i++) {
      // each try comes just after the previous lock ends (the fastest an attacker can go)
      now += (await lockedFor(db, email, at(now))) + 1;
      expect(await attemptLogin(db, { email, password: `guess-${i}` }, at(now))).toEqual({ ok: false, reason: "invalid" });
    }
    expect(await lockedFor(db, email, at(now))).toBe(15 * 60_000);
    // 50 guesses took about 10 hours instead of 5 seconds
    expect(now).toBeGreaterThan(9 * 3_600_000);
    expect(await attemptLogin(db, { email, password: DEMO_PASSWORD }, at(now + 1000))).toMatchObject({ ok: false, reason: "locked" });
    expect(lockAfter(4)).toBe(0);
    expect([5, 6, 7, 9, 10, 50].map(lockAfter)).toEqual([30_000, 60_000, 120_000, 480_000, 900_000, 900_000]);
  });

  it("an unknown email is throttled the same way (no hint which emails exist); failures a day apart start over", async () => {
    const email = `nobody-${Date.now()}@nowhere.test`;
    for (let i = 0; i < 5; i++) await attemptLogin(db, { email, password: "x" }, at(i));
    expect(await lockedFor(db, email, at(10))).toBeGreaterThan(0);
    const org = await seedTestOrg(db);
    const member = `supervisor@${org.emailDomain}`;
    for (let i = 0; i < 4; i++) await attemptLogin(db, { email: member, password: "x" }, at(i));
    // a day later, one more failure is the first of a new count: no lock
    expect(await attemptLogin(db, { email: member, password: "x" }, at(25 * 3_600_000))).toEqual({ ok: false, reason: "invalid" });
    expect(await lockedFor(db, member, at(25 * 3_600_000 + 1))).toBe(0);
  });
});
