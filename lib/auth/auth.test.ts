import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { getConversation } from "@/lib/conversations/get-conversation";
import { DEMO_PASSWORD } from "@/lib/demo/seed-demo-org";
import { receiveMessage } from "@/lib/ingest/receive-message";
import { loadChannelContext } from "@/lib/ingest/load-channel";
import { seedTestOrg, testDb } from "@/test/db";
import { canAccess, ROLES } from "./roles";
import { verifyCredentials } from "./verify-credentials";

let db: Db;
let orgA: Awaited<ReturnType<typeof seedTestOrg>>;
let orgB: Awaited<ReturnType<typeof seedTestOrg>>;

beforeAll(async () => {
  db = await testDb();
  [orgA, orgB] = [await seedTestOrg(db), await seedTestOrg(db)];
});

describe("sign-in", () => {
  it.each(ROLES)("a %s can sign in and gets their org and role", async (role) => {
    const user = await verifyCredentials(db, { email: `${role}@${orgA.emailDomain}`, password: DEMO_PASSWORD });
    expect(user).toMatchObject({ orgId: orgA.orgId, role });
  });

  it("accepts the email in any letter case", async () => {
    const user = await verifyCredentials(db, { email: `ADMIN@${orgA.emailDomain.toUpperCase()}`, password: DEMO_PASSWORD });
    expect(user?.role).toBe("admin");
  });

  it.each([
    ["a wrong password", (d: string) => ({ email: `admin@${d}`, password: "wrong" })],
    ["an unknown email", () => ({ email: "nobody@nowhere.test", password: DEMO_PASSWORD })],
    ["a malformed email", () => ({ email: "admin", password: DEMO_PASSWORD })],
    ["no input", () => undefined],
  ])("refuses %s", async (_name, input) => {
    expect(await verifyCredentials(db, input(orgA.emailDomain))).toBeNull();
  });
});

describe("role guard rules", () => {
  it("keeps agents out of settings and reports; lets supervisors view but not change settings", () => {
    expect(canAccess("agent", "settings")).toBe(false);
    expect(canAccess("agent", "reports")).toBe(false);
    expect(canAccess("agent", "conversations")).toBe(true);
    expect(canAccess("supervisor", "settings")).toBe(true);
    expect(canAccess("supervisor", "settingsWrite")).toBe(false);
    expect(canAccess("admin", "settingsWrite")).toBe(true);
  });
});

describe("tenant scoping", () => {
  it("does not show org B's conversation to org A, by id", async () => {
    const ctx = await loadChannelContext(db, orgB.channels[0]!.id);
    const { response } = await receiveMessage(db, {
      ctx: ctx!,
      input: { channel_id: ctx!.channelId, conversation_id: "b-1", message_id: "b-1:0", contact: { id: "c-1" }, text: "where is my order", sent_at: new Date().toISOString() },
    });
    expect(await getConversation(db, { orgId: orgB.orgId, id: response.conversation_id })).not.toBeNull();
    expect(await getConversation(db, { orgId: orgA.orgId, id: response.conversation_id })).toBeNull();
    expect(await getConversation(db, { orgId: orgA.orgId, id: "not-a-uuid" })).toBeNull();
  });
});
