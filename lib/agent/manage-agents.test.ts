/**
 * Creating, editing, publishing and rolling back AI agents (002_… Agents, Versions and audit) on a real database:
 * the role and plan gate on every write, tenant isolation, version numbering and diffs, the channel links that
 * publishing/archiving maintain, pause/resume rules and the audit trail.
 */
import { randomUUID } from "node:crypto";
import { and, asc, count, eq } from "drizzle-orm";
import { ZodError } from "zod";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { aiAgents, aiAgentVersions, auditLog, channelIntegrations, conversations, organizations, type AiAgent } from "@/db/schema";
import type { Role } from "@/lib/auth/roles";
import type { Membership } from "@/lib/auth/sessions";
import { UserError } from "@/lib/errors/user-error";
import { onPostgresServer, seedQuietOrg, testDb } from "@/test/db";
import { auditCount, auditEntries, signInAs } from "@/test/members";
import { AGENTS_UPGRADE_MESSAGE } from "./agent-access";
import { defaultAgentConfig, type AgentConfig } from "./config-schema";
import { getAgent, listAgents, listAgentVersions, listAssignableChannels } from "./list-agents";
import { archiveAgent, createAgent, duplicateAgent, saveAgentConfig, setAgentPaused } from "./manage-agents";
import { ensurePreviewChannel, previewTurn } from "./preview";
import { publishAgent, rollbackAgent } from "./publish-agent";

let db: Db;
type Org = Awaited<ReturnType<typeof seedQuietOrg>>;

beforeAll(async () => {
  db = await testDb();
});

/** A fresh org with AI agents available: professional plan, AI add-on, no business hours (set explicitly). */
async function agentOrg(plan: "starter" | "professional" | "enterprise" = "professional", aiAgentAddon = true): Promise<Org> {
  const org = await seedQuietOrg(db);
  await setPlan(org, plan, aiAgentAddon);
  await db.update(organizations).set({ businessHours: [] }).where(eq(organizations.id, org.orgId));
  return org;
}

async function setPlan(org: Org, plan: "starter" | "professional" | "enterprise", aiAgentAddon: boolean): Promise<void> {
  await db.update(organizations).set({ plan, aiAgentAddon }).where(eq(organizations.id, org.orgId));
}

/** A valid config for the org, named `name`, on the given channels. */
/** The built-in confidence threshold a new agent starts with (the version diffs below move it to 0.6 and back). */
const DEFAULT_THRESHOLD = defaultAgentConfig("en").routing.confidenceThreshold;

function configFor(name: string, channelIds: string[] = [], tweak: (c: AgentConfig) => void = () => {}): AgentConfig {
  const config = defaultAgentConfig("en", name);
  config.routing.channelIds = channelIds;
  tweak(config);
  return config;
}

async function expectUserError(promise: Promise<unknown>, status: number, message?: RegExp | string): Promise<UserError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error, `expected a UserError ${status}, got ${String(error)}`).toBeInstanceOf(UserError);
  expect((error as UserError).status).toBe(status);
  if (typeof message === "string") expect((error as UserError).message).toBe(message);
  else if (message) expect((error as UserError).message).toMatch(message);
  return error as UserError;
}

async function agentRow(id: string): Promise<AiAgent> {
  const [row] = await db.select().from(aiAgents).where(eq(aiAgents.id, id));
  return row!;
}

async function versionsOf(agentId: string) {
  return db.select().from(aiAgentVersions).where(eq(aiAgentVersions.agentId, agentId)).orderBy(asc(aiAgentVersions.version));
}

/** channel id → the agent it has (null: built-in defaults), for the org's channels. */
async function channelLinks(org: Org): Promise<Record<string, string | null>> {
  const rows = await db.select({ id: channelIntegrations.id, aiAgentId: channelIntegrations.aiAgentId }).from(channelIntegrations).where(eq(channelIntegrations.orgId, org.orgId));
  return Object.fromEntries(rows.map((r) => [r.id, r.aiAgentId]));
}

/** Everything an agent write could change in an org. */
async function orgAgentState(org: Org) {
  const agents = await db.select().from(aiAgents).where(eq(aiAgents.orgId, org.orgId)).orderBy(asc(aiAgents.id));
  const versions = await db
    .select({ id: aiAgentVersions.id, agentId: aiAgentVersions.agentId, version: aiAgentVersions.version })
    .from(aiAgentVersions)
    .where(eq(aiAgentVersions.orgId, org.orgId))
    .orderBy(asc(aiAgentVersions.id));
  const channels = await db
    .select({ id: channelIntegrations.id, type: channelIntegrations.type, aiAgentId: channelIntegrations.aiAgentId, updatedAt: channelIntegrations.updatedAt })
    .from(channelIntegrations)
    .where(eq(channelIntegrations.orgId, org.orgId))
    .orderBy(asc(channelIntegrations.id));
  const [convs] = await db.select({ n: count() }).from(conversations).where(eq(conversations.orgId, org.orgId));
  return { agents, versions, channels, conversations: convs!.n, audit: await auditCount(db, org.orgId) };
}

async function auditActions(org: Org, targetId?: string): Promise<string[]> {
  return (await auditEntries(db, org.orgId)).filter((e) => e.area === "agents" && (!targetId || e.targetId === targetId)).map((e) => e.action);
}

