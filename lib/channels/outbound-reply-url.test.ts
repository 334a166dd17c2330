import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import type { Db } from "@/db/client";
import { channelIntegrations, conversations, messages, replyDeliveries } from "@/db/schema";
import type { Membership } from "@/lib/auth/sessions";
import { UserError } from "@/lib/errors/user-error";
import { seedTestOrg, testDb } from "@/test/db";
import { auditCount, auditEntries, signInAs } from "@/test/members";
import { createChannel } from "./create-channel";
import { getChannel } from "./get-channel";
import { setOutboundReplyUrl } from "./outbound-reply-url";
import { listReplyDeliveries, REPLY_LOG_SIZE } from "./webhook-deliveries";

let db: Db;
type Org = Awaited<ReturnType<typeof seedTestOrg>>;
let org: Org;
let other: Org;
let admin: Membership;

beforeAll(async () => {
  db = await testDb();
  [org, other] = [await seedTestOrg(db), await seedTestOrg(db)];
  admin = await signInAs(db, org, "admin");
});

async function newChannel(): Promise<string> {
  const channel = await createChannel(db, { actor: admin, input: { name: `Replies ${randomUUID().slice(0, 8)}`, type: "live_chat" } });
  return channel.id;
}

async function storedUrl(channelId: string): Promise<string | null> {
  const [row] = await db.select({ url: channelIntegrations.outboundReplyUrl }).from(channelIntegrations).where(eq(channelIntegrations.id, channelId));
  return row!.url;
}

async function urlAudits(orgId: string, channelId: string) {
  return (await auditEntries(db, orgId)).filter((e) => e.targetId === channelId && e.action === "channel.outbound_reply_url_changed");
}

async function expectUserError(promise: Promise<unknown>, status: number): Promise<void> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error, "expected a UserError").toBeInstanceOf(UserError);
  expect((error as UserError).status).toBe(status);
}

/** The form's field errors for a refused input (what runAction shows beside the field). */
async function fieldErrors(promise: Promise<unknown>): Promise<Record<string, string[] | undefined>> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error, "expected a ZodError").toBeInstanceOf(z.ZodError);
  return z.flattenError(error as z.ZodError).fieldErrors as Record<string, string[] | undefined>;
}

describe("setting a channel's outbound reply URL", () => {
  it("an admin sets it: stored, shown on the channel page and audited from null to the URL", async () => {
    const channelId = await newChannel();
    const url = "https://hooks.example.com/tandem/replies?shop=42";
    expect(await setOutboundReplyUrl(db, { actor: admin, input: { channelId, url: `  ${url} ` }, allowPrivate: false })).toEqual({ outboundReplyUrl: url });
    expect(await storedUrl(channelId)).toBe(url);
    expect((await getChannel(db, { orgId: org.orgId, channelId }))?.outboundReplyUrl).toBe(url);
    const [entry, ...rest] = await urlAudits(org.orgId, channelId);
    expect(rest).toEqual([]);
    expect(entry).toMatchObject({ area: "channels", actorName: admin.name, targetLabel: expect.stringMatching(/^Replies /), changes: { outboundReplyUrl: { from: null, to: url } } });
  });

  it("an owner clears it with an empty string (audited); saving the same value again changes nothing", async () => {
    const channelId = await newChannel();
    const owner = await signInAs(db, org, "owner");
    const url = "https://8.8.8.8/replies";
    await setOutboundReplyUrl(db, { actor: owner, input: { channelId, url }, allowPrivate: false });
    const afterSet = await auditCount(db, org.orgId);
    await setOutboundReplyUrl(db, { actor: owner, input: { channelId, url }, allowPrivate: false });
    expect(await auditCount(db, org.orgId)).toBe(afterSet);

    expect(await setOutboundReplyUrl(db, { actor: owner, input: { channelId, url: "" } })).toEqual({ outboundReplyUrl: null });
    expect(await storedUrl(channelId)).toBeNull();
    expect((await urlAudits(org.orgId, channelId)).map((e) => e.changes)).toEqual([
      { outboundReplyUrl: { from: null, to: url } },
      { outboundReplyUrl: { from: url, to: null } },
    ]);
    await setOutboundReplyUrl(db, { actor: owner, input: { channelId, url: "   " } });
    expect(await auditCount(db, org.orgId)).toBe(afterSet + 1);
  });

  it.each([
    ["plain http", "http://hooks.example.com/replies"],
    ["not a URL", "hooks dot example"],
    ["a host without a scheme", "hooks.example.com/replies"],
    ["another scheme", "ftp://hooks.example.com/replies"],
    ["loopback", "https://127.0.0.1/replies"],
    ["a private network", "https://10.0.0.1/replies"],
    ["link-local (cloud metadata)", "https://169.254.169.254/latest/meta-data"],
    ["localhost", "https://localhost:8443/replies"],
    ["IPv6 loopback", "https://[::1]/replies"],
    ["over 2000 characters", `https://hooks.example.com/${"a".repeat(2000)}`],
  ])("refuses %s as a field error on url and changes nothing", async (_what, url) => {
    const channelId = await newChannel();
    await setOutboundReplyUrl(db, { actor: admin, input: { channelId, url: "https://hooks.example.com/kept" }, allowPrivate: false });
    const audits = await auditCount(db, org.orgId);
    const errors = await fieldErrors(setOutboundReplyUrl(db, { actor: admin, input: { channelId, url }, allowPrivate: false }));
    expect(errors.url?.[0]).toMatch(/address/);
    expect(Object.keys(errors)).toEqual(["url"]);
    expect(await storedUrl(channelId)).toBe("https://hooks.example.com/kept");
    expect(await auditCount(db, org.orgId)).toBe(audits);
  });

  it("with TANDEM_PUSH_ALLOW_PRIVATE_ENDPOINTS=1 (as in tests) a local http receiver is accepted; a non-URL still is not", async () => {
    const channelId = await newChannel();
    await setOutboundReplyUrl(db, { actor: admin, input: { channelId, url: "http://127.0.0.1:9999/replies" } });
    expect(await storedUrl(channelId)).toBe("http://127.0.0.1:9999/replies");
    expect((await fieldErrors(setOutboundReplyUrl(db, { actor: admin, input: { channelId, url: "not a url" } }))).url).toBeDefined();
  });

  it("a malformed channel id is a field error on channelId", async () => {
    expect((await fieldErrors(setOutboundReplyUrl(db, { actor: admin, input: { channelId: "nope", url: "" } }))).channelId).toBeDefined();
  });

  it("another org's channel is 404 and changes nothing in either org", async () => {
    const target = other.channels[0]!.id;
    const before = { url: await storedUrl(target), auditA: await auditCount(db, org.orgId), auditB: await auditCount(db, other.orgId) };
    await expectUserError(setOutboundReplyUrl(db, { actor: admin, input: { channelId: target, url: "https://evil.example.com/steal" } }), 404);
    await expectUserError(setOutboundReplyUrl(db, { actor: admin, input: { channelId: randomUUID(), url: "" } }), 404);
    expect({ url: await storedUrl(target), auditA: await auditCount(db, org.orgId), auditB: await auditCount(db, other.orgId) }).toEqual(before);
  });

  it.each(["supervisor", "agent"] as const)("a %s is refused (403) before anything is read or written", async (role) => {
    const channelId = await newChannel();
    const member = await signInAs(db, org, role);
    const audits = await auditCount(db, org.orgId);
    await expectUserError(setOutboundReplyUrl(db, { actor: member, input: { channelId, url: "https://hooks.example.com/replies" } }), 403);
    // even bad input answers 403, not field errors
    await expectUserError(setOutboundReplyUrl(db, { actor: member, input: { channelId: "nope", url: "http://x" } }), 403);
    expect(await storedUrl(channelId)).toBeNull();
    expect(await auditCount(db, org.orgId)).toBe(audits);
  });
});

