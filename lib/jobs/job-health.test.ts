/**
 * Settings › System's data (issue 16 item 4) on a real database: each job's state from its recorded runs, and the
 * per-channel webhook delivery counts played through the signed webhook.
 */
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { sql } from "drizzle-orm";
import { jobRuns, webhookDeliveries } from "@/db/schema";
import { channelDeliveryStats } from "@/lib/channels/delivery-stats";
import { handleIncomingMessage } from "@/lib/ingest/handle-incoming-message";
import { signWebhook } from "@/lib/ingest/sign";
import { seedQuietOrg, testDb } from "@/test/db";
import { describeDuration, describeSchedule, describeSummary, jobName } from "./describe-schedule";
import { listJobHealth } from "./job-health";
import type { ScheduledJob } from "./scheduled-jobs";

let db: Db;
beforeAll(async () => {
  db = await testDb();
});

const NOW = new Date("2026-12-02T10:07:30Z");
const job = (cron = "*/5 * * * *"): ScheduledJob => ({ id: `health-${randomUUID()}`, name: "Test job", cron, run: async () => ({}) });
async function ran(j: ScheduledJob, at: string, outcome: "ok" | "failed", error: string | null = null) {
  const startedAt = new Date(at);
  await db.insert(jobRuns).values({ jobId: j.id, scheduledFor: startedAt, startedAt, finishedAt: new Date(startedAt.getTime() + 1500), runner: "embedded", outcome, error, summary: outcome === "ok" ? { closed: 2 } : null });
}

describe("listJobHealth", () => {
  it("healthy after its last tick ran; failing when its last run failed (with the error); missed after two ticks without a run", async () => {
    const [healthy, failing, missed, recovered] = [job(), job(), job(), job()];
    // the schedule has been running since well before these ticks
    await ran(job(), "2026-12-02T09:00:00Z", "ok");
    await ran(healthy, "2026-12-02T10:05:00Z", "ok");
    await ran(failing, "2026-12-02T10:00:00Z", "ok");
    await ran(failing, "2026-12-02T10:05:00Z", "failed", "the datamart query timed out");
    await ran(missed, "2026-12-02T09:55:00Z", "ok"); // then nothing at 10:00 and 10:05
    await ran(recovered, "2026-12-02T10:00:00Z", "failed", "connection refused");
    await ran(recovered, "2026-12-02T10:05:00Z", "ok");
    const health = await listJobHealth(db, { now: NOW, jobs: [healthy, failing, missed, recovered] });
    expect(health.map((h) => h.state)).toEqual(["healthy", "failing", "missed", "healthy"]);
    expect(health[0]).toMatchObject({ lastRun: { outcome: "ok", durationMs: 1500, summary: { closed: 2 }, runner: "embedded" }, lastFailure: null, nextRun: new Date("2026-12-02T10:10:00Z") });
    expect(health[1]!.lastFailure).toEqual({ at: new Date("2026-12-02T10:05:00Z"), error: "the datamart query timed out" });
    // a recovered job still shows its last failure beside the healthy state
    expect(health[3]!.lastFailure).toEqual({ at: new Date("2026-12-02T10:00:00Z"), error: "connection refused" });
  });

  it("a long run that keeps its heartbeat is healthy; a running run whose heartbeat stopped a minute ago is failing (its instance died)", async () => {
    const [alive, dead] = [job(), job()];
    await ran(job(), "2026-12-02T09:00:00Z", "ok");
    for (const [j, heartbeatAt] of [[alive, "2026-12-02T10:07:20Z"], [dead, "2026-12-02T10:06:00Z"]] as const) {
      const startedAt = new Date("2026-12-02T10:05:00Z");
      await db.insert(jobRuns).values({ jobId: j.id, scheduledFor: startedAt, startedAt, heartbeatAt: new Date(heartbeatAt), runner: "embedded", outcome: "running" });
    }
    const health = await listJobHealth(db, { now: NOW, jobs: [alive, dead] });
    expect(health.map((h) => [h.state, h.lastRun?.outcome])).toEqual([["healthy", "running"], ["failing", "running"]]);
  });

  it("plain words for schedules and durations", () => {
    expect(describeSchedule("* * * * *", "UTC")).toBe("Every minute");
    expect(describeSchedule("*/5 * * * *", "UTC")).toBe("Every 5 minutes");
    expect(describeSchedule("15 * * * *", "UTC")).toBe("Hourly at :15");
    expect(describeSchedule("30 2 * * *", "Asia/Jakarta")).toBe("Daily at 02:30 Asia/Jakarta");
    expect(describeSchedule("0 9 * * 1", "UTC")).toBe("cron 0 9 * * 1 (UTC)");
    expect([85, 3200, 250_000].map((ms) => describeDuration(ms))).toEqual(["85 ms", "3.2 s", "4 min 10 s"]);
    expect(describeSummary({ timeouts: 2, breaches: 0 })).toBe("2 approval notices, 0 SLA breaches");
    expect(describeSummary({ alertsDecided: 1, dispatched: 1200, retrying: 0, failed: 0, assigned: 3 })).toBe("1 alerts decided late, 1,200 sent, 0 retrying, 0 failed, 3 queued conversations assigned");
    expect(describeSummary({ somethingNew: "x" })).toBe("x somethingNew");
    expect(describeSummary(null)).toBe("");
  });

  it("the same in Bahasa Indonesia for an Indonesian reader (issue 19)", () => {
    expect(describeSchedule("*/5 * * * *", "UTC", "id")).toBe("Setiap 5 menit");
    expect(describeSchedule("30 2 * * *", "Asia/Jakarta", "id")).toBe("Setiap hari pukul 02:30 Asia/Jakarta");
    expect([85, 3200, 250_000].map((ms) => describeDuration(ms, "id"))).toEqual(["85 md", "3,2 dtk", "4 mnt 10 dtk"]);
    expect(describeSummary({ timeouts: 2, dispatched: 1200 }, "id")).toBe("2 notifikasi persetujuan, 1.200 terkirim");
    expect(jobName({ id: "dispatch-outbox", name: "Outbox dispatch" }, "id")).toBe("Pengiriman outbox");
    expect(jobName({ id: "unknown-job", name: "Something new" }, "id")).toBe("Something new");
  });
});

