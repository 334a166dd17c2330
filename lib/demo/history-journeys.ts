/**
 * Plays what happens in one simulated conversation (lib/demo/simulate-history.ts), journey by journey
 * (./history-outcomes): the customer's and the bot's turns, the hand-over, the agent who attaches (after hours, at the
 * next opening) and the close. Every close goes through the outcome rules (`closeSimulated`): the journey says what
 * happened and how it closed — the customer's confirmation, the idle job after silence, an agent's close with the
 * helpdesk's reason — never which `closed_reason` to store.
 */
import { HOUR, MINUTE, SECOND, type Calendar } from "./history-calendar";
import { closeSimulated, helpdeskClose, type Journey } from "./history-outcomes";
import type { HistoryParams } from "./history-params";
import type { Rng } from "./history-rng";
import {
  AGENT_GREETING, AGENT_PROGRESS, AGENT_RESOLUTION, BOT_CLARIFY, BOT_FIRST, BOT_HANDOVER, BOT_NEXT, BOT_RESOLVE, CUSTOMER_ASK_HUMAN, CUSTOMER_DETAIL,
  CUSTOMER_THANKS, CUSTOMER_WAITING,
} from "./history-texts";
import type { SimConversation, Timeline } from "./history-timeline";

/** An agent of the org that conversations are handed to. */
export type Agent = { id: string; firstName: string };

/** Share of hand-overs nobody picks up (the customer gives up, the helpdesk closes it while waiting): after hours / in business hours. */
const GIVE_UP_AFTER_HOURS = 0.45;
const GIVE_UP_IN_HOURS = 0.1;

export class JourneyPlayer {
  constructor(
    private readonly rng: Rng,
    private readonly cal: Calendar,
    private readonly agents: Agent[],
    private readonly p: Pick<HistoryParams, "idleResolveMinutes" | "customerMessagesAiAlone" | "customerMessagesOther">,
  ) {}

  /** Customer think time between messages: 40 s … 6 min. */
  private customerGap(): number {
    return this.rng.between(40, 6 * 60) * SECOND;
  }
  /** Agent reply time: 2 … 8 min. */
  private agentGap(): number {
    return this.rng.between(2, 8) * MINUTE;
  }
  private detail(): string {
    return this.rng.pick(CUSTOMER_DETAIL)(`BN-${this.rng.int(100_000, 999_999)}`);
  }
  /** When an agent picks up a conversation waiting since `t`: 1–15 min in business hours, else 5–60 min after the next opening. */
  private pickup(t: number): number {
    const open = this.cal.nextOpen(t);
    return open === t ? t + this.rng.between(1, 15) * MINUTE : open + this.rng.between(5, 60) * MINUTE;
  }
  /** An agent attaches at their pick-up time (`assign_channel_agent_id`, `assigned_at`). */
  private attach(c: SimConversation, from: number): { agent: Agent; at: number } {
    const agent = this.rng.pick(this.agents);
    c.agentId = agent.id;
    c.assignedAt = this.pickup(from);
    return { agent, at: c.assignedAt };
  }
  /** The agent's part: greeting, then `post` customer messages answered by the agent (the last one a thank-you when ≥ 2). */
  private humanPart(tl: Timeline, agent: Agent, assignedAt: number, post: number): void {
    const rng = this.rng;
    tl.t = Math.max(tl.t, assignedAt);
    tl.agent(rng.pick(AGENT_GREETING)(agent.firstName), rng.between(20, 120) * SECOND);
    if (post === 0) tl.agent(rng.pick(AGENT_RESOLUTION), this.agentGap());
    for (let i = 0; i < post; i++) {
      if (i === post - 1 && post >= 2) {
        tl.customer(rng.pick(CUSTOMER_THANKS), this.customerGap());
        break;
      }
      tl.customer(this.detail(), this.customerGap());
      tl.agent(i >= post - 2 ? rng.pick(AGENT_RESOLUTION) : rng.pick(AGENT_PROGRESS), this.agentGap());
    }
  }
  /** The agent closes it from the helpdesk 2–30 min after the last message (the helpdesk's reason is only a request). */
  private agentCloses(c: SimConversation, tl: Timeline): void {
    closeSimulated(c, helpdeskClose(this.rng), tl.t + this.rng.between(2, 30) * MINUTE);
  }

