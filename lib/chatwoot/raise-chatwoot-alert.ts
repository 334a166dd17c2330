/**
 * Chatwoot problems raise supervisor alerts (issue 18 item 4) through the same pipeline as the answering engine's
 * signals (003_…): dedup key `org:conversation:signal`, storm grouping, web push to the org's recipients, severity from
 * Settings › Alerts. The signals: `draft_engine_failed` (the AI could not draft a reply: timeout or error),
 * `p0_escalation` (triage made the conversation P0), `sla_breach` (a first-response or resolution SLA passed).
 */
import type { Db } from "@/db/client";
import type { AgentSignal } from "@/db/schema";
import { channelAgent } from "@/lib/agent/channel-agent";
import { raiseAlert } from "@/lib/alerts/raise-alert";
import { loadChannelContext } from "@/lib/ingest/load-channel";
import { kickOutbox } from "@/lib/outbox/run-outbox";

export type ChatwootSignal = AgentSignal & { signal: "draft_engine_failed" | "p0_escalation" | "sla_breach" };

/**
 * Raises `signal` on a Chatwoot conversation (its own short transaction), then dispatches the push it asked for.
 * @param at when it happened (first_seen_at)
 * @returns the alert's id and whether it is new (a repeat inside the dedup window only counts), or null when the
 *   conversation's channel no longer exists
 * @throws database errors
 */
export async function raiseChatwootAlert(
  db: Db,
  { conversationId, channelId, signal, at = new Date() }: { conversationId: string; channelId: string; signal: ChatwootSignal; at?: Date },
): Promise<{ alertId: string; created: boolean } | null> {
  const ctx = await loadChannelContext(db, channelId);
  if (!ctx) return null;
  const agent = channelAgent(ctx);
  const raised = await db.transaction((tx) =>
    raiseAlert(tx, { orgId: ctx.orgId, signal, conversationId, channelId, channelName: ctx.channelName, agentId: agent.agentId, agentName: agent.agentName, agentVersionId: agent.versionId, at }),
  );
  if (raised.outboxId) await kickOutbox(db, [raised.outboxId]);
  return { alertId: raised.alertId, created: raised.created };
}
