import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { auditLog } from "@/db/schema";
import { createChannel } from "@/lib/channels/create-channel";
import { rotateChannelSecret } from "@/lib/channels/rotate-channel-secret";
import { renameChannel, setChannelArchived } from "@/lib/channels/update-channel";
import { changeMemberRole, setMemberStatus, updateAgentSettings } from "@/lib/members/change-member";
import { acceptInvitation, createInvitation, revokeInvitation } from "@/lib/members/invitations";
import { listPendingInvitations } from "@/lib/members/list-members";
import { updateOrganizationSettings } from "@/lib/org/update-organization";
import { updatePlanAndFlags } from "@/lib/org/update-plan-and-flags";
import { seedTestOrg, testDb } from "@/test/db";
import { auditCount, signInAs, userIdOf } from "@/test/members";
import { AUDIT_PAGE_SIZE, auditParamsSchema, describeChanges, exportAudit, listAudit } from "./list-audit";
import { diffFields, recordAudit, type AuditArea } from "./record-audit";

let db: Db;
type Org = Awaited<ReturnType<typeof seedTestOrg>>;

beforeAll(async () => {
  db = await testDb();
});

const all = auditParamsSchema.parse({});
const params = (p: Record<string, unknown>) => auditParamsSchema.parse(p);

/** Appends an entry at a given instant (as if written then). */
async function entryAt(org: Org, createdAt: string, action: string, area: AuditArea = "organization", actor = { id: null as string | null, name: "Someone" }) {
  await db.insert(auditLog).values({ orgId: org.orgId, actorUserId: actor.id, actorName: actor.name, area, action, createdAt: new Date(createdAt) });
}

describe("every administrative write lands in the audit log", () => {
  it("records who did it (name kept), the area and the action, newest first", async () => {
    const org = await seedTestOrg(db);
    const owner = await signInAs(db, org, "owner");
    const agentId = await userIdOf(db, org, "agent");
    const supervisorId = await userIdOf(db, org, "supervisor");

    await updateOrganizationSettings(db, {
      actor: owner,
      input: { name: "Renamed org", timezone: "Asia/Jakarta", locale: "en-ID", currency: "IDR", businessHours: [{ day: 1, open: "08:00", close: "17:00" }], holidays: [] },
    });
    await updatePlanAndFlags(db, { actor: owner, input: { plan: "enterprise", aiAgentAddon: true }, managed: false });
    await changeMemberRole(db, { actor: owner, input: { userId: agentId, role: "supervisor" } });
    await setMemberStatus(db, { actor: owner, input: { userId: supervisorId, status: "deactivated" } });
    await setMemberStatus(db, { actor: owner, input: { userId: supervisorId, status: "active" } });
    await updateAgentSettings(db, { actor: owner, input: { userId: agentId, capacity: 7, availability: "online" } });
    await createInvitation(db, { actor: owner, input: { email: `gone-${randomUUID().slice(0, 6)}@example.test`, role: "agent" } });
    await revokeInvitation(db, { actor: owner, invitationId: (await listPendingInvitations(db, { orgId: org.orgId }))[0]!.id });
    const { token } = await createInvitation(db, { actor: owner, input: { email: `joiner-${randomUUID().slice(0, 6)}@example.test`, role: "agent" } });
    await acceptInvitation(db, { input: { token, name: "Joko Widodo", password: "a-long-password" } });
    const channel = await createChannel(db, { actor: owner, input: { name: "Telegram", type: "telegram" } });
    await renameChannel(db, { actor: owner, input: { channelId: channel.id, name: "Telegram bot" } });
    await setChannelArchived(db, { actor: owner, input: { channelId: channel.id, archived: true } });
    await setChannelArchived(db, { actor: owner, input: { channelId: channel.id, archived: false } });
    await rotateChannelSecret(db, { actor: owner, channelId: channel.id });

    const { rows, total } = await listAudit(db, { orgId: org.orgId, params: all, timezone: owner.timezone });
    expect(total).toBe(16);
    expect(rows.map((r) => [r.actorName, r.area, r.action]).reverse()).toEqual([
      ["Dewi Lestari", "organization", "organization.updated"],
      ["Dewi Lestari", "flags", "organization.plan_and_flags_changed"],
      // the flag bot_traffic_split_enabled was left unchecked: the demo's split channel stops splitting (issue 15 item 5)
      ["Dewi Lestari", "split", "traffic_split.disabled"],
      ["Dewi Lestari", "members", "member.role_changed"],
      ["Dewi Lestari", "members", "member.deactivated"],
      ["Dewi Lestari", "members", "member.reactivated"],
      ["Dewi Lestari", "members", "member.agent_settings_changed"],
      ["Dewi Lestari", "members", "member.invited"],
      ["Dewi Lestari", "members", "member.invitation_revoked"],
      ["Dewi Lestari", "members", "member.invited"],
      ["Joko Widodo", "members", "member.joined"],
      ["Dewi Lestari", "channels", "channel.created"],
      ["Dewi Lestari", "channels", "channel.renamed"],
      ["Dewi Lestari", "channels", "channel.archived"],
      ["Dewi Lestari", "channels", "channel.restored"],
      ["Dewi Lestari", "channels", "channel.secret_rotated"],
    ]);
    expect(rows.filter((r) => r.actorName === "Dewi Lestari").every((r) => r.actorUserId === owner.userId)).toBe(true);
    expect(rows.find((r) => r.action === "member.role_changed")).toMatchObject({ targetLabel: `agent@${org.emailDomain}`, changes: { role: { from: "agent", to: "supervisor" } } });
    expect(rows.find((r) => r.action === "channel.renamed")).toMatchObject({ targetLabel: "Telegram bot", changes: { name: { from: "Telegram", to: "Telegram bot" } } });
  });

  it("a change and its audit entry are written together or not at all", async () => {
    const org = await seedTestOrg(db);
    const owner = await signInAs(db, org, "owner");
    await expect(
      db.transaction(async (tx) => {
        await recordAudit(tx, { actor: owner, area: "organization", action: "organization.updated" });
        throw new Error("the change failed");
      }),
    ).rejects.toThrow("the change failed");
    expect(await auditCount(db, org.orgId)).toBe(0);
  });
});

