/**
 * A realistic conversation history for the demo org (001_… AI Agent Impact Report): 13 months of simulated
 * conversations and messages, so the impact report, its trend and its forecast have something true-to-life to show.
 *
 * What is simulated, per local day of the org's time zone:
 * - volume (./history-calendar): an onboarding ramp (10 % → 100 % of `dailyVolume`), weekday weights (quiet
 *   Sundays), local-hour weights (peaks 10–12 and 19–21, some night traffic — so a good share arrives outside
 *   business hours); human pick-ups follow the org's business hours: an after-hours hand-over waits for the next opening;
 * - what happens in each conversation (./history-journeys), a journey drawn from a mix that moves linearly from
 *   `startMix` to `endMix` over the period (./history-outcomes; confirmed by the customer ≈ 24 % → 55 %): the AI
 *   answers and the customer confirms, or goes silent; the AI asks and nobody answers; the AI answers then hands over;
 *   the AI hands over at once; an agent takes it first. How it ends is then derived by the same outcome rules as live
 *   traffic (`lib/conversations/outcome.ts`): the history writes what happened (`ai_answered_at`, `handover_at`,
 *   `assign_channel_agent_id`, how it closed) and the rules give `closed_reason`, `closed_via` and `ai_resolution` —
 *   a close after silence is a bare RESOLVE, never an AI win;
 * - reopens: some confirmed AI resolutions are followed within 48 h by a new conversation of the same contact
 *   (sometimes on another channel), at a rate falling from `reopenStart` to `reopenEnd`; plus later follow-ups
 *   (> 48 h, no reopen);
 * - sentiment on part of the conversations, spam (marked SPAM) and the editors' `bot_preview` chats — both of which
 *   the datamart must leave out.
 *
 * Every row it writes has an `external_id` starting with `sim-` (contacts `sim-contact-N`), which is how a re-run
 * finds and replaces them. Domain code: no framework imports.
 */
import { and, asc, eq, inArray, isNull, like, ne } from "drizzle-orm";
import type { Db } from "@/db/client";
import { channelIntegrations, conversations, memberships, organizations, users } from "@/db/schema";
import { ensurePreviewChannel } from "@/lib/agent/preview";
import { addDays, endOfLocalDay, localToday } from "@/lib/time/local-day";
import { Calendar, DAY, dayVolume, drawInstants, lerp, minusMonths, MINUTE, SECOND } from "./history-calendar";
import { ContactPool, simulatedPhone, type Contact } from "./history-contacts";
import { JourneyPlayer, type Agent } from "./history-journeys";
import { closeSimulated, JOURNEYS, mixAt, type Journey } from "./history-outcomes";
import { DEFAULT_HISTORY_PARAMS, paramsSchema, type HistoryParams } from "./history-params";
import { Rng } from "./history-rng";
import { writeSimulatedConversations } from "./history-sql-writer";
import { BOT_CLARIFY, BOT_FIRST, BOT_RESOLVE, CUSTOMER_THANKS, flowOf, FOLLOW_UP_PREFIX, QUESTIONS, REOPEN_PREFIX, SPAM, type Question } from "./history-texts";
import { fitBefore, Timeline, type SimConversation } from "./history-timeline";

export { DEFAULT_HISTORY_PARAMS, type HistoryParams, type IntRange, type SentimentDistribution } from "./history-params";
export type { Journey, JourneyMix } from "./history-outcomes";

/** External-id prefix of every simulated conversation (what a re-run deletes). */
export const SIM_PREFIX = "sim-";

/** How long after an AI resolution a new conversation of the same contact counts as a reopen (48 h, in ms). */
const REOPEN_WINDOW = 2 * DAY;

/** a conversation coming back for a known contact: a reopen (≤ 48 h after an AI resolution) or a later follow-up */
type FollowItem = { kind: "reopen" | "followUp"; at: number; contact: Contact; channel: number; question: Question };
type Item = { kind: "primary"; at: number } | { kind: "spam"; at: number } | { kind: "preview"; at: number } | FollowItem;