  /**
   * Plays `journey` on `c`, whose timeline `tl` holds the customer's first message; `flow` (the question's support flow)
   * picks the bot's replies. Leaves `c` open or closed through the outcome rules.
   */
  play(journey: Journey, c: SimConversation, tl: Timeline, flow: string): void {
    const { rng, p } = this;
    const others = rng.int(p.customerMessagesOther.min, p.customerMessagesOther.max);
    switch (journey) {
      case "aiConfirmed":
      case "aiSilent": {
        const turns = rng.int(p.customerMessagesAiAlone.min, p.customerMessagesAiAlone.max);
        tl.bot(rng.pick(BOT_FIRST[flow] ?? BOT_CLARIFY), "answer", rng.between(0.72, 0.97));
        for (let i = 1; i < turns; i++) {
          tl.customer(this.detail(), this.customerGap());
          tl.bot(rng.pick(BOT_NEXT[flow] ?? BOT_CLARIFY), "answer", rng.between(0.72, 0.97));
        }
        if (journey === "aiConfirmed") {
          // the engine sees the customer confirm and closes it (closed_via customer_confirmed)
          tl.customer(rng.pick(CUSTOMER_THANKS), this.customerGap());
          tl.bot(rng.pick(BOT_RESOLVE), "resolve", rng.between(0.8, 0.98));
          closeSimulated(c, { via: "customer_confirmed" }, tl.t);
        } else {
          // the idle job closes it once the window after the bot's last answer has passed
          closeSimulated(c, { via: "silence" }, tl.t + p.idleResolveMinutes * MINUTE);
        }
        return;
      }
      case "aiOpen":
      case "aiTidied": {
        // a clarifying question (no grounded capability, so the idle job leaves it alone) and then silence
        tl.bot(rng.pick(BOT_CLARIFY), "answer", rng.between(0.5, 0.75));
        // an agent tidying the helpdesk presses Resolve on it hours later, without attaching
        if (journey === "aiTidied") closeSimulated(c, { via: "agent", closedReason: "RESOLVE" }, tl.t + rng.between(1, 20) * HOUR);
        return;
      }
      case "aiThenHuman": {
        tl.bot(rng.pick(BOT_FIRST[flow] ?? BOT_CLARIFY), "answer", rng.between(0.45, 0.8));
        const pre = others >= 4 ? 1 : 0;
        if (pre) {
          tl.customer(this.detail(), this.customerGap());
          tl.bot(rng.pick(BOT_NEXT[flow] ?? BOT_CLARIFY), "answer", rng.between(0.4, 0.75));
        }
        tl.customer(rng.pick(CUSTOMER_ASK_HUMAN), this.customerGap());
        tl.bot(rng.pick(BOT_HANDOVER), "handover", rng.between(0.1, 0.45));
        c.handoverAt = tl.t;
        const { agent, at } = this.attach(c, tl.t);
        this.humanPart(tl, agent, at, others - 2 - pre);
        this.agentCloses(c, tl);
        return;
      }
      case "handover": {
        tl.bot(rng.pick(BOT_HANDOVER), "handover", rng.between(0.05, 0.4));
        c.handoverAt = tl.t;
        // after hours, a good share of customers give up before anyone picks the conversation up
        if (rng.chance(this.cal.afterHours(tl.t) ? GIVE_UP_AFTER_HOURS : GIVE_UP_IN_HOURS)) {
          for (let i = 1; i < Math.min(others, 3); i++) tl.customer(rng.pick(CUSTOMER_WAITING), rng.between(20, 120) * MINUTE);
          // an agent clears it from the queue without taking it
          closeSimulated(c, helpdeskClose(rng), tl.t + rng.between(1, 8) * HOUR);
          return;
        }
        const { agent, at } = this.attach(c, tl.t);
        this.humanPart(tl, agent, at, others - 1);
        this.agentCloses(c, tl);
        return;
      }
      case "humanOnly": {
        // an agent takes it from the helpdesk before the bot replies
        const { agent, at } = this.attach(c, tl.t);
        c.handoverAt = at;
        this.humanPart(tl, agent, at, others - 1);
        this.agentCloses(c, tl);
        return;
      }
    }
  }
}
