/**
 * A realistic conversation history for the demo org (001_… AI Agent Impact Report): 13 months of simulated
 * conversations and messages, so the impact report, its trend and its forecast have something true-to-life to show.
 *
 * What is simulated, per local day of the org's time zone:
 * - volume: an onboarding ramp (10 % → 100 % of `dailyVolume`), weekday weights (quiet Sundays), local-hour weights
 *   (peaks 10–12 and 19–21, some night traffic — so a good share arrives outside business hours);
 * - outcomes drawn from a mix that moves linearly from `startMix` to `endMix` over the period (AI-resolved ≈ 25 % →
 *   55 %): AI-resolved (`RESOLVE_AI`, no human), AI-assisted (the AI answered, then a human took over), escalated
 *   (handed to humans without an AI answer, or left waiting), human-only (bare `RESOLVE`) and still open;
 * - reopens: some AI resolutions are followed within 48 h by a new conversation of the same contact (sometimes on
 *   another channel), at a rate falling from `reopenStart` to `reopenEnd`; plus later follow-ups (> 48 h, no reopen);
 * - sentiment on part of the conversations, spam (closed `SPAM`) and the editors' `bot_preview` chats — both of which
 *   the datamart must leave out.
 * Human pick-up waits follow the org's business hours: an after-hours escalation waits for the next opening.
 *
 * Every row it writes has an `external_id` starting with `sim-` (contacts `sim-contact-N`), which is how a re-run
 * finds and replaces them. Domain code: no framework imports.
 */
import { and, asc, eq, inArray, isNull, like, ne } from "drizzle-orm";
import type { Db } from "@/db/client";
import { channelIntegrations, conversations, memberships, organizations, users } from "@/db/schema";
import { ensurePreviewChannel } from "@/lib/agent/preview";
import { addDays, endOfLocalDay, localToday } from "@/lib/time/local-day";
import { Calendar, dayVolume, drawInstants, HOUR, lerp, minusMonths, MINUTE, SECOND } from "./history-calendar";
import { mixAt, OUTCOMES } from "./history-outcomes";
import { DEFAULT_HISTORY_PARAMS, paramsSchema, type HistoryParams } from "./history-params";
import { Rng } from "./history-rng";
import { writeSimulatedConversations } from "./history-sql-writer";
import {
  AGENT_GREETING, AGENT_PROGRESS, AGENT_RESOLUTION, BOT_CLARIFY, BOT_FIRST, BOT_HANDOVER, BOT_NEXT, BOT_RESOLVE, CUSTOMER_ASK_HUMAN, CUSTOMER_DETAIL,
  CUSTOMER_THANKS, CUSTOMER_WAITING, FIRST_NAMES, flowOf, FOLLOW_UP_PREFIX, LAST_NAMES, QUESTIONS, REOPEN_PREFIX, SPAM, type Question,
} from "./history-texts";
import { fitBefore, Timeline, type SimConversation } from "./history-timeline";

export { DEFAULT_HISTORY_PARAMS, type HistoryParams, type IntRange, type SentimentDistribution } from "./history-params";
export type { Outcome, OutcomeMix } from "./history-outcomes";

/** External-id prefix of every simulated conversation (what a re-run deletes). */
export const SIM_PREFIX = "sim-";

const REOPEN_WINDOW = 48 * HOUR;

type Contact = { id: string; name: string; phone: string; homeChannel: number; blockedUntil: number };
/** a conversation coming back for a known contact: a reopen (≤ 48 h after an AI resolution) or a later follow-up */
type FollowItem = { kind: "reopen" | "followUp"; at: number; contact: Contact; channel: number; question: Question };
type Item = { kind: "primary"; at: number } | { kind: "spam"; at: number } | { kind: "preview"; at: number } | FollowItem;
type Agent = { id: string; firstName: string };

/**
 * Writes a simulated conversation history for an org: conversations and messages on its non-preview channels over
 * local days [today − `months`, yesterday] of the org's time zone, spam, and `bot_preview` chats (on the org's preview
 * channel, created if missing). Idempotent: inside one transaction it first deletes the org's previous simulated
 * conversations (`external_id` starting `sim-`, messages cascade), then writes the new ones in multi-row batches
 * (defaults: ≈ 16 k conversations and ≈ 88 k messages in ≈ 8–17 s on embedded PGlite). The delete's foreign-key
 * actions scan `events` and `alerts` once per conversation (no index on their `conversation_id`), so a re-run slows
 * down as those tables grow.
 * It does not touch the datamart: run `aggregateOrgRange(db, { orgId, from, to })` afterwards to rebuild it.
 * @param params.orgId the organization (its time zone, business hours, holidays, channels and active agents are used)
 * @param params.now the clock (default: now); nothing is dated after it
 * @param params.params overrides of {@link DEFAULT_HISTORY_PARAMS}
 * @returns rows written (conversations incl. spam and preview, messages) and the local date range `from..to` (YYYY-MM-DD)
 * @throws ZodError for invalid params; Error when the org does not exist, has no non-preview channel or no active agent
 */