describe("channelDeliveryStats", () => {
  it("counts a channel's accepted, refused (by reason) and failed deliveries in the last hour and 24 hours; another org sees none of them", async () => {
    const org = await seedQuietOrg(db);
    const other = await seedQuietOrg(db);
    const channel = org.channels[0]!;
    const post = (body: unknown, secret = channel.secret) => {
      const raw = JSON.stringify(body);
      return handleIncomingMessage(db, new Request("http://tandem.test/api/webhooks/incoming-message", { method: "POST", body: raw, headers: { "content-type": "application/json", ...signWebhook(secret, raw) } }));
    };
    const message = (id: string) => ({ channel_id: channel.id, conversation_id: `stats-${id}`, message_id: id, contact: { id: "wa:1" }, text: "where is my order?", sent_at: new Date().toISOString() });
    expect((await post(message("a"))).status).toBe(200);
    expect((await post(message("b"))).status).toBe(200);
    expect((await post(message("c"), "whsec_" + Buffer.alloc(24, 7).toString("base64"))).status).toBe(401);
    expect((await post({ ...message("d"), text: "" })).status).toBe(400);

    const stats = await channelDeliveryStats(db, { orgId: org.orgId });
    expect(stats.map((s) => s.channelName)).toEqual(org.channels.map((c) => c.name).sort((a, b) => a.localeCompare(b)));
    const mine = stats.find((s) => s.channelId === channel.id)!;
    expect(mine.lastHour).toEqual({
      accepted: 2,
      refused: 2,
      serverErrors: 0,
      refusedBy: [{ reason: "Invalid body", count: 1 }, { reason: "Invalid or missing webhook signature", count: 1 }],
    });
    expect(mine.lastDay).toEqual(mine.lastHour);
    expect(mine.capped).toBe(false);
    // an hour later the deliveries are only in the 24-hour window
    const later = (await channelDeliveryStats(db, { orgId: org.orgId, now: new Date(Date.now() + 2 * 3600_000) })).find((s) => s.channelId === channel.id)!;
    expect(later.lastHour).toMatchObject({ accepted: 0, refused: 0 });
    expect(later.lastDay).toMatchObject({ accepted: 2, refused: 2 });
    expect((await channelDeliveryStats(db, { orgId: other.orgId })).every((s) => s.lastDay.accepted === 0 && !org.channels.some((c) => c.id === s.channelId))).toBe(true);
  });

  it("counts a delivery logged in the same millisecond as `now` (the log keeps microseconds, a Date milliseconds)", async () => {
    const org = await seedQuietOrg(db);
    const channel = org.channels[0]!;
    const now = new Date("2026-12-02T10:07:30.123Z");
    await db.insert(webhookDeliveries).values([
      { orgId: org.orgId, channelId: channel.id, endpoint: "incoming-message", event: "message", statusCode: 200, latencyMs: 5, receivedAt: sql`'2026-12-02T10:07:30.123456Z'::timestamptz` },
      // a millisecond later: after `now`, not counted
      { orgId: org.orgId, channelId: channel.id, endpoint: "incoming-message", event: "message", statusCode: 200, latencyMs: 5, receivedAt: sql`'2026-12-02T10:07:30.124Z'::timestamptz` },
    ]);
    const mine = (await channelDeliveryStats(db, { orgId: org.orgId, now })).find((s) => s.channelId === channel.id)!;
    expect(mine.lastHour.accepted).toBe(1);
  });
});
