import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { channelIntegrations } from "@/db/schema";
import { open } from "@/lib/crypto/secret-box";
import { maskSecret } from "./channel-secrets";

/**
 * One channel of the org for its settings page: no plaintext secret, only the masked current one and whether
 * an old secret is still in its overlap window.
 * @returns null for another org's channel or a malformed id
 */
export async function getChannel(db: Db, { orgId, channelId }: { orgId: string; channelId: string }) {
  if (!z.uuid().safeParse(channelId).success) return null;
  const [row] = await db
    .select()
    .from(channelIntegrations)
    .where(and(eq(channelIntegrations.id, channelId), eq(channelIntegrations.orgId, orgId)))
    .limit(1);
  if (!row) return null;
  const now = new Date();
  return {
    id: row.id,
    name: row.name,
    type: row.type,
    archivedAt: row.archivedAt,
    createdAt: row.createdAt,
    trafficSplitEnabled: row.trafficSplitEnabled,
    botPercent: row.botPercent,
    outboundReplyUrl: row.outboundReplyUrl,
    secretRotatedAt: row.secretRotatedAt,
    maskedSecret: maskSecret(open(row.webhookSecretEncrypted).slice(-4)),
    previousSecretValidUntil: row.previousSecretExpiresAt && row.previousSecretExpiresAt > now ? row.previousSecretExpiresAt : null,
  };
}

export type ChannelDetail = NonNullable<Awaited<ReturnType<typeof getChannel>>>;