export async function simulateHistory(
  db: Db,
  { orgId, now = new Date(), params: overrides = {} }: { orgId: string; now?: Date; params?: Partial<HistoryParams> },
): Promise<{ conversations: number; messages: number; from: string; to: string }> {
  const p = paramsSchema.parse({ ...DEFAULT_HISTORY_PARAMS, ...overrides }) as HistoryParams;

  return db.transaction(async (tx) => {
    const [org] = await tx
      .select({ timezone: organizations.timezone, businessHours: organizations.businessHours, holidays: organizations.holidays })
      .from(organizations)
      .where(eq(organizations.id, orgId));
    if (!org) throw new Error(`simulateHistory: organization ${orgId} not found`);
    const channels = await tx
      .select({ id: channelIntegrations.id })
      .from(channelIntegrations)
      .where(and(eq(channelIntegrations.orgId, orgId), ne(channelIntegrations.type, "bot_preview"), isNull(channelIntegrations.archivedAt)))
      .orderBy(asc(channelIntegrations.createdAt), asc(channelIntegrations.name));
    if (channels.length === 0) throw new Error("simulateHistory: the organization has no channel to simulate");
    const staff = await tx
      .select({ id: users.id, name: users.name, role: memberships.role })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(and(eq(memberships.orgId, orgId), eq(memberships.status, "active"), inArray(memberships.role, ["agent", "owner", "admin"])))
      .orderBy(asc(users.email));
    const agents: Agent[] = staff.filter((s) => s.role === "agent").map((s) => ({ id: s.id, firstName: s.name.split(" ")[0] || s.name }));
    if (agents.length === 0) throw new Error("simulateHistory: the organization has no active agent to hand conversations to");
    const editors = staff.filter((s) => s.role !== "agent");
    const previewChannelId = await ensurePreviewChannel(tx, orgId);

    await tx.delete(conversations).where(and(eq(conversations.orgId, orgId), like(conversations.externalId, `${SIM_PREFIX}%`)));

    const tz = org.timezone;
    const today = localToday(tz, now);
    const from = minusMonths(today, p.months);
    const to = addDays(today, -1);
    const rangeEnd = endOfLocalDay(to, tz).getTime();
    const cap = now.getTime();
    const cal = new Calendar(org, from, to);
    const rng = new Rng(p.seed);

    const days: string[] = [];
    for (let d = from; d <= to; d = addDays(d, 1)) days.push(d);
    /** how far day `i` is through the range, 0..1 (what the outcome mix and reopen rate drift by) */
    const progressOf = (i: number) => (days.length > 1 ? i / (days.length - 1) : 1);
    const mixOn = (progress: number) => mixAt(p.startMix, p.endMix, progress);
    /** Expected eligible conversations on day `i`: ramp × weekday weight × dailyVolume. */
    const meanOf = (i: number, day: string) => dayVolume(p, i, day);
    /**
     * New (primary) conversations on day `i`: the eligible mean less what reopens and follow-ups will add — each
     * conversation brings back another with probability e, so primaries × 1/(1 − e) ≈ the eligible mean.
     */
    const primaryMeanOf = (i: number, day: string) => {
      const progress = progressOf(i);
      const mix = mixOn(progress);
      const ai = mix[0]!;
      const closed = 1 - mix[4]!;
      const reopen = ai * lerp(p.reopenStart, p.reopenEnd, progress);
      return meanOf(i, day) * (1 - Math.min(0.9, reopen + (closed - reopen) * p.followUpProbability));
    };
    const channelWeights = channels.map((_, i) => p.channelWeights[i] ?? p.channelWeights.at(-1)!);

    // contacts: a pool sized so most customers come back now and then; a contact is "blocked" for new primary
    // conversations while a reopen window or a scheduled follow-up of theirs is pending, so reopens are only the intended ones
    const expected = days.reduce((sum, d, i) => sum + primaryMeanOf(i, d), 0);
    const contacts: Contact[] = [];
    const newContact = (): Contact => {
      const first = rng.pick(FIRST_NAMES);
      const c: Contact = {
        id: `sim-contact-${contacts.length + 1}`,
        name: `${first} ${rng.pick(LAST_NAMES)}`,
        phone: `+628${rng.int(11, 99)}${String(rng.int(0, 99_999_999)).padStart(8, "0")}`,
        homeChannel: rng.weighted(channelWeights),
        blockedUntil: 0,
      };
      contacts.push(c);
      return c;
    };
    const poolSize = Math.max(20, Math.ceil(expected * p.contactsPerConversation));
    for (let i = 0; i < poolSize; i++) newContact();
    const contactFor = (at: number): Contact => {
      for (let attempt = 0; attempt < 8; attempt++) {
        const c = rng.pick(contacts);
        if (c.blockedUntil < at) return c;
      }
      return newContact();
    };

    const out: SimConversation[] = [];
    /** follow-ups not yet due, sorted by time */
    let pending: Item[] = [];
    const schedule = (item: Item) => {
      let i = pending.length;
      while (i > 0 && pending[i - 1]!.at > item.at) i--;
      pending.splice(i, 0, item);
    };

    const humanPickup = (t: number): number => {
      const open = cal.nextOpen(t);
      return open === t ? t + rng.between(1, 15) * MINUTE : open + rng.between(5, 60) * MINUTE;
    };
    const customerGap = () => rng.between(40, 6 * 60) * SECOND;
    const agentGap = () => rng.between(2, 8) * MINUTE;
    const orderId = () => `BN-${rng.int(100_000, 999_999)}`;
    const detail = () => rng.pick(CUSTOMER_DETAIL)(orderId());
    /** human part: greeting, then `post` customer messages answered by the agent (the last one a thank-you when ≥ 2) */
    const humanPart = (tl: Timeline, agent: Agent, assignedAt: number, post: number) => {
      tl.t = Math.max(tl.t, assignedAt);
      tl.agent(rng.pick(AGENT_GREETING)(agent.firstName), rng.between(20, 120) * SECOND);
      if (post === 0) tl.agent(rng.pick(AGENT_RESOLUTION), agentGap());
      for (let i = 0; i < post; i++) {
        if (i === post - 1 && post >= 2) {
          tl.customer(rng.pick(CUSTOMER_THANKS), customerGap());
          break;
        }
        tl.customer(detail(), customerGap());
        tl.agent(i >= post - 2 ? rng.pick(AGENT_RESOLUTION) : rng.pick(AGENT_PROGRESS), agentGap());
      }
    };

    /** Simulates one eligible conversation (primary, reopen or follow-up) starting at `at`. */
    const conversation = (item: { kind: "primary"; at: number } | FollowItem, progress: number): SimConversation => {
      const at = item.at;
      const follow = item.kind === "primary" ? null : item;
      const contact = follow ? follow.contact : contactFor(at);
      const channelIndex = follow ? follow.channel : rng.chance(0.85) ? contact.homeChannel : rng.weighted(channelWeights);
      const question = follow ? follow.question : rng.pick(QUESTIONS);
      const prefix = item.kind === "reopen" ? rng.pick(REOPEN_PREFIX) : item.kind === "followUp" ? rng.pick(FOLLOW_UP_PREFIX) : "";
      const firstText = prefix + question.question;
      const flow = flowOf(question);
      const outcome = OUTCOMES[rng.weighted(mixOn(progress))]!;
      const tl = new Timeline(rng, at);
      tl.customer(firstText, 0);
      const c: SimConversation = {
        channelId: channels[channelIndex]!.id, contactId: contact.id, contactName: contact.name, contactPhone: contact.phone, createdAt: at,
        status: "RESOLVED", closedReason: null, aiResolution: null, agentId: null, assignedAt: null, handoverAt: null, closedAt: null, sentiment: null, messages: tl.messages,
      };
      const others = rng.int(p.customerMessagesOther.min, p.customerMessagesOther.max);
      switch (outcome) {
        case "aiResolved": {
          const turns = rng.int(p.customerMessagesAiResolved.min, p.customerMessagesAiResolved.max);
          tl.bot(rng.pick(BOT_FIRST[flow] ?? BOT_CLARIFY), "answer", rng.between(0.72, 0.97));
          for (let i = 1; i < turns; i++) {
            tl.customer(detail(), customerGap());
            tl.bot(rng.pick(BOT_NEXT[flow] ?? BOT_CLARIFY), "answer", rng.between(0.72, 0.97));
          }
          c.closedReason = "RESOLVE_AI";
          if (rng.chance(p.aiConfirmedShare)) {
            tl.customer(rng.pick(CUSTOMER_THANKS), customerGap());
            tl.bot(rng.pick(BOT_RESOLVE), "resolve", rng.between(0.8, 0.98));
            c.aiResolution = "customer_confirmed";
            c.closedAt = tl.t;
          } else {
            c.aiResolution = "idle_assumed";
            c.closedAt = tl.t + p.idleResolveMinutes * MINUTE;
          }
          break;
        }
        case "aiAssisted": {
          tl.bot(rng.pick(BOT_FIRST[flow] ?? BOT_CLARIFY), "answer", rng.between(0.45, 0.8));
          const pre = others >= 4 ? 1 : 0;
          if (pre) {
            tl.customer(detail(), customerGap());
            tl.bot(rng.pick(BOT_NEXT[flow] ?? BOT_CLARIFY), "answer", rng.between(0.4, 0.75));
          }
          tl.customer(rng.pick(CUSTOMER_ASK_HUMAN), customerGap());
          tl.bot(rng.pick(BOT_HANDOVER), "handover", rng.between(0.1, 0.45));
          const agent = rng.pick(agents);
          c.handoverAt = tl.t;
          c.agentId = agent.id;
          c.assignedAt = humanPickup(tl.t);
          humanPart(tl, agent, c.assignedAt, others - 2 - pre);
          c.closedReason = rng.chance(0.6) ? "ASSIGN_AGENT_AI" : "RESOLVE";
          c.closedAt = tl.t + rng.between(2, 30) * MINUTE;
          break;
        }
        case "escalated": {
          tl.bot(rng.pick(BOT_HANDOVER), "handover", rng.between(0.05, 0.4));
          c.handoverAt = tl.t;
          // after hours, a good share of customers give up before anyone picks the conversation up
          if (rng.chance(cal.afterHours(tl.t) ? 0.45 : 0.1)) {
            for (let i = 1; i < Math.min(others, 3); i++) tl.customer(rng.pick(CUSTOMER_WAITING), rng.between(20, 120) * MINUTE);
            c.closedReason = "WAITING_ASSIGN_AGENT";
            c.closedAt = tl.t + rng.between(1, 8) * HOUR;
          } else {
            const agent = rng.pick(agents);
            c.agentId = agent.id;
            c.assignedAt = humanPickup(tl.t);
            humanPart(tl, agent, c.assignedAt, others - 1);
            c.closedReason = rng.chance(0.8) ? "ASSIGN_AGENT" : "ASSIGN_AGENT_AI";
            c.closedAt = tl.t + rng.between(2, 30) * MINUTE;
          }
          break;
        }
        case "humanResolved": {
          const agent = rng.pick(agents);
          c.agentId = agent.id;
          c.assignedAt = humanPickup(tl.t);
          c.handoverAt = c.assignedAt;
          humanPart(tl, agent, c.assignedAt, others - 1);
          c.closedReason = "RESOLVE";
          c.closedAt = tl.t + rng.between(2, 30) * MINUTE;
          break;
        }
        case "open": {
          // a clarifying question (no grounded capability, so the idle resolver leaves it alone) and then silence
          tl.bot(rng.pick(BOT_CLARIFY), "answer", rng.between(0.5, 0.75));
          c.status = "OPEN";
          break;
        }
      }
      fitBefore(c, cap);

      // what happens next for this contact: a reopen within 48 h of an AI resolution, or a later follow-up
      let reopened = false;
      const close = c.closedAt;
      if (close !== null && c.closedReason === "RESOLVE_AI" && rng.chance(lerp(p.reopenStart, p.reopenEnd, progress))) {
        const when = close + rng.between(10 * MINUTE, REOPEN_WINDOW - MINUTE);
        if (when < rangeEnd) {
          reopened = true;
          const other = channels.length > 1 && rng.chance(p.reopenOtherChannelShare);
          const channel = other ? (channelIndex + rng.int(1, channels.length - 1)) % channels.length : channelIndex;
          schedule({ kind: "reopen", at: when, contact, channel, question });
          contact.blockedUntil = Math.max(contact.blockedUntil, when + 3 * 24 * HOUR);
        }
      } else if (close !== null && rng.chance(p.followUpProbability)) {
        const when = close + rng.between(p.followUpDays.min * 24 * HOUR, (p.followUpDays.max + 1) * 24 * HOUR);
        if (when < rangeEnd) {
          const channel = rng.chance(0.85) ? contact.homeChannel : rng.weighted(channelWeights);
          schedule({ kind: "followUp", at: when, contact, channel, question: rng.pick(QUESTIONS) });
          contact.blockedUntil = Math.max(contact.blockedUntil, when + 3 * 24 * HOUR);
        }
      }
      contact.blockedUntil = Math.max(contact.blockedUntil, (close ?? at + 24 * HOUR) + REOPEN_WINDOW + MINUTE);

      if (rng.chance(p.sentimentCoverage)) {
        const dist = outcome === "aiResolved" && reopened ? p.sentiment.aiResolvedReopened : p.sentiment[outcome];
        c.sentiment = Math.round(Math.max(-1, Math.min(1, rng.normal(dist.mean, dist.sd))) * 100) / 100;
      }
      return c;
    };

    const spam = (at: number): SimConversation => {
      const channelIndex = rng.weighted(channelWeights);
      const tl = new Timeline(rng, at);
      tl.customer(rng.pick(SPAM), 0);
      return {
        channelId: channels[channelIndex]!.id, contactId: `sim-spam-${rng.int(1, 400)}`, contactName: null, contactPhone: `+628${rng.int(11, 99)}${String(rng.int(0, 99_999_999)).padStart(8, "0")}`,
        createdAt: at, status: "RESOLVED", closedReason: "SPAM", aiResolution: null, agentId: null, assignedAt: null, handoverAt: null,
        closedAt: Math.min(cap, at + rng.between(5, 240) * MINUTE), sentiment: null, messages: tl.messages,
      };
    };

    const preview = (at: number): SimConversation => {
      const editor = editors.length > 0 ? rng.pick(editors) : undefined;
      const question = rng.pick(QUESTIONS);
      const flow = flowOf(question);
      const tl = new Timeline(rng, at);
      tl.customer(question.question, 0);
      tl.bot(rng.pick(BOT_FIRST[flow] ?? BOT_CLARIFY), "answer", rng.between(0.5, 0.95));
      const c: SimConversation = {
        channelId: previewChannelId, contactId: `preview:${editor?.id ?? "sim"}`, contactName: `${editor?.name ?? "Editor"} (preview)`, contactPhone: null,
        createdAt: at, status: "OPEN", closedReason: null, aiResolution: null, agentId: null, assignedAt: null, handoverAt: null, closedAt: null, sentiment: null, messages: tl.messages,
      };
      if (rng.chance(0.5)) {
        tl.customer(rng.pick(CUSTOMER_THANKS), rng.between(10, 90) * SECOND);
        tl.bot(rng.pick(BOT_RESOLVE), "resolve", rng.between(0.8, 0.98));
        Object.assign(c, { status: "RESOLVED", closedReason: "RESOLVE_AI", aiResolution: "customer_confirmed", closedAt: tl.t });
      }
      fitBefore(c, cap);
      return c;
    };

    /** `n` instants on local day `day`, drawn from the hourly weights (or uniform hours `hours` when given), sorted. */
    const instants = (day: string, n: number, hours?: [number, number]) => drawInstants(rng, cal, day, n, hours ?? p.hourlyWeights);

    days.forEach((day, i) => {
      const progress = progressOf(i);
      const mean = meanOf(i, day);
      const items: Item[] = [
        ...instants(day, rng.poisson(primaryMeanOf(i, day))).map((at): Item => ({ kind: "primary", at })),
        ...instants(day, rng.poisson((mean * p.spamShare) / (1 - p.spamShare)), [0, 23]).map((at): Item => ({ kind: "spam", at })),
        ...instants(day, rng.poisson(p.previewPerDay), [9, 17]).map((at): Item => ({ kind: "preview", at })),
      ].sort((a, b) => a.at - b.at);
      const dayEnd = endOfLocalDay(day, tz).getTime();
      let next = 0;
      // the day's items merged with due follow-ups (which may themselves schedule more for later the same day)
      for (;;) {
        const fromPending = pending.length > 0 && pending[0]!.at < dayEnd && (next >= items.length || pending[0]!.at <= items[next]!.at);
        const item = fromPending ? pending.shift() : items[next++];
        if (!item) break;
        if (item.kind === "spam") out.push(spam(item.at));
        else if (item.kind === "preview") out.push(preview(item.at));
        else out.push(conversation(item, progress));
      }
    });
    pending = [];

    const written = await writeSimulatedConversations(tx, { orgId, prefix: SIM_PREFIX, sims: out });
    return { ...written, from, to };
  });
}