/**
 * An agent in a state where every write is valid for an admin: published v1 (channel 0), then v2 (threshold 0.6),
 * then a saved, unpublished change — so publish, rollback to v1, pause, archive, duplicate and save all succeed.
 */
async function busyAgent(org: Org, admin: Membership) {
  const agent = await createAgent(db, { actor: admin, config: configFor("Sari", [org.channels[0]!.id]) });
  const v1 = await publishAgent(db, { actor: admin, agentId: agent.id });
  await saveAgentConfig(db, { actor: admin, agentId: agent.id, config: configFor("Sari", [org.channels[0]!.id], (c) => (c.routing.confidenceThreshold = 0.6)) });
  const v2 = await publishAgent(db, { actor: admin, agentId: agent.id });
  await saveAgentConfig(db, { actor: admin, agentId: agent.id, config: configFor("Sari", [org.channels[0]!.id], (c) => (c.routing.messageCap = 3)) });
  return { agent, v1, v2 };
}

type Fixture = Awaited<ReturnType<typeof busyAgent>> & { org: Org };

/** Every agent write, as the actor would call it on the fixture. */
const WRITES: [string, (actor: Membership, f: Fixture) => Promise<unknown>][] = [
  ["createAgent", (actor, f) => createAgent(db, { actor, config: configFor("New one", [f.org.channels[1]!.id]) })],
  ["saveAgentConfig", (actor, f) => saveAgentConfig(db, { actor, agentId: f.agent.id, config: configFor("Renamed", [f.org.channels[1]!.id]) })],
  ["duplicateAgent", (actor, f) => duplicateAgent(db, { actor, agentId: f.agent.id })],
  ["setAgentPaused", (actor, f) => setAgentPaused(db, { actor, agentId: f.agent.id, paused: true })],
  ["archiveAgent", (actor, f) => archiveAgent(db, { actor, agentId: f.agent.id })],
  ["publishAgent", (actor, f) => publishAgent(db, { actor, agentId: f.agent.id })],
  ["rollbackAgent", (actor, f) => rollbackAgent(db, { actor, agentId: f.agent.id, versionId: f.v1.id })],
  ["previewTurn", (actor) => previewTurn(db, { actor, config: defaultAgentConfig("en"), input: { text: "where is my refund?" }, model: null })],
];

describe("who may change agents: owners and admins, on a plan with the AI add-on", () => {
  let org: Org;
  let fixture: Fixture;
  const actors = {} as Record<Role, Membership>;

  beforeAll(async () => {
    org = await agentOrg();
    for (const role of ["owner", "admin", "supervisor", "agent"] as const) actors[role] = await signInAs(db, org, role);
    fixture = { org, ...(await busyAgent(org, actors.admin)) };
  });

  describe.each(["supervisor", "agent"] as const)("a %s", (role) => {
    it.each(WRITES)("is refused %s (403) and nothing is written", async (_name, write) => {
      const before = await orgAgentState(org);
      await expectUserError(write(actors[role], fixture), 403, /Only owners and admins/);
      expect(await orgAgentState(org)).toEqual(before);
    });
  });

  describe.each([
    ["the starter plan with the add-on", "starter", true],
    ["the starter plan without the add-on", "starter", false],
    ["the professional plan without the add-on", "professional", false],
    ["the enterprise plan without the add-on", "enterprise", false],
  ] as const)("on %s", (_label, plan, addon) => {
    let gated: Org;
    let gatedFixture: Fixture;
    let admin: Membership;
    let owner: Membership;

    beforeAll(async () => {
      gated = await agentOrg();
      admin = await signInAs(db, gated, "admin");
      owner = await signInAs(db, gated, "owner");
      gatedFixture = { org: gated, ...(await busyAgent(gated, admin)) };
      await setPlan(gated, plan, addon);
    });

    it.each(WRITES)("an admin or owner is refused %s (403, upgrade message) and nothing is written", async (_name, write) => {
      const before = await orgAgentState(gated);
      for (const actor of [admin, owner]) await expectUserError(write(actor, gatedFixture), 403, AGENTS_UPGRADE_MESSAGE);
      expect(await orgAgentState(gated)).toEqual(before);
    });
  });

  it("an owner on the enterprise plan with the add-on may do every write (the refusals above are the gate, not the fixture)", async () => {
    const ent = await agentOrg("enterprise", true);
    const owner = await signInAs(db, ent, "owner");
    const f: Fixture = { org: ent, ...(await busyAgent(ent, owner)) };
    // archive last: it ends the agent's life
    const order = ["createAgent", "saveAgentConfig", "duplicateAgent", "publishAgent", "rollbackAgent", "setAgentPaused", "previewTurn", "archiveAgent"];
    for (const name of order) {
      const write = WRITES.find(([n]) => n === name)![1];
      await write(owner, f);
    }
  });

  it("the admin of an eligible org may do every write", async () => {
    for (const [, write] of WRITES.filter(([n]) => n !== "archiveAgent")) await write(actors.admin, fixture);
    await expect(archiveAgent(db, { actor: actors.admin, agentId: fixture.agent.id })).resolves.toBeUndefined();
  });
});

