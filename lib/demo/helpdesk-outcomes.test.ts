/**
 * The helpdesk's side of the demo replay (lib/demo/helpdesk-outcomes.ts): it closes only what a human handled, never
 * a conversation the bot handled alone (those are the engine's — a customer's confirmation — and the idle job's).
 */
import { describe, expect, it } from "vitest";
import type { ConversationEvent } from "@/lib/ingest/conversation-event-schema";
import { buildOutcomeEvents, type ReplayedState } from "./helpdesk-outcomes";
import type { Dialogue } from "./ibm-dialogues";

const NOW = Date.parse("2026-12-02T05:00:00Z");
const HOUR = 3_600_000;

/** `n` two-turn dialogues (a customer question, the brand's reply 10 min later), days apart. */
function dialogues(n: number): Dialogue[] {
  return Array.from({ length: n }, (_, i) => {
    const start = Date.parse("2020-04-01T10:00:00Z") + i * 24 * HOUR;
    return {
      id: `d${i}`,
      metadata: {},
      turns: [
        { speaker: "customer" as const, text: `Question ${i}`, datetime: new Date(start).toISOString() },
        { speaker: "agent" as const, text: `Answer ${i}`, datetime: new Date(start + 10 * 60_000).toISOString() },
      ],
    };
  });
}

describe("buildOutcomeEvents", () => {
  const all = dialogues(200);
  const statuses: ReplayedState["status"][] = ["OPEN", "RESOLVED", "WAITING_ASSIGN_AGENT", "ASSIGNED"];
  const states = new Map(all.map((d, i): [string, ReplayedState] => [d.id, { channelId: "ch", status: statuses[i % 4]!, lastCustomerAt: NOW - 5 * 24 * HOUR }]));
  const events = buildOutcomeEvents(all, { states, agentEmails: ["a@x.test", "b@x.test"], now: NOW });
  const of = (status: ReplayedState["status"]) => events.filter((e) => "conversation_id" in e.body && states.get(e.body.conversation_id)?.status === status);
  const types = (list: typeof events) => new Set(list.map((e) => e.body.type));

  it("never closes a conversation the bot handled alone, and never claims an AI resolution", () => {
    expect(of("OPEN")).toEqual([]);
    expect(types(of("RESOLVED"))).toEqual(new Set(["conversation.csat"]));
    const resolved = events.map((e) => e.body).filter((b): b is Extract<ConversationEvent, { type: "conversation.resolved" }> => b.type === "conversation.resolved");
    expect(resolved.length).toBeGreaterThan(60);
    expect(new Set(resolved.map((b) => b.closed_reason))).toEqual(new Set(["RESOLVE"]));
  });

  it("closes most human-handled conversations (queued ones get an agent first), with CSAT only after a close", () => {
    for (const status of ["WAITING_ASSIGN_AGENT", "ASSIGNED"] as const) {
      const list = of(status);
      const closed = new Set(list.filter((e) => e.body.type === "conversation.resolved").map((e) => (e.body as { conversation_id: string }).conversation_id));
      expect(closed.size).toBeGreaterThan(40); // ~90 % of 50
      expect(types(list).has("message.agent_replied")).toBe(true);
      expect(types(list).has("conversation.assigned")).toBe(status === "WAITING_ASSIGN_AGENT");
      for (const e of list.filter((x) => x.body.type === "conversation.csat")) expect(closed.has((e.body as { conversation_id: string }).conversation_id)).toBe(true);
    }
  });

  it("leaves human conversations whose customer wrote under 3 hours ago open, and is deterministic", () => {
    const recent = new Map([...states].map(([id, s]): [string, ReplayedState] => [id, { ...s, lastCustomerAt: NOW - HOUR }]));
    const later = buildOutcomeEvents(all, { states: recent, agentEmails: ["a@x.test"], now: NOW });
    expect(later.filter((e) => e.body.type === "conversation.resolved")).toEqual([]);
    expect(buildOutcomeEvents(all, { states, agentEmails: ["a@x.test", "b@x.test"], now: NOW })).toEqual(events);
  });
});