/** A journey's share in a mix returned by `mixAt`. */
const shareOf = (mix: number[], journey: Journey) => mix[JOURNEYS.indexOf(journey)]!;

/**
 * Writes a simulated conversation history for an org: conversations and messages on its non-preview channels over
 * local days [today − `months`, yesterday] of the org's time zone, spam, and `bot_preview` chats (on the org's preview
 * channel, created if missing). Idempotent: inside one transaction it first deletes the org's previous simulated
 * conversations (`external_id` starting `sim-`, messages cascade), then writes the new ones in multi-row batches
 * (defaults: ≈ 16 k conversations and ≈ 80 k messages in ≈ 8–20 s on embedded PGlite). The delete's foreign-key
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
    const player = new JourneyPlayer(rng, cal, agents, p);

    const days: string[] = [];
    for (let d = from; d <= to; d = addDays(d, 1)) days.push(d);
    /** how far day `i` is through the range, 0..1 (what the journey mix and the reopen rate drift by) */
    const progressOf = (i: number) => (days.length > 1 ? i / (days.length - 1) : 1);
    const mixOn = (progress: number) => mixAt(p.startMix, p.endMix, progress);
    /**
     * New (primary) conversations on day `i`: the eligible mean less what reopens and follow-ups will add — each
     * conversation brings back another with probability e, so primaries × 1/(1 − e) ≈ the eligible mean.
     */
    const primaryMeanOf = (i: number, day: string) => {
      const progress = progressOf(i);
      const mix = mixOn(progress);
      const closed = 1 - shareOf(mix, "aiOpen");
      const reopen = shareOf(mix, "aiConfirmed") * lerp(p.reopenStart, p.reopenEnd, progress);
      return dayVolume(p, i, day) * (1 - Math.min(0.9, reopen + (closed - reopen) * p.followUpProbability));
    };
    const channelWeights = channels.map((_, i) => p.channelWeights[i] ?? p.channelWeights.at(-1)!);

    // contacts: a pool sized so most customers come back now and then
    const expected = days.reduce((sum, d, i) => sum + primaryMeanOf(i, d), 0);
    const contacts = new ContactPool(rng, channelWeights, Math.max(20, Math.ceil(expected * p.contactsPerConversation)));

    const out: SimConversation[] = [];
    /** follow-ups not yet due, sorted by time */
    let pending: Item[] = [];
    const schedule = (item: Item) => {
      let i = pending.length;
      while (i > 0 && pending[i - 1]!.at > item.at) i--;
      pending.splice(i, 0, item);
    };
    /** A conversation begun at `tl`'s first message, open with nothing else decided yet. */
    const open = (channelId: string, contact: { id: string; name: string | null; phone: string | null }, tl: Timeline): SimConversation => ({
      channelId, contactId: contact.id, contactName: contact.name, contactPhone: contact.phone, createdAt: tl.messages[0]!.sentAt,
      status: "OPEN", agentId: null, assignedAt: null, handoverAt: null, closedAt: null, outcome: null, sentiment: null, messages: tl.messages,
    });

    /** Simulates one eligible conversation (primary, reopen or follow-up) starting at `at`. */
    const conversation = (item: { kind: "primary"; at: number } | FollowItem, progress: number): SimConversation => {
      const at = item.at;
      const follow = item.kind === "primary" ? null : item;
      const contact = follow ? follow.contact : contacts.pick(at);
      const channelIndex = follow ? follow.channel : rng.chance(0.85) ? contact.homeChannel : rng.weighted(channelWeights);
      const question = follow ? follow.question : rng.pick(QUESTIONS);
      const prefix = item.kind === "reopen" ? rng.pick(REOPEN_PREFIX) : item.kind === "followUp" ? rng.pick(FOLLOW_UP_PREFIX) : "";
      const journey = JOURNEYS[rng.weighted(mixOn(progress))]!;
      const tl = new Timeline(rng, at);
      tl.customer(prefix + question.question, 0);
      const c = open(channels[channelIndex]!.id, contact, tl);
      player.play(journey, c, tl, flowOf(question));
      fitBefore(c, cap);

      // what happens next for this contact: a reopen within 48 h of an AI resolution, or a later follow-up; the
      // contact starts no new primary conversation meanwhile, so the only reopens are these
      let reopened = false;
      const close = c.closedAt;
      if (close !== null && c.outcome?.closedReason === "RESOLVE_AI" && rng.chance(lerp(p.reopenStart, p.reopenEnd, progress))) {
        const when = close + rng.between(10 * MINUTE, REOPEN_WINDOW - MINUTE);
        if (when < rangeEnd) {
          reopened = true;
          const other = channels.length > 1 && rng.chance(p.reopenOtherChannelShare);
          const channel = other ? (channelIndex + rng.int(1, channels.length - 1)) % channels.length : channelIndex;
          schedule({ kind: "reopen", at: when, contact, channel, question });
          contact.blockedUntil = Math.max(contact.blockedUntil, when + 3 * DAY);
        }
      } else if (close !== null && rng.chance(p.followUpProbability)) {
        const when = close + rng.between(p.followUpDays.min * DAY, (p.followUpDays.max + 1) * DAY);
        if (when < rangeEnd) {
          const channel = rng.chance(0.85) ? contact.homeChannel : rng.weighted(channelWeights);
          schedule({ kind: "followUp", at: when, contact, channel, question: rng.pick(QUESTIONS) });
          contact.blockedUntil = Math.max(contact.blockedUntil, when + 3 * DAY);
        }
      }
      contact.blockedUntil = Math.max(contact.blockedUntil, (close ?? at + DAY) + REOPEN_WINDOW + MINUTE);

      if (rng.chance(p.sentimentCoverage)) {
        const dist = journey === "aiConfirmed" && reopened ? p.sentiment.aiResolvedReopened : p.sentiment[journey];
        c.sentiment = Math.round(Math.max(-1, Math.min(1, rng.normal(dist.mean, dist.sd))) * 100) / 100;
      }
      return c;
    };

    /** Spam: one message, marked SPAM from the helpdesk 5 min – 4 h later. */
    const spam = (at: number): SimConversation => {
      const channelIndex = rng.weighted(channelWeights);
      const tl = new Timeline(rng, at);
      tl.customer(rng.pick(SPAM), 0);
      const c = open(channels[channelIndex]!.id, { id: `sim-spam-${rng.int(1, 400)}`, name: null, phone: simulatedPhone(rng) }, tl);
      closeSimulated(c, { via: "agent", closedReason: "SPAM" }, Math.min(cap, at + rng.between(5, 240) * MINUTE));
      return c;
    };

    /** An editor trying the agent in the preview: one answer, half the time a confirmation. */
    const preview = (at: number): SimConversation => {
      const editor = editors.length > 0 ? rng.pick(editors) : undefined;
      const question = rng.pick(QUESTIONS);
      const flow = flowOf(question);
      const tl = new Timeline(rng, at);
      tl.customer(question.question, 0);
      tl.bot(rng.pick(BOT_FIRST[flow] ?? BOT_CLARIFY), "answer", rng.between(0.5, 0.95));
      const c = open(previewChannelId, { id: `preview:${editor?.id ?? "sim"}`, name: `${editor?.name ?? "Editor"} (preview)`, phone: null }, tl);
      if (rng.chance(0.5)) {
        tl.customer(rng.pick(CUSTOMER_THANKS), rng.between(10, 90) * SECOND);
        tl.bot(rng.pick(BOT_RESOLVE), "resolve", rng.between(0.8, 0.98));
        closeSimulated(c, { via: "customer_confirmed" }, tl.t);
      }
      fitBefore(c, cap);
      return c;
    };

    /** `n` instants on local day `day`, drawn from the hourly weights (or uniform hours `hours` when given), sorted. */
    const instants = (day: string, n: number, hours?: [number, number]) => drawInstants(rng, cal, day, n, hours ?? p.hourlyWeights);

    days.forEach((day, i) => {
      const progress = progressOf(i);
      const mean = dayVolume(p, i, day);
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