describe("validation on the server", () => {
  it("createAgent and saveAgentConfig refuse an invalid config with a ZodError and write nothing", async () => {
    const org = await agentOrg();
    const admin = await signInAs(db, org, "admin");
    const agent = await createAgent(db, { actor: admin, config: configFor("Sari") });
    const before = await orgAgentState(org);
    const bad = configFor("Sari", [], (c) => (c.routing.confidenceThreshold = 1.5));
    await expect(createAgent(db, { actor: admin, config: bad })).rejects.toBeInstanceOf(ZodError);
    await expect(saveAgentConfig(db, { actor: admin, agentId: agent.id, config: bad })).rejects.toBeInstanceOf(ZodError);
    await expect(saveAgentConfig(db, { actor: admin, agentId: agent.id, config: { ...configFor("Sari"), capabilities: [] } })).rejects.toBeInstanceOf(ZodError);
    expect(await orgAgentState(org)).toEqual(before);
  });

  it("the preview channel and archived channels cannot be put in routing (400)", async () => {
    const org = await agentOrg();
    const admin = await signInAs(db, org, "admin");
    const preview = await ensurePreviewChannel(db, org.orgId);
    await db.update(channelIntegrations).set({ archivedAt: new Date() }).where(eq(channelIntegrations.id, org.channels[2]!.id));
    const before = await orgAgentState(org);
    await expectUserError(createAgent(db, { actor: admin, config: configFor("Sari", [preview]) }), 400, /active channels/);
    await expectUserError(createAgent(db, { actor: admin, config: configFor("Sari", [org.channels[2]!.id]) }), 400, /active channels/);
    await expectUserError(createAgent(db, { actor: admin, config: configFor("Sari", [randomUUID()]) }), 400);
    expect(await orgAgentState(org)).toEqual(before);
    const assignable = (await listAssignableChannels(db, { orgId: org.orgId })).map((c) => c.id);
    expect(assignable).not.toContain(preview);
    expect(assignable).not.toContain(org.channels[2]!.id);
    expect(assignable).toEqual(expect.arrayContaining([org.channels[0]!.id, org.channels[1]!.id]));
  });

  it("a channel named twice counts once", async () => {
    const org = await agentOrg();
    const admin = await signInAs(db, org, "admin");
    const id = org.channels[0]!.id;
    const agent = await createAgent(db, { actor: admin, config: configFor("Sari", [id, id]) });
    await publishAgent(db, { actor: admin, agentId: agent.id });
    expect((await channelLinks(org))[id]).toBe(agent.id);
  });
});

