/**
 * What the helpdesk reports back after the demo replay, through the real conversation-events webhook: agents come
 * online, queued conversations get an agent, the agents' real replies from the IBM dialogues, the agents' closes and
 * CSAT from the customers who answer the survey. The helpdesk only closes conversations a human handled (it sends
 * `RESOLVE`; the stored `closed_reason` is derived by the outcome rules, lib/conversations/outcome.ts). Conversations
 * the bot handled alone are left to Tandem: the engine closes them when the customer confirms, and the idle job
 * (lib/agent/resolve-idle.ts, run by `npm run demo` after the replay) closes the silent ones as a bare RESOLVE — never
 * as an AI win. Outcomes are drawn deterministically from each dialogue's id, so a re-run sends the same events (and
 * the webhook ignores them as redeliveries). Human conversations whose last message is under 3 hours old stay open.
 */
import { createHash } from "node:crypto";
import { decodeHTML } from "entities";
import type { ConversationEvent } from "@/lib/ingest/conversation-event-schema";
import { dialogueTimeline, type Dialogue, type ReplayItem } from "./ibm-dialogues";

type Body = ConversationEvent;

/** The last state the incoming-message webhook reported for a replayed conversation. */
export type ReplayedState = { channelId: string; status: "OPEN" | "WAITING_ASSIGN_AGENT" | "ASSIGNED" | "RESOLVED"; lastCustomerAt: number };

const MIN = 60_000;
const STILL_OPEN_MS = 3 * 60 * MIN;

/** A stable number in [0, 1) for (dialogue, purpose). */
function draw(id: string, purpose: string): number {
  return createHash("sha256").update(`${id}:${purpose}`).digest().readUInt32BE(0) / 2 ** 32;
}

/** CSAT 1..5 from a draw: mostly satisfied, a tail of unhappy customers. */
function csat(u: number, distribution: [number, number, number, number, number]): number {
  let acc = 0;
  for (let score = 5; score >= 1; score--) {
    acc += distribution[5 - score]!;
    if (u < acc) return score;
  }
  return 1;
}

/** Events that put the demo agents online on a channel, at `at`. */
export function agentsOnline(channelId: string, agentEmails: string[], at: number): ReplayItem<Body>[] {
  return agentEmails.map((email) => ({
    channelId,
    at,
    deliveryId: `demo:online:${channelId}:${email}:${Math.floor(at / 3_600_000)}`,
    body: { channel_id: channelId, type: "agent.availability_changed", agent_email: email, availability: "online", occurred_at: new Date(at).toISOString() },
  }));
}

/**
 * The outcome events for the replayed dialogues, in time order.
 * @param states conversation external id → last reported state
 * @param agentEmails agents that queued conversations are given to, in turn
 */
export function buildOutcomeEvents(
  dialogues: Dialogue[],
  { states, agentEmails, now = Date.now(), windowDays = 28 }: { states: Map<string, ReplayedState>; agentEmails: string[]; now?: number; windowDays?: number },
): ReplayItem<Body>[] {
  const at = dialogueTimeline(dialogues, { now, windowDays });
  const items: ReplayItem<Body>[] = [];
  let nextAgent = 0;
  for (const d of dialogues) {
    const state = states.get(d.id);
    // the bot handles it alone: left to the engine (a confirmation closes it) and the idle job (silence)
    if (!state || state.status === "OPEN") continue;
    const push = (when: number, body: ConversationEvent, key: string) =>
      items.push({ channelId: state.channelId, at: when, deliveryId: `demo:${d.id}:${key}`, body: { ...body, occurred_at: new Date(Math.min(now, when)).toISOString() } });
    const ref = { channel_id: state.channelId, conversation_id: d.id };

    if (state.status === "RESOLVED") {
      // the engine closed it on the customer's confirmation: half of them answer the survey
      if (draw(d.id, "surveyed") < 0.5) push(state.lastCustomerAt + 5 * MIN, { ...ref, type: "conversation.csat", score: csat(draw(d.id, "csat"), [0.42, 0.33, 0.14, 0.07, 0.04]) }, "csat");
      continue;
    }
    if (now - state.lastCustomerAt < STILL_OPEN_MS) continue;

    // a human handles it: an agent takes it if still queued, answers with the brand's real replies, then resolves
    const firstReply = d.turns.find((t) => t.speaker === "agent" && t.datetime);
    const firstReplyAt = at(d, firstReply?.datetime) ?? state.lastCustomerAt + 15 * MIN;
    const agent = agentEmails[nextAgent++ % agentEmails.length]!;
    if (state.status === "WAITING_ASSIGN_AGENT") push(firstReplyAt - 2 * MIN, { ...ref, type: "conversation.assigned", agent_email: agent }, "assigned");
    let last = firstReplyAt;
    d.turns.forEach((t, turn) => {
      const when = at(d, t.datetime);
      if (t.speaker !== "agent" || when === null || !t.text.trim()) return;
      last = Math.max(last, when);
      push(when, {
        ...ref, type: "message.agent_replied", message_id: `${d.id}:agent:${turn}`, text: decodeHTML(t.text).trim().slice(0, 10_000),
        ...(state.status === "WAITING_ASSIGN_AGENT" ? { agent_email: agent } : {}),
      }, `reply:${turn}`);
    });
    if (draw(d.id, "resolved") < 0.9) {
      const closedAt = Math.max(last, state.lastCustomerAt) + 5 * MIN;
      push(closedAt, { ...ref, type: "conversation.resolved", closed_reason: "RESOLVE" }, "resolved");
      if (draw(d.id, "surveyed") < 0.5) push(closedAt + 5 * MIN, { ...ref, type: "conversation.csat", score: csat(draw(d.id, "csat"), [0.5, 0.3, 0.12, 0.05, 0.03]) }, "csat");
    }
  }
  return items.sort((a, b) => a.at - b.at || a.deliveryId!.localeCompare(b.deliveryId!));
}
