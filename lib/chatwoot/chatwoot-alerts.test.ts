/**
 * Chatwoot problems raise alerts (issue 18 item 4) on a real database, with the Chatwoot stand-in over real HTTP: a
 * P0 message, a drafting engine that fails, and an SLA that passes each raise their own signal through the alert
 * pipeline (dedup key, severity from Settings › Alerts, a push queued for the supervisors), once.
 */
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { aiAgents, aiAgentVersions, alerts, channelIntegrations, outbox } from "@/db/schema";
import { saveAlertSettings, DEFAULT_SEVERITY } from "@/lib/alerts/alert-settings";
import { incomingMessage } from "@/test/chatwoot-payloads";
import { chatwootTestbed, TESTBED_INBOX } from "@/test/chatwoot-testbed";
import type { seedQuietOrg } from "@/test/db";
import { signInAs } from "@/test/members";
import { recordSlaBreaches } from "./sla-breaches";

const INBOX = TESTBED_INBOX;
const KB_QUESTION = "What membership levels do you have and what are the benefits?";

const bed = chatwootTestbed({ secret: "cw-secret-alerts", firstId: 95_000 });
const { nextId, deliver } = bed;
let db: Db;
let org: Awaited<ReturnType<typeof seedQuietOrg>>;
let channelId: string;
beforeAll(() => {
  ({ db, org, channelId } = bed);
});

const customerSays = (content: string, chatwootId = nextId()) => deliver(incomingMessage({ conversationId: chatwootId, content, messageId: nextId(), inboxId: INBOX, contactId: nextId() }));
const alertsOn = (conversationId: string) => db.select().from(alerts).where(and(eq(alerts.orgId, org.orgId), eq(alerts.conversationId, conversationId)));
const pushQueuedFor = async (alertId: string) => (await db.select().from(outbox).where(eq(outbox.dedupKey, `push:${alertId}`))).length;

describe("Chatwoot problems alert the supervisors", () => {
  it("a P0 message: one p0_escalation alert (high), with a push", async () => {
    const outcome = await customerSays("My card declined twice and the payment failed, please fix this");
    if (outcome.action !== "escalated") throw new Error(`expected an escalation, got ${JSON.stringify(outcome)}`);
    const [alert, ...more] = await alertsOn(outcome.conversationId);
    expect(more).toEqual([]);
    expect(alert).toMatchObject({ signal: "p0_escalation", severity: "high", value: expect.stringMatching(/^priority:P0:/) });
    expect(alert!.message).toMatch(/^P0 escalation on .+ \(“(card declined|payment failed)”\): answer this customer now$/);
    expect(await pushQueuedFor(alert!.id)).toBe(1);
  });

  it("the drafting engine failing: one draft_engine_failed alert; a low-confidence skip raises none", async () => {
    const [agent] = await db.insert(aiAgents).values({ orgId: org.orgId, name: "Broken agent", config: {} }).returning({ id: aiAgents.id });
    const [version] = await db.insert(aiAgentVersions).values({ orgId: org.orgId, agentId: agent!.id, version: 1, config: {}, publishedByName: "test" }).returning({ id: aiAgentVersions.id });
    await db.update(aiAgents).set({ status: "live", publishedVersionId: version!.id }).where(eq(aiAgents.id, agent!.id));
    await db.update(channelIntegrations).set({ aiAgentId: agent!.id }).where(eq(channelIntegrations.id, channelId));
    try {
      const failed = await customerSays(KB_QUESTION);
      expect(failed).toMatchObject({ action: "routed_to_human", reason: "engine_failed" });
      const [alert] = await alertsOn((failed as { conversationId: string }).conversationId);
      expect(alert).toMatchObject({ signal: "draft_engine_failed", severity: "medium", value: "engine_failed" });
      expect(alert!.message).toMatch(/^Broken agent could not draft a reply for a Chatwoot customer on .+ \(an error\): a person must answer$/);
    } finally {
      await db.update(channelIntegrations).set({ aiAgentId: null }).where(eq(channelIntegrations.id, channelId));
    }
    const skipped = await customerSays("my video got taken down for copyright, please help");
    expect(skipped).toMatchObject({ action: "routed_to_human", reason: "handover" });
    expect(await alertsOn((skipped as { conversationId: string }).conversationId)).toEqual([]);
  });

  it("an SLA that passes: an sla_breach alert with the severity the org chose (both clocks count on it); a second sweep adds none", async () => {
    await saveAlertSettings(db, { actor: await signInAs(db, org, "owner"), input: { dedupWindowMinutes: 10, stormThreshold: 5, severities: { ...DEFAULT_SEVERITY, sla_breach: "medium" } } });
    const drafted = await customerSays(KB_QUESTION);
    if (drafted.action !== "drafted") throw new Error(`expected a draft, got ${JSON.stringify(drafted)}`);
    const later = new Date(Date.now() + 30 * 86_400_000);
    const breaches = (await recordSlaBreaches(db, { now: later })).filter((b) => b.conversationId === drafted.conversationId);
    expect(breaches.map((b) => b.clock).sort()).toEqual(["first_response", "resolution"]);
    const raised = await alertsOn(drafted.conversationId);
    // both clocks on one conversation share its dedup key inside the window: one alert, counted twice
    expect(raised).toHaveLength(1);
    expect(raised[0]).toMatchObject({ signal: "sla_breach", severity: "medium", occurrences: 2 });
    expect(raised[0]!.message).toMatch(/^A P2 conversation on .+ missed its (first-response|resolution) SLA$/);
    await recordSlaBreaches(db, { now: new Date(later.getTime() + 60_000) });
    expect((await alertsOn(drafted.conversationId))[0]).toMatchObject({ occurrences: 2 });
  });
});
