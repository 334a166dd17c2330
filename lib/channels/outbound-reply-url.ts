/**
 * A channel's outbound reply URL (issue 14): where Tandem POSTs a bot reply composed after the incoming-message
 * webhook already answered (`reply: null, reply_pending: true`), signed with the channel's own webhook secret
 * (Standard Webhooks). Unset, replies are only ever returned inline.
 */
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { channelIntegrations } from "@/db/schema";
import { endpointAllowed } from "@/lib/alerts/push-subscriptions";
import { recordAudit } from "@/lib/audit/record-audit";
import type { Membership } from "@/lib/auth/sessions";
import { UserError } from "@/lib/errors/user-error";
import { assertChannelAdmin } from "./channel-guards";
import { say, localized } from "@/lib/i18n/language-scope";

export const OUTBOUND_REPLY_URL_MAX_LENGTH = 2000;

/**
 * `{ channelId, url }`: `url` "" clears it; otherwise an absolute https URL on a public host — the rule push
 * endpoints and the Chatwoot link use ({@link endpointAllowed}), so http and private hosts are accepted only with
 * `TANDEM_PUSH_ALLOW_PRIVATE_ENDPOINTS=1`. `allowPrivate` overrides that variable (tests).
 */
export function outboundReplyUrlSchema(allowPrivate?: boolean) {
  return z.object({
    channelId: z.uuid(),
    url: z
      .string()
      .trim()
      .max(OUTBOUND_REPLY_URL_MAX_LENGTH, localized("channels.urlTooLong", { max: OUTBOUND_REPLY_URL_MAX_LENGTH }))
      // one check, not a refine chain: zod keeps running refinements after a failure, and endpointAllowed throws on a non-URL
      .superRefine((url, ctx) => {
        if (url === "") return;
        if (!/^https?:\/\//i.test(url) || !URL.canParse(url)) {
          ctx.addIssue({ code: "custom", message: say("channels.urlNotFull") });
        } else if (!endpointAllowed(url, allowPrivate)) {
          ctx.addIssue({ code: "custom", message: say("channels.urlNotPublic") });
        }
      })
      .transform((url) => (url === "" ? null : url)),
  });
}

/**
 * Sets (or, with `url: ""`, clears) the channel's outbound reply URL, with a `channel.outbound_reply_url_changed`
 * audit entry in the same transaction. Saving the URL it already has changes nothing and is not audited.
 * @param input `{ channelId: uuid, url: string }` — see {@link outboundReplyUrlSchema}
 * @param allowPrivate accept http and private hosts (default: `TANDEM_PUSH_ALLOW_PRIVATE_ENDPOINTS=1`)
 * @returns the stored URL (null when cleared)
 * @throws UserError 403 unless owner/admin, 404 for a channel not in the actor's org; ZodError (field errors on
 *   `url` / `channelId`) for bad input
 */
export async function setOutboundReplyUrl(
  db: Db,
  { actor, input, allowPrivate }: { actor: Membership; input: unknown; allowPrivate?: boolean },
): Promise<{ outboundReplyUrl: string | null }> {
  assertChannelAdmin(actor);
  const { channelId, url } = outboundReplyUrlSchema(allowPrivate).parse(input);
  await db.transaction(async (tx) => {
    const [before] = await tx
      .select({ name: channelIntegrations.name, outboundReplyUrl: channelIntegrations.outboundReplyUrl })
      .from(channelIntegrations)
      .where(and(eq(channelIntegrations.id, channelId), eq(channelIntegrations.orgId, actor.orgId)))
      .for("update");
    if (!before) throw new UserError(say("channels.notInOrg"), 404);
    if (before.outboundReplyUrl === url) return;
    await tx.update(channelIntegrations).set({ outboundReplyUrl: url, updatedAt: new Date() }).where(eq(channelIntegrations.id, channelId));
    await recordAudit(tx, {
      actor, area: "channels", action: "channel.outbound_reply_url_changed", targetId: channelId, targetLabel: before.name,
      changes: { outboundReplyUrl: { from: before.outboundReplyUrl, to: url } },
    });
  });
  return { outboundReplyUrl: url };
}