describe("tenant isolation", () => {
  it("an admin of org A cannot touch org B's agent (404) nor use org B's channels (400); org B is unchanged", async () => {
    const a = await agentOrg();
    const b = await agentOrg();
    const adminA = await signInAs(db, a, "admin");
    const adminB = await signInAs(db, b, "admin");
    const fb = await busyAgent(b, adminB);
    const ownA = await createAgent(db, { actor: adminA, config: configFor("Mine", [a.channels[0]!.id]) });
    await publishAgent(db, { actor: adminA, agentId: ownA.id });
    const beforeB = await orgAgentState(b);
    const beforeA = await orgAgentState(a);

    const notHere = /does not exist in your organization/;
    await expectUserError(saveAgentConfig(db, { actor: adminA, agentId: fb.agent.id, config: configFor("Hijacked", [a.channels[0]!.id]) }), 404, notHere);
    await expectUserError(publishAgent(db, { actor: adminA, agentId: fb.agent.id }), 404, notHere);
    await expectUserError(rollbackAgent(db, { actor: adminA, agentId: fb.agent.id, versionId: fb.v1.id }), 404, notHere);
    await expectUserError(setAgentPaused(db, { actor: adminA, agentId: fb.agent.id, paused: true }), 404, notHere);
    await expectUserError(archiveAgent(db, { actor: adminA, agentId: fb.agent.id }), 404, notHere);
    await expectUserError(duplicateAgent(db, { actor: adminA, agentId: fb.agent.id }), 404, notHere);
    // B's version cannot be restored into A's own agent either
    await expectUserError(rollbackAgent(db, { actor: adminA, agentId: ownA.id, versionId: fb.v1.id }), 404, /version does not exist/);
    // B's channel in A's routing, on create and on save
    await expectUserError(createAgent(db, { actor: adminA, config: configFor("Sneaky", [b.channels[0]!.id]) }), 400, /this organization's active channels/);
    await expectUserError(saveAgentConfig(db, { actor: adminA, agentId: ownA.id, config: configFor("Mine", [a.channels[0]!.id, b.channels[1]!.id]) }), 400);

    expect(await orgAgentState(b)).toEqual(beforeB);
    expect(await orgAgentState(a)).toEqual(beforeA);
    expect(await getAgent(db, { orgId: a.orgId, agentId: fb.agent.id })).toBeNull();
    expect(await listAgentVersions(db, { orgId: a.orgId, agentId: fb.agent.id })).toEqual([]);
    expect((await listAgents(db, { orgId: a.orgId })).map((x) => x.id)).toEqual([ownA.id]);
  });

  it("an unknown agent id is 404", async () => {
    const org = await agentOrg();
    const admin = await signInAs(db, org, "admin");
    await expectUserError(publishAgent(db, { actor: admin, agentId: randomUUID() }), 404);
    await expectUserError(saveAgentConfig(db, { actor: admin, agentId: randomUUID(), config: configFor("X") }), 404);
  });
});

describe("creating and saving", () => {
  it("creates a draft (not live, no version, no channel) with its draft source, audited", async () => {
    const org = await agentOrg();
    const admin = await signInAs(db, org, "admin");
    const agent = await createAgent(db, { actor: admin, config: configFor("Sari", [org.channels[0]!.id]), draftSource: "template" });
    expect(agent).toMatchObject({ orgId: org.orgId, name: "Sari", status: "draft", publishedVersionId: null, hasUnpublishedChanges: true, draftSource: "template", updatedBy: admin.userId, archivedAt: null });
    expect(Object.values(await channelLinks(org))).toEqual([null, null, null]);
    expect(await versionsOf(agent.id)).toEqual([]);
    const [entry] = (await auditEntries(db, org.orgId)).filter((e) => e.action === "agent.created");
    expect(entry).toMatchObject({ area: "agents", targetId: agent.id, targetLabel: "Sari", actorUserId: admin.userId, actorName: admin.name, changes: { draft_source: { from: null, to: "template" } } });
    const [row] = await listAgents(db, { orgId: org.orgId });
    expect(row).toMatchObject({ id: agent.id, status: "draft", publishedVersion: null, channels: [], hasUnpublishedChanges: true, updatedByName: admin.name });
  });

  it("saving does not go live; it records what changed and whether it differs from the published version", async () => {
    const org = await agentOrg();
    const admin = await signInAs(db, org, "admin");
    const ch = org.channels[0]!.id;
    const agent = await createAgent(db, { actor: admin, config: configFor("Sari", [ch]) });
    const v1 = await publishAgent(db, { actor: admin, agentId: agent.id });
    expect((await agentRow(agent.id)).hasUnpublishedChanges).toBe(false);

    const changed = configFor("Sari", [ch], (c) => (c.profile.tone = "formal"));
    const saved = await saveAgentConfig(db, { actor: admin, agentId: agent.id, config: changed });
    expect(saved).toMatchObject({ hasUnpublishedChanges: true, publishedVersionId: v1.id, status: "live" });
    expect(saved.config).toEqual(changed);
    // the live version is still v1
    const [version] = await db.select().from(aiAgentVersions).where(eq(aiAgentVersions.id, saved.publishedVersionId!));
    expect((version!.config as AgentConfig).profile.tone).toBe("friendly");
    const savedEntry = (await auditEntries(db, org.orgId)).findLast((e) => e.action === "agent.saved");
    expect(savedEntry?.changes).toEqual({ "profile.tone": { from: "friendly", to: "formal" } });

    // saving back to the published config: no unpublished changes
    const reverted = await saveAgentConfig(db, { actor: admin, agentId: agent.id, config: configFor("Sari", [ch]) });
    expect(reverted.hasUnpublishedChanges).toBe(false);

    // saving the same config again writes no audit entry
    const audit = await auditCount(db, org.orgId);
    await saveAgentConfig(db, { actor: admin, agentId: agent.id, config: configFor("Sari", [ch]) });
    expect(await auditCount(db, org.orgId)).toBe(audit);
  });

  it("the profile name is the agent's name", async () => {
    const org = await agentOrg();
    const admin = await signInAs(db, org, "admin");
    const agent = await createAgent(db, { actor: admin, config: configFor("Sari") });
    const saved = await saveAgentConfig(db, { actor: admin, agentId: agent.id, config: configFor("  Budi  ") });
    expect(saved.name).toBe("Budi");
  });
});

describe("publishing and versions", () => {
  it("publish v1 → live on its channels; v2 records exactly the changed fields; unchanged → 409; rollback → v3 restoring v1", async () => {
    const org = await agentOrg();
    const admin = await signInAs(db, org, "admin");
    const owner = await signInAs(db, org, "owner");
    const [c0, c1] = [org.channels[0]!.id, org.channels[1]!.id];
    const v1Config = configFor("Sari", [c0]);
    const agent = await createAgent(db, { actor: admin, config: v1Config });

    const v1 = await publishAgent(db, { actor: admin, agentId: agent.id });
    expect(v1).toMatchObject({ orgId: org.orgId, agentId: agent.id, version: 1, changes: {}, rolledBackFrom: null, publishedBy: admin.userId, publishedByName: admin.name });
    expect(v1.config).toEqual(v1Config);
    expect(await agentRow(agent.id)).toMatchObject({ status: "live", publishedVersionId: v1.id, hasUnpublishedChanges: false });
    expect(await channelLinks(org)).toMatchObject({ [c0]: agent.id, [c1]: null });

    // edit two fields and publish v2
    const v2Config = configFor("Sari", [c0], (c) => {
      c.routing.confidenceThreshold = 0.6;
      c.profile.tone = "formal";
    });
    await saveAgentConfig(db, { actor: admin, agentId: agent.id, config: v2Config });
    const v2 = await publishAgent(db, { actor: owner, agentId: agent.id });
    expect(v2.version).toBe(2);
    expect(v2.publishedByName).toBe(owner.name);
    expect(v2.changes).toEqual({
      "routing.confidenceThreshold": { from: DEFAULT_THRESHOLD, to: 0.6 },
      "profile.tone": { from: "friendly", to: "formal" },
    });
    expect(await agentRow(agent.id)).toMatchObject({ publishedVersionId: v2.id, status: "live" });

    // publishing again with nothing changed
    const before = await orgAgentState(org);
    await expectUserError(publishAgent(db, { actor: admin, agentId: agent.id }), 409, /Nothing to publish.*version 2/);
    expect(await orgAgentState(org)).toEqual(before);

    // roll back to v1: a new v3 with v1's config
    const v3 = await rollbackAgent(db, { actor: admin, agentId: agent.id, versionId: v1.id });
    expect(v3).toMatchObject({ version: 3, rolledBackFrom: 1 });
    expect(v3.config).toEqual(v1Config);
    expect(v3.changes).toEqual({
      "routing.confidenceThreshold": { from: 0.6, to: DEFAULT_THRESHOLD },
      "profile.tone": { from: "formal", to: "friendly" },
    });
    const after = await agentRow(agent.id);
    expect(after).toMatchObject({ publishedVersionId: v3.id, status: "live", hasUnpublishedChanges: false });
    expect(after.config).toEqual(v1Config);
    // v1 and v2 are untouched
    const all = await versionsOf(agent.id);
    expect(all.map((v) => [v.version, v.rolledBackFrom])).toEqual([[1, null], [2, null], [3, 1]]);
    expect(all[1]!.config).toEqual(v2Config);

    // the live version cannot be rolled back to; v1 again is the same config as live → nothing to publish
    await expectUserError(rollbackAgent(db, { actor: admin, agentId: agent.id, versionId: v3.id }), 409, /Version 3 is already live/);
    await expectUserError(rollbackAgent(db, { actor: admin, agentId: agent.id, versionId: v1.id }), 409, /Nothing to publish/);
    await expectUserError(rollbackAgent(db, { actor: admin, agentId: agent.id, versionId: randomUUID() }), 404);
    expect((await versionsOf(agent.id)).length).toBe(3);

    // the version list, newest first
    const listed = await listAgentVersions(db, { orgId: org.orgId, agentId: agent.id });
    expect(listed.map((v) => [v.version, v.rolledBackFrom])).toEqual([[3, 1], [2, null], [1, null]]);

    // audit: created, published ×2, rolled back — labelled with the version
    const entries = (await auditEntries(db, org.orgId)).filter((e) => e.targetId === agent.id);
    expect(entries.map((e) => e.action)).toEqual(["agent.created", "agent.published", "agent.saved", "agent.published", "agent.rolled_back"]);
    const published = entries.filter((e) => e.action === "agent.published");
    expect(published.map((e) => e.targetLabel)).toEqual(["Sari v1", "Sari v2"]);
    expect(published[1]!.changes).toEqual(v2.changes);
    expect(published[1]!.actorUserId).toBe(owner.userId);
    expect(entries.at(-1)).toMatchObject({ action: "agent.rolled_back", targetLabel: "Sari v3", changes: v3.changes });

    const [row] = await listAgents(db, { orgId: org.orgId });
    expect(row).toMatchObject({ id: agent.id, status: "live", publishedVersion: 3, channels: [org.channels[0]!.name], hasUnpublishedChanges: false });
  });

  it("a rollback of unsaved working changes discards them (the restored config becomes the working config)", async () => {
    const org = await agentOrg();
    const admin = await signInAs(db, org, "admin");
    const { agent, v1 } = await busyAgent(org, admin);
    expect((await agentRow(agent.id)).hasUnpublishedChanges).toBe(true);
    const v3 = await rollbackAgent(db, { actor: admin, agentId: agent.id, versionId: v1.id });
    const row = await agentRow(agent.id);
    expect(row.config).toEqual(v1.config);
    expect(row).toMatchObject({ hasUnpublishedChanges: false, publishedVersionId: v3.id });
    // the diff is against the live version (v2), not the discarded working config
    expect(v3.changes).toEqual({ "routing.confidenceThreshold": { from: 0.6, to: DEFAULT_THRESHOLD } });
  });

  it("removing a channel from routing and publishing unlinks it; adding one links it; rollback restores the old links", async () => {
    const org = await agentOrg();
    const admin = await signInAs(db, org, "admin");
    const [c0, c1, c2] = org.channels.map((c) => c.id) as [string, string, string];
    const agent = await createAgent(db, { actor: admin, config: configFor("Sari", [c0, c1]) });
    const v1 = await publishAgent(db, { actor: admin, agentId: agent.id });
    expect(await channelLinks(org)).toEqual({ [c0]: agent.id, [c1]: agent.id, [c2]: null });

    await saveAgentConfig(db, { actor: admin, agentId: agent.id, config: configFor("Sari", [c1, c2]) });
    // saving alone does not move channels
    expect(await channelLinks(org)).toEqual({ [c0]: agent.id, [c1]: agent.id, [c2]: null });
    const v2 = await publishAgent(db, { actor: admin, agentId: agent.id });
    expect(v2.changes).toEqual({ "routing.channelIds": { from: [c0, c1], to: [c1, c2] } });
    expect(await channelLinks(org)).toEqual({ [c0]: null, [c1]: agent.id, [c2]: agent.id });

    await saveAgentConfig(db, { actor: admin, agentId: agent.id, config: configFor("Sari", []) });
    await publishAgent(db, { actor: admin, agentId: agent.id });
    expect(await channelLinks(org)).toEqual({ [c0]: null, [c1]: null, [c2]: null });
    expect((await listAgents(db, { orgId: org.orgId }))[0]!.channels).toEqual([]);

    await rollbackAgent(db, { actor: admin, agentId: agent.id, versionId: v1.id });
    expect(await channelLinks(org)).toEqual({ [c0]: agent.id, [c1]: agent.id, [c2]: null });
  });

  it("publishing an agent for a channel another agent has moves the channel; the other agent keeps its other channels", async () => {
    const org = await agentOrg();
    const admin = await signInAs(db, org, "admin");
    const [c0, c1] = [org.channels[0]!.id, org.channels[1]!.id];
    const first = await createAgent(db, { actor: admin, config: configFor("First", [c0, c1]) });
    await publishAgent(db, { actor: admin, agentId: first.id });
    const second = await createAgent(db, { actor: admin, config: configFor("Second", [c1]) });
    await publishAgent(db, { actor: admin, agentId: second.id });
    expect(await channelLinks(org)).toMatchObject({ [c0]: first.id, [c1]: second.id });
    const list = await listAgents(db, { orgId: org.orgId });
    expect(list.find((a) => a.id === first.id)!.channels).toEqual([org.channels[0]!.name]);
    expect(list.find((a) => a.id === second.id)!.channels).toEqual([org.channels[1]!.name]);
    // republishing the first agent (some other change) takes c1 back, as its routing still names it
    await saveAgentConfig(db, { actor: admin, agentId: first.id, config: configFor("First", [c0, c1], (c) => (c.routing.messageCap = 4)) });
    await publishAgent(db, { actor: admin, agentId: first.id });
    expect(await channelLinks(org)).toMatchObject({ [c0]: first.id, [c1]: first.id });
  });

  it("version numbers are per agent", async () => {
    const org = await agentOrg();
    const admin = await signInAs(db, org, "admin");
    const a = await createAgent(db, { actor: admin, config: configFor("A") });
    const b = await createAgent(db, { actor: admin, config: configFor("B") });
    expect((await publishAgent(db, { actor: admin, agentId: a.id })).version).toBe(1);
    expect((await publishAgent(db, { actor: admin, agentId: b.id })).version).toBe(1);
  });

  it("a stored working config that no longer validates is not published", async () => {
    const org = await agentOrg();
    const admin = await signInAs(db, org, "admin");
    const agent = await createAgent(db, { actor: admin, config: configFor("Sari") });
    const broken = { ...configFor("Sari"), capabilities: [] };
    await db.update(aiAgents).set({ config: broken as unknown as Record<string, unknown> }).where(eq(aiAgents.id, agent.id));
    await expect(publishAgent(db, { actor: admin, agentId: agent.id })).rejects.toBeInstanceOf(ZodError);
    expect(await versionsOf(agent.id)).toEqual([]);
    expect((await agentRow(agent.id)).status).toBe("draft");
  });

  it.runIf(onPostgresServer())("concurrent publishes of the same agent never produce a duplicate version number (PostgreSQL)", async () => {
    const org = await agentOrg();
    const admin = await signInAs(db, org, "admin");
    const agent = await createAgent(db, { actor: admin, config: configFor("Sari", [org.channels[0]!.id]) });

    // round 1: five concurrent publishes of the same draft → exactly one v1, the others 409
    const first = await Promise.allSettled(Array.from({ length: 5 }, () => publishAgent(db, { actor: admin, agentId: agent.id })));
    const ok = first.filter((r) => r.status === "fulfilled").map((r) => (r as PromiseFulfilledResult<{ version: number }>).value.version);
    expect(ok).toEqual([1]);
    for (const r of first.filter((x) => x.status === "rejected")) {
      expect((r as PromiseRejectedResult).reason).toBeInstanceOf(UserError);
      expect(((r as PromiseRejectedResult).reason as UserError).status).toBe(409);
    }

    // round 2: concurrent save-then-publish of different configs → distinct, consecutive version numbers (or 409s)
    const results = await Promise.allSettled(
      [0.5, 0.6, 0.7, 0.8].map(async (t) => {
        await saveAgentConfig(db, { actor: admin, agentId: agent.id, config: configFor("Sari", [org.channels[0]!.id], (c) => (c.routing.confidenceThreshold = t)) });
        return publishAgent(db, { actor: admin, agentId: agent.id });
      }),
    );
    for (const r of results) {
      if (r.status === "rejected") expect((r.reason as UserError).status, String(r.reason)).toBe(409);
    }
    const versions = (await versionsOf(agent.id)).map((v) => v.version);
    expect(new Set(versions).size).toBe(versions.length);
    expect(versions).toEqual(Array.from({ length: versions.length }, (_, i) => i + 1));
    expect(versions.length).toBe(1 + results.filter((r) => r.status === "fulfilled").length);
    const row = await agentRow(agent.id);
    const [live] = await db.select().from(aiAgentVersions).where(eq(aiAgentVersions.id, row.publishedVersionId!));
    expect(live!.version).toBe(versions.at(-1));
    expect((await auditActions(org, agent.id)).filter((a) => a === "agent.published")).toHaveLength(versions.length);
  });

  it.runIf(onPostgresServer())("concurrent rollbacks to the same version create one new version (PostgreSQL)", async () => {
    const org = await agentOrg();
    const admin = await signInAs(db, org, "admin");
    const { agent, v1 } = await busyAgent(org, admin);
    const results = await Promise.allSettled(Array.from({ length: 4 }, () => rollbackAgent(db, { actor: admin, agentId: agent.id, versionId: v1.id })));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const r of results) if (r.status === "rejected") expect((r.reason as UserError).status).toBe(409);
    expect((await versionsOf(agent.id)).map((v) => [v.version, v.rolledBackFrom])).toEqual([[1, null], [2, null], [3, 1]]);
  });
});

