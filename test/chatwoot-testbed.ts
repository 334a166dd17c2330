/**
 * A Chatwoot-linked org for a test file: the stand-in (every request validated by Chatwoot's OpenAPI description), a
 * quiet org whose inbox 12 lands on its live-chat channel (draft confidence lowered to 0.6, see
 * lib/chatwoot/webhook.test.ts), and `deliver`, which posts a payload the way Chatwoot does — signed, with its own
 * delivery id and timestamp — and then does the work its outbox row holds, as the background runner would.
 */
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterEach, beforeAll, expect } from "vitest";
import type { Db } from "@/db/client";
import { chatwootLinks, outbox } from "@/db/schema";
import { handleChatwootDelivery } from "@/lib/chatwoot/handle-delivery";
import { saveChatwootLink } from "@/lib/chatwoot/link";
import { receiveChatwootWebhook } from "@/lib/chatwoot/receive-webhook";
import { signedChatwootDelivery } from "./chatwoot-payloads";
import { seedQuietOrg, testDb } from "./db";
import { localChatwootStandin } from "./local-chatwoot-standin";
import { signInAs } from "./members";

/** The Chatwoot inbox the testbed maps. */
export const TESTBED_INBOX = 12;

type Org = Awaited<ReturnType<typeof seedQuietOrg>>;

/**
 * Sets the testbed up in `beforeAll` (and checks after each test that Tandem sent the stand-in only valid requests).
 * @param options.firstId the first id `nextId` hands out (keep files apart)
 * @param options.escalationAssigneeId the link's escalation target (a Chatwoot agent id)
 */
export function chatwootTestbed({ secret, firstId, escalationAssigneeId }: { secret: string; firstId: number; escalationAssigneeId?: number }) {
  const cw = localChatwootStandin();
  let ids = firstId;
  let clock = 0;
  const bed = {
    cw,
    db: undefined as unknown as Db,
    org: undefined as unknown as Org,
    linkId: "",
    channelId: "",
    /** a fresh Chatwoot id (conversation, message, contact) */
    nextId: () => ++ids,
    /**
     * Receives `payload` as a new signed delivery (its own delivery id and timestamp, so its own signature: the replay
     * guard refuses a reused one) and does the work, as the outbox would.
     */
    async deliver(payload: unknown): ReturnType<typeof handleChatwootDelivery> {
      const timestamp = Math.floor(Date.now() / 1000) - 60 + (clock++ % 120);
      const answer = await receiveChatwootWebhook(bed.db, { linkId: bed.linkId, ...signedChatwootDelivery(secret, payload, { deliveryId: randomUUID(), timestamp }) });
      expect(answer.status).toBe(202);
      const [work] = await bed.db.select().from(outbox).where(eq(outbox.id, answer.outboxId!));
      return handleChatwootDelivery(bed.db, { linkId: bed.linkId, body: (work!.payload as { body: string }).body });
    },
  };
  beforeAll(async () => {
    bed.db = await testDb();
    bed.org = await seedQuietOrg(bed.db);
    bed.channelId = bed.org.channels[1]!.id;
    ({ id: bed.linkId } = await saveChatwootLink(bed.db, {
      actor: await signInAs(bed.db, bed.org, "owner"),
      input: { baseUrl: cw.standin.url, accountId: cw.standin.accountId, apiToken: cw.standin.token, webhookSecret: secret, escalationAssigneeId, inboxes: [{ inboxId: TESTBED_INBOX, channelId: bed.channelId }] },
    }));
    await bed.db.update(chatwootLinks).set({ triageRules: { minDraftConfidence: 0.6 } }).where(eq(chatwootLinks.id, bed.linkId));
  });
  afterEach(() => {
    expect(cw.standin.invalidRequests()).toEqual([]);
  });
  return bed;
}