describe("filtering the audit log", () => {
  let org: Org;
  let other: Org;
  let ownerId: string;
  let adminId: string;
  beforeAll(async () => {
    [org, other] = [await seedTestOrg(db), await seedTestOrg(db)];
    const owner = await signInAs(db, org, "owner");
    const admin = await signInAs(db, org, "admin");
    [ownerId, adminId] = [owner.userId, admin.userId];
    const channel = await createChannel(db, { actor: admin, input: { name: "Email inbox", type: "email" } });
    await rotateChannelSecret(db, { actor: admin, channelId: channel.id });
    await changeMemberRole(db, { actor: owner, input: { userId: await userIdOf(db, org, "agent"), role: "supervisor" } });
    await updatePlanAndFlags(db, { actor: await signInAs(db, other, "owner"), input: { plan: "starter" }, managed: false });
  });
  const list = (p: Record<string, unknown>, orgId = org.orgId, timezone = "Asia/Jakarta") => listAudit(db, { orgId, params: params(p), timezone });

  it("by actor", async () => {
    const byAdmin = await list({ actor: adminId });
    expect(byAdmin.rows.map((r) => r.action)).toEqual(["channel.secret_rotated", "channel.created"]);
    expect(byAdmin.total).toBe(2);
    expect((await list({ actor: ownerId })).rows.map((r) => [r.actorName, r.action])).toEqual([["Dewi Lestari", "member.role_changed"]]);
  });

  it("by area", async () => {
    expect((await list({ area: "channels" })).rows.map((r) => r.action)).toEqual(["channel.secret_rotated", "channel.created"]);
    expect((await list({ area: "members" })).rows.map((r) => r.action)).toEqual(["member.role_changed"]);
    expect(await list({ area: "flags" })).toEqual({ rows: [], total: 0 });
    expect((await list({ area: "channels", actor: ownerId })).total).toBe(0);
  });

  it("never shows another org's entries, even by that org's actor id", async () => {
    const otherOwner = await userIdOf(db, other, "owner");
    expect(await list({ actor: otherOwner })).toEqual({ rows: [], total: 0 });
    expect(await list({ area: "flags" })).toEqual({ rows: [], total: 0 });
    expect(await exportAudit(db, { orgId: org.orgId, params: params({ actor: otherOwner }), timezone: "UTC" })).toEqual([]);
    // (the downgrade to starter also stopped the other org's traffic split: issue 15 item 5)
    expect((await list({}, other.orgId)).rows.map((r) => r.action).sort()).toEqual(["organization.plan_and_flags_changed", "traffic_split.disabled"]);
  });

  it("by local dates in the org's time zone (from and to inclusive)", async () => {
    const dated = await seedTestOrg(db);
    await entryAt(dated, "2026-03-01T16:59:59Z", "sun-23:59");
    await entryAt(dated, "2026-03-01T17:00:00Z", "mon-00:00");
    await entryAt(dated, "2026-03-01T18:00:00Z", "mon-01:00");
    await entryAt(dated, "2026-03-02T16:59:59Z", "mon-23:59");
    await entryAt(dated, "2026-03-02T17:00:00Z", "tue-00:00");
    await entryAt(dated, "2026-03-31T16:59:59Z", "mar31-23:59");
    await entryAt(dated, "2026-03-31T17:00:00Z", "apr1-00:00");
    const actions = async (p: Record<string, unknown>, timezone = "Asia/Jakarta") =>
      (await listAudit(db, { orgId: dated.orgId, params: params(p), timezone })).rows.map((r) => r.action).reverse();

    // 2026-03-01T18:00Z is 2026-03-02 01:00 in Jakarta
    expect(await actions({ from: "2026-03-02", to: "2026-03-02" })).toEqual(["mon-00:00", "mon-01:00", "mon-23:59"]);
    expect(await actions({ from: "2026-03-01", to: "2026-03-01" }, "UTC")).toEqual(["sun-23:59", "mon-00:00", "mon-01:00"]);
    expect(await actions({ to: "2026-03-01" })).toEqual(["sun-23:59"]);
    expect(await actions({ from: "2026-03-03", to: "2026-03-31" })).toEqual(["tue-00:00", "mar31-23:59"]);
    expect(await actions({ from: "2026-04-01" })).toEqual(["apr1-00:00"]);
    expect(await actions({ from: "2026-03-03", to: "2026-03-02" })).toEqual([]);
    // search params may repeat a key: the first value counts
    expect(await actions({ from: ["2026-03-02", "2026-01-01"], to: ["2026-03-02"] })).toEqual(["mon-00:00", "mon-01:00", "mon-23:59"]);
  });

  it("ignores malformed filters instead of failing (a hand-edited URL still shows the log)", () => {
    expect(params({ actor: "bob", area: "secrets", from: "2026-13-45", to: "yesterday", page: "-3" })).toEqual({
      actor: undefined, area: undefined, from: undefined, to: undefined, page: 1,
    });
    expect(params({ actor: ownerId, area: "members", from: "2026-03-02", page: "2" })).toMatchObject({ actor: ownerId, area: "members", from: "2026-03-02", page: 2 });
  });

  it("pages by 50 with the total; the export has every matching entry", async () => {
    const busy = await seedTestOrg(db);
    await db.insert(auditLog).values(
      Array.from({ length: AUDIT_PAGE_SIZE + 5 }, (_, i) => ({ orgId: busy.orgId, actorName: "Bot", area: "knowledge" as const, action: `entry-${i}` })),
    );
    const page1 = await listAudit(db, { orgId: busy.orgId, params: params({}), timezone: "UTC" });
    const page2 = await listAudit(db, { orgId: busy.orgId, params: params({ page: "2" }), timezone: "UTC" });
    expect(page1.total).toBe(55);
    expect(page1.rows).toHaveLength(50);
    expect(page1.rows[0]!.action).toBe("entry-54");
    expect(page2.rows.map((r) => r.action)).toEqual(["entry-4", "entry-3", "entry-2", "entry-1", "entry-0"]);
    expect(await exportAudit(db, { orgId: busy.orgId, params: params({ area: "knowledge" }), timezone: "UTC" })).toHaveLength(55);
    expect(await exportAudit(db, { orgId: busy.orgId, params: params({ area: "members" }), timezone: "UTC" })).toEqual([]);
  });
});