describe("pause and resume", () => {
  it("a draft cannot be paused or resumed (409); a live agent pauses, a paused one resumes, each audited", async () => {
    const org = await agentOrg();
    const admin = await signInAs(db, org, "admin");
    const agent = await createAgent(db, { actor: admin, config: configFor("Sari", [org.channels[0]!.id]) });
    let before = await orgAgentState(org);
    await expectUserError(setAgentPaused(db, { actor: admin, agentId: agent.id, paused: true }), 409, /Only a live agent can be paused/);
    await expectUserError(setAgentPaused(db, { actor: admin, agentId: agent.id, paused: false }), 409, /Only a paused agent can be resumed/);
    expect(await orgAgentState(org)).toEqual(before);

    await publishAgent(db, { actor: admin, agentId: agent.id });
    await expectUserError(setAgentPaused(db, { actor: admin, agentId: agent.id, paused: false }), 409, /Only a paused agent/);
    const paused = await setAgentPaused(db, { actor: admin, agentId: agent.id, paused: true });
    expect(paused.status).toBe("paused");
    // the channel stays with the paused agent (it hands over instead of answering)
    expect((await channelLinks(org))[org.channels[0]!.id]).toBe(agent.id);
    before = await orgAgentState(org);
    await expectUserError(setAgentPaused(db, { actor: admin, agentId: agent.id, paused: true }), 409, /Only a live agent/);
    expect(await orgAgentState(org)).toEqual(before);

    // publishing while paused keeps it paused
    await saveAgentConfig(db, { actor: admin, agentId: agent.id, config: configFor("Sari", [org.channels[0]!.id], (c) => (c.routing.messageCap = 2)) });
    const v2 = await publishAgent(db, { actor: admin, agentId: agent.id });
    expect(await agentRow(agent.id)).toMatchObject({ status: "paused", publishedVersionId: v2.id });
    expect((await listAgents(db, { orgId: org.orgId }))[0]).toMatchObject({ status: "paused", publishedVersion: 2 });

    const resumed = await setAgentPaused(db, { actor: admin, agentId: agent.id, paused: false });
    expect(resumed.status).toBe("live");

    const entries = (await auditEntries(db, org.orgId)).filter((e) => e.action === "agent.paused" || e.action === "agent.resumed");
    expect(entries.map((e) => [e.action, e.changes])).toEqual([
      ["agent.paused", { status: { from: "live", to: "paused" } }],
      ["agent.resumed", { status: { from: "paused", to: "live" } }],
    ]);
  });
});