describe("listReplyDeliveries (the channel page's \"Replies sent\")", () => {
  /** A bot message in a new conversation of the channel, for a reply_deliveries row to point at. */
  async function botMessage(orgId: string, channelId: string): Promise<string> {
    const now = new Date();
    const [conv] = await db
      .insert(conversations)
      .values({ orgId, channelId, externalId: `conv-${randomUUID()}`, contactId: "wa:6281200000", firstMessagePreview: "hi", lastMessageAt: now })
      .returning({ id: conversations.id });
    const [msg] = await db.insert(messages).values({ orgId, conversationId: conv!.id, sender: "bot", content: "Your order ships today.", sentAt: now }).returning({ id: messages.id });
    return msg!.id;
  }

  it("lists the channel's deliveries newest first with their outcome, only for the channel's own org", async () => {
    const channelId = await newChannel();
    const url = "https://hooks.example.com/replies";
    const delivered = await botMessage(org.orgId, channelId);
    const failing = await botMessage(org.orgId, channelId);
    const deliveredAt = new Date();
    await db.insert(replyDeliveries).values({ orgId: org.orgId, channelId, messageId: delivered, url, status: "delivered", attempts: 1, lastStatusCode: 200, deliveredAt });
    await db.insert(replyDeliveries).values({ orgId: org.orgId, channelId, messageId: failing, url, status: "pending", attempts: 2, lastStatusCode: 503, lastError: "HTTP 503" });

    const rows = await listReplyDeliveries(db, { orgId: org.orgId, channelId });
    expect(rows.map((r) => r.messageId)).toEqual([failing, delivered]);
    expect(rows[0]).toMatchObject({ status: "pending", attempts: 2, lastStatusCode: 503, lastError: "HTTP 503", deliveredAt: null, url });
    expect(rows[1]).toMatchObject({ status: "delivered", attempts: 1, lastStatusCode: 200, lastError: null });
    expect(rows[1]!.deliveredAt?.getTime()).toBe(deliveredAt.getTime());
    expect(rows[0]!.createdAt).toBeInstanceOf(Date);

    expect(await listReplyDeliveries(db, { orgId: org.orgId, channelId, limit: 1 })).toHaveLength(1);
    expect(await listReplyDeliveries(db, { orgId: other.orgId, channelId })).toEqual([]);
  });

  it("org B's deliveries don't show from org A, even with B's channel id", async () => {
    const target = other.channels[1]!.id;
    await db.insert(replyDeliveries).values({ orgId: other.orgId, channelId: target, messageId: await botMessage(other.orgId, target), url: "https://b.example.com/r", status: "failed", attempts: 8, lastError: "timeout" });
    expect(await listReplyDeliveries(db, { orgId: other.orgId, channelId: target })).toHaveLength(1);
    expect(await listReplyDeliveries(db, { orgId: org.orgId, channelId: target })).toEqual([]);
  });

  it("never returns more than REPLY_LOG_SIZE rows", async () => {
    const channelId = await newChannel();
    const ids = await Promise.all(Array.from({ length: REPLY_LOG_SIZE + 2 }, () => botMessage(org.orgId, channelId)));
    await db.insert(replyDeliveries).values(ids.map((messageId) => ({ orgId: org.orgId, channelId, messageId, url: "https://hooks.example.com/r" })));
    expect(await listReplyDeliveries(db, { orgId: org.orgId, channelId, limit: 10_000 })).toHaveLength(REPLY_LOG_SIZE);
  });
});