describe("describeChanges", () => {
  it("reads as one line per change", () => {
    expect(describeChanges({ role: { from: "agent", to: "supervisor" }, capacity: { from: 5, to: 8 } })).toBe("role: agent → supervisor; capacity: 5 → 8");
  });

  it("shows a missing value as a dash and other values as JSON", () => {
    expect(describeChanges({ type: { from: null, to: "telegram" } })).toBe("type: — → telegram");
    expect(describeChanges({ archived: { from: false, to: true } })).toBe("archived: false → true");
    expect(describeChanges({ holidays: { from: [], to: ["2026-12-25"] } })).toBe('holidays: [] → ["2026-12-25"]');
    expect(describeChanges({ note: { from: "x", to: undefined } })).toBe("note: x → —");
    expect(describeChanges({})).toBe("");
  });

  it("describes what diffFields found, and nothing for equal values", () => {
    const before = { name: "Old", businessHours: [{ day: 1, open: "08:00", close: "17:00" }], holidays: [] as string[] };
    const after = { name: "New", businessHours: [{ day: 1, open: "08:00", close: "17:00" }], holidays: ["2026-12-25"] };
    expect(describeChanges(diffFields(before, after))).toBe('name: Old → New; holidays: [] → ["2026-12-25"]');
    expect(diffFields(before, before)).toEqual({});
  });
});