describe("archiving", () => {
  it("unlinks its channels, hides it from the list, keeps its versions, and refuses further changes (409)", async () => {
    const org = await agentOrg();
    const admin = await signInAs(db, org, "admin");
    const [c0, c1] = [org.channels[0]!.id, org.channels[1]!.id];
    const agent = await createAgent(db, { actor: admin, config: configFor("Sari", [c0, c1]) });
    const v1 = await publishAgent(db, { actor: admin, agentId: agent.id });
    const other = await createAgent(db, { actor: admin, config: configFor("Other") });

    await archiveAgent(db, { actor: admin, agentId: agent.id });
    const row = await agentRow(agent.id);
    expect(row.archivedAt).toBeInstanceOf(Date);
    expect(row.status).toBe("paused");
    expect(Object.values(await channelLinks(org))).toEqual([null, null, null]);
    expect((await listAgents(db, { orgId: org.orgId })).map((a) => a.id)).toEqual([other.id]);
    expect(await getAgent(db, { orgId: org.orgId, agentId: agent.id })).toBeNull();
    expect((await versionsOf(agent.id)).map((v) => v.id)).toEqual([v1.id]);
    const entry = (await auditEntries(db, org.orgId)).find((e) => e.action === "agent.archived");
    expect(entry).toMatchObject({ targetId: agent.id, targetLabel: "Sari" });
    expect((entry!.changes.channels!.from as string[]).sort()).toEqual([org.channels[0]!.name, org.channels[1]!.name].sort());
    expect(entry!.changes.channels!.to).toEqual([]);

    const before = await orgAgentState(org);
    const archived = /archived/;
    await expectUserError(archiveAgent(db, { actor: admin, agentId: agent.id }), 409, archived);
    await expectUserError(saveAgentConfig(db, { actor: admin, agentId: agent.id, config: configFor("Sari", [c0]) }), 409, archived);
    await expectUserError(publishAgent(db, { actor: admin, agentId: agent.id }), 409, archived);
    await expectUserError(rollbackAgent(db, { actor: admin, agentId: agent.id, versionId: v1.id }), 409, archived);
    await expectUserError(setAgentPaused(db, { actor: admin, agentId: agent.id, paused: false }), 409, archived);
    expect(await orgAgentState(org)).toEqual(before);
  });

  it("archiving a draft keeps it a draft", async () => {
    const org = await agentOrg();
    const admin = await signInAs(db, org, "admin");
    const agent = await createAgent(db, { actor: admin, config: configFor("Sari") });
    await archiveAgent(db, { actor: admin, agentId: agent.id });
    expect(await agentRow(agent.id)).toMatchObject({ status: "draft", publishedVersionId: null });
    expect(await listAgents(db, { orgId: org.orgId })).toEqual([]);
  });
});

describe("duplicating", () => {
  it("creates a new draft named '… (copy)' with the working config and no channels; the source is unchanged", async () => {
    const org = await agentOrg();
    const admin = await signInAs(db, org, "admin");
    const { agent } = await busyAgent(org, admin);
    const source = await agentRow(agent.id);
    const copy = await duplicateAgent(db, { actor: admin, agentId: agent.id });
    expect(copy).toMatchObject({ name: "Sari (copy)", status: "draft", publishedVersionId: null, hasUnpublishedChanges: true, draftSource: "manual", archivedAt: null });
    const expected = configFor("Sari (copy)", [], (c) => (c.routing.messageCap = 3));
    expect(copy.config).toEqual(expected);
    expect(await versionsOf(copy.id)).toEqual([]);
    expect(Object.values(await channelLinks(org))).not.toContain(copy.id);
    expect(await agentRow(agent.id)).toEqual(source);
    expect((await listAgents(db, { orgId: org.orgId })).find((a) => a.id === copy.id)).toMatchObject({ name: "Sari (copy)", status: "draft", channels: [] });
    const entry = (await auditEntries(db, org.orgId)).find((e) => e.action === "agent.duplicated");
    expect(entry).toMatchObject({ targetId: copy.id, targetLabel: "Sari (copy)", changes: { duplicated_from: { from: null, to: "Sari" } } });
    // the copy can be published on its own (and its config is valid)
    await saveAgentConfig(db, { actor: admin, agentId: copy.id, config: { ...expected, routing: { ...expected.routing, channelIds: [org.channels[1]!.id] } } });
    expect((await publishAgent(db, { actor: admin, agentId: copy.id })).version).toBe(1);
  });

  it("keeps a long name within 80 characters, and an archived agent can be duplicated to work on it again", async () => {
    const org = await agentOrg();
    const admin = await signInAs(db, org, "admin");
    const longName = "N".repeat(78);
    const agent = await createAgent(db, { actor: admin, config: configFor(longName) });
    await archiveAgent(db, { actor: admin, agentId: agent.id });
    const copy = await duplicateAgent(db, { actor: admin, agentId: agent.id });
    expect(copy.name).toHaveLength(80);
    expect((copy.config as AgentConfig).profile.name).toBe(copy.name);
    expect((await listAgents(db, { orgId: org.orgId })).map((a) => a.id)).toEqual([copy.id]);
    // the copy's config passes validation (it can be saved and published)
    await expect(publishAgent(db, { actor: admin, agentId: copy.id })).resolves.toMatchObject({ version: 1 });
  });
});

describe("the audit trail", () => {
  it("every agent write leaves an 'agents' entry in order", async () => {
    const org = await agentOrg();
    const admin = await signInAs(db, org, "admin");
    const { agent, v1 } = await busyAgent(org, admin);
    await publishAgent(db, { actor: admin, agentId: agent.id });
    await rollbackAgent(db, { actor: admin, agentId: agent.id, versionId: v1.id });
    await setAgentPaused(db, { actor: admin, agentId: agent.id, paused: true });
    await setAgentPaused(db, { actor: admin, agentId: agent.id, paused: false });
    const copy = await duplicateAgent(db, { actor: admin, agentId: agent.id });
    await archiveAgent(db, { actor: admin, agentId: agent.id });
    expect(await auditActions(org, agent.id)).toEqual([
      "agent.created",
      "agent.published",
      "agent.saved",
      "agent.published",
      "agent.saved",
      "agent.published",
      "agent.rolled_back",
      "agent.paused",
      "agent.resumed",
      "agent.archived",
    ]);
    expect(await auditActions(org, copy.id)).toEqual(["agent.duplicated"]);
    const rows = await db.select().from(auditLog).where(and(eq(auditLog.orgId, org.orgId), eq(auditLog.area, "agents")));
    expect(rows.every((r) => r.actorUserId === admin.userId && r.actorName === admin.name)).toBe(true);
  });
});
