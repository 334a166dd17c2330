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
import seedrandom from "seedrandom";
import { randomUUID } from "node:crypto";
import { TZDate } from "@date-fns/tz";
import { and, asc, eq, getTableColumns, inArray, isNull, like, ne, sql } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import { z } from "zod";
import type { Db } from "@/db/client";
import { channelIntegrations, conversations, memberships, messages, organizations, users, type BusinessHours } from "@/db/schema";
import retrievalQuestions from "@/lib/agent/fixtures/retrieval-questions.json";
import { ensurePreviewChannel } from "@/lib/agent/preview";
import { addDays, endOfLocalDay, localToday, startOfLocalDay } from "@/lib/time/local-day";

/** Shares of the simulated (non-spam, non-preview) conversations by outcome; normalised to sum 1. */
export type OutcomeMix = {
  /** closed `RESOLVE_AI` with no human attached (gross AI resolution) */
  aiResolved: number;
  /** the AI answered at least once, then a human was attached (closed `ASSIGN_AGENT_AI` or `RESOLVE`) */
  aiAssisted: number;
  /** handed to humans without an AI answer (closed `ASSIGN_AGENT`/`ASSIGN_AGENT_AI`), or left waiting for one (`WAITING_ASSIGN_AGENT`) */
  escalated: number;
  /** a human handled it alone and closed it as bare `RESOLVE` (never counts as an AI resolution) */
  humanResolved: number;
  /** still `OPEN` with the AI: the customer went quiet after a clarifying question (no closed_reason) */
  open: number;
};
export type Outcome = keyof OutcomeMix;

/** A normal distribution of sentiment (clipped to -1..1): mean and standard deviation. */
export type SentimentDistribution = { mean: number; sd: number };
/** An inclusive whole-number range. */
export type IntRange = { min: number; max: number };

/**
 * The simulation's knobs. Counts are per local day of the org's time zone; shares and probabilities are in 0..1.
 */
export type HistoryParams = {
  /** PRNG seed (same seed + same `now` ⇒ identical rows, apart from their generated uuids). Default 6. */
  seed: number;
  /** Months of history ending yesterday (local): local days [today − months, yesterday]. Default 13. */
  months: number;
  /** Mean eligible conversations per day once ramped up (averaged over the week; reopens and follow-ups included). Default 40. */
  dailyVolume: number;
  /** Onboarding ramp length in days from the first day: volume grows linearly from `rampStartShare` to 100 %. Default 45. */
  rampDays: number;
  /** Share of `dailyVolume` on the first day of the ramp. Default 0.1. */
  rampStartShare: number;
  /** Relative volume Mon..Sun (normalised to mean 1). Default [1.1, 1.05, 1, 1, 1.05, 0.85, 0.55]. */
  weekdayWeights: number[];
  /** Relative volume per local hour 0..23 (peaks 10–12 and 19–21, some night traffic: ≈ 45–50 % after hours with the demo org's hours). */
  hourlyWeights: number[];
  /** Relative volume per non-preview channel, in channel creation order (missing entries reuse the last). Default [55, 30, 15]. */
  channelWeights: number[];
  /** Outcome mix on the first day. Default AI-resolved 0.25, assisted 0.25, escalated 0.25, human-only 0.2, open 0.05. */
  startMix: OutcomeMix;
  /** Outcome mix on the last day (linear in between). Default AI-resolved 0.55, assisted 0.2, escalated 0.12, human-only 0.1, open 0.03. */
  endMix: OutcomeMix;
  /** Share of AI resolutions the customer confirms (`customer_confirmed`); the rest close after silence (`idle_assumed`). Default 0.55. */
  aiConfirmedShare: number;
  /** Minutes of customer silence after the AI's answer before an `idle_assumed` close (as the idle resolver). Default 30. */
  idleResolveMinutes: number;
  /** Probability that an AI resolution is reopened (same contact, new conversation within 48 h) on the first day. Default 0.15. */
  reopenStart: number;
  /** … on the last day (linear in between). Default 0.06. */
  reopenEnd: number;
  /** Share of reopens that arrive on another channel than the original conversation. Default 0.3. */
  reopenOtherChannelShare: number;
  /** Probability that a closed conversation not reopened gets a later follow-up (same contact, > 48 h after, not a reopen). Default 0.05. */
  followUpProbability: number;
  /** Days after the close a follow-up arrives (uniform; must start above 2). Default 3..14. */
  followUpDays: IntRange;
  /** Share of conversations with a sentiment score. Default 0.6. */
  sentimentCoverage: number;
  /** Sentiment distributions per outcome, plus `aiResolvedReopened` for AI resolutions the customer came back to. */
  sentiment: Record<Outcome | "aiResolvedReopened", SentimentDistribution>;
  /** Share of spam among all non-preview conversations (closed `SPAM`, excluded by the datamart). Default 0.02. */
  spamShare: number;
  /** Mean `bot_preview` chats per day (editors testing the agent; excluded by the datamart). Default 2. */
  previewPerDay: number;
  /** Customer messages (questions and details, not counting a closing thank-you) in AI-resolved conversations. Default 1..3. */
  customerMessagesAiResolved: IntRange;
  /** Customer messages in the other (human-touched) conversations. Default 2..4. */
  customerMessagesOther: IntRange;
  /** Size of the synthetic contact pool per expected conversation (0.45 ⇒ ~2.2 conversations per contact). Default 0.45. */
  contactsPerConversation: number;
};

export const DEFAULT_HISTORY_PARAMS: HistoryParams = {
  seed: 6,
  months: 13,
  dailyVolume: 40,
  rampDays: 45,
  rampStartShare: 0.1,
  weekdayWeights: [1.1, 1.05, 1, 1, 1.05, 0.85, 0.55],
  hourlyWeights: [
    0.5, 0.3, 0.15, 0.1, 0.1, 0.2, 0.5, 1.0, 2.2, 3.2, 4.4, 4.6, 3.8, 3.4, 3.2, 3.0, 2.8, 2.2, 2.0, 2.6, 2.8, 2.4, 1.6, 0.9,
  ],
  channelWeights: [55, 30, 15],
  startMix: { aiResolved: 0.25, aiAssisted: 0.25, escalated: 0.25, humanResolved: 0.2, open: 0.05 },
  endMix: { aiResolved: 0.55, aiAssisted: 0.2, escalated: 0.12, humanResolved: 0.1, open: 0.03 },
  aiConfirmedShare: 0.55,
  idleResolveMinutes: 30,
  reopenStart: 0.15,
  reopenEnd: 0.06,
  reopenOtherChannelShare: 0.3,
  followUpProbability: 0.05,
  followUpDays: { min: 3, max: 14 },
  sentimentCoverage: 0.6,
  sentiment: {
    aiResolved: { mean: 0.45, sd: 0.3 },
    aiResolvedReopened: { mean: -0.05, sd: 0.35 },
    aiAssisted: { mean: 0.2, sd: 0.35 },
    escalated: { mean: -0.2, sd: 0.4 },
    humanResolved: { mean: 0.25, sd: 0.35 },
    open: { mean: -0.05, sd: 0.3 },
  },
  spamShare: 0.02,
  previewPerDay: 2,
  customerMessagesAiResolved: { min: 1, max: 3 },
  customerMessagesOther: { min: 2, max: 4 },
  contactsPerConversation: 0.45,
};

const share = z.number().min(0).max(1);
const mixSchema = z
  .object({ aiResolved: share, aiAssisted: share, escalated: share, humanResolved: share, open: share })
  .refine((m) => m.aiResolved + m.aiAssisted + m.escalated + m.humanResolved + m.open > 0, "The mix needs a positive share.");
const rangeSchema = (min: number, max: number) =>
  z.object({ min: z.number().int().min(min).max(max), max: z.number().int().min(min).max(max) }).refine((r) => r.min <= r.max, "min must not exceed max.");
const distribution = z.object({ mean: z.number().min(-1).max(1), sd: z.number().min(0).max(2) });
const weights = (length: number) => z.array(z.number().min(0)).length(length).refine((w) => w.some((x) => x > 0), "Needs a positive weight.");
const paramsSchema = z.object({
  seed: z.number().int(),
  months: z.number().int().min(1).max(36),
  dailyVolume: z.number().positive().max(5000),
  rampDays: z.number().int().min(0).max(365),
  rampStartShare: z.number().min(0.01).max(1),
  weekdayWeights: weights(7),
  hourlyWeights: weights(24),
  channelWeights: z.array(z.number().min(0)).min(1).refine((w) => w.some((x) => x > 0), "Needs a positive weight."),
  startMix: mixSchema,
  endMix: mixSchema,
  aiConfirmedShare: share,
  idleResolveMinutes: z.number().int().min(1).max(24 * 60),
  reopenStart: share,
  reopenEnd: share,
  reopenOtherChannelShare: share,
  followUpProbability: share,
  followUpDays: rangeSchema(3, 60),
  sentimentCoverage: share,
  sentiment: z.object({
    aiResolved: distribution, aiResolvedReopened: distribution, aiAssisted: distribution, escalated: distribution, humanResolved: distribution, open: distribution,
  }),
  spamShare: z.number().min(0).max(0.5),
  previewPerDay: z.number().min(0).max(100),
  customerMessagesAiResolved: rangeSchema(1, 20),
  customerMessagesOther: rangeSchema(2, 20),
  contactsPerConversation: z.number().min(0.01).max(1),
});

/** Rows per INSERT (each batch travels as one JSON parameter, see {@link insertAsJson}). */
const BATCH = 5000;
/** External-id prefix of every simulated conversation (what a re-run deletes). */
export const SIM_PREFIX = "sim-";

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const REOPEN_WINDOW = 48 * HOUR;


/** Draws on a seeded PRNG. */
class Rng {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = seedrandom(String(seed));
  }
  float(): number {
    return this.next();
  }
  /** uniform real in [min, max) */
  between(min: number, max: number): number {
    return min + (max - min) * this.next();
  }
  /** uniform integer in [min, max] */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }
  /** an index drawn with probability proportional to its weight */
  weighted(w: readonly number[]): number {
    const total = w.reduce((a, b) => a + b, 0);
    let u = this.next() * total;
    for (let i = 0; i < w.length; i++) {
      u -= w[i]!;
      if (u < 0) return i;
    }
    return w.length - 1;
  }
  /** Box–Muller */
  normal(mean: number, sd: number): number {
    const u = 1 - this.next();
    const v = this.next();
    return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
  /** Poisson count (Knuth below 30, normal approximation above) */
  poisson(mean: number): number {
    if (mean <= 0) return 0;
    if (mean >= 30) return Math.max(0, Math.round(this.normal(mean, Math.sqrt(mean))));
    const limit = Math.exp(-mean);
    let k = 0;
    let p = this.next();
    while (p > limit) {
      k++;
      p *= this.next();
    }
    return k;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Texts: customer questions are the real in-domain ones of the retrieval fixture; replies are short and plausible.

type Question = { question: string; expected: string };
const QUESTIONS = retrievalQuestions as Question[];

const BOT_FIRST: Record<string, string[]> = {
  "Product Defect": [
    "I'm sorry to hear that! I can help you with a return or refund. Could you share your full name or account ID, and the order ID?",
    "Sorry about that item. To start the return I'll need your account ID or full name, your email address and the order ID.",
  ],
  "Order Issue": [
    "I can look into that order for you. Could you send me your order ID and the email address on your account?",
    "Happy to help with your order. Please share the order ID and your username so I can pull it up.",
  ],
  "Account Access": [
    "No problem, I can help you get back into your account. Could you confirm your full name and the email address you signed up with?",
    "Let's get you signed in again. Please share your full name and the phone number or email on the account.",
  ],
  "Troubleshoot Site": [
    "Sorry the website is giving you trouble. Could you try logging out and back in, then clearing your browser cache?",
    "Thanks for letting us know. Could you tell me which browser you're using, and try refreshing the page once more?",
  ],
  "Manage Account": [
    "I can help with your account details. Could you share your account ID and the order ID it relates to?",
    "Sure, I can update that for you. Please confirm your full name and account ID first.",
  ],
  "Purchase Dispute": [
    "I understand, let me check that for you. Could you share the order ID and your membership level?",
    "Thanks for flagging this. Promotions usually run for 7 days — could you tell me when you received the code and the order ID?",
  ],
  "Shipping Issue": [
    "Let me check on your shipment. Could you send me the order ID and your username?",
    "I can help with that delivery. Please share the order ID and the shipping address on the order.",
  ],
  "Subscription Inquiry": [
    "I can check your subscription. Could you share your account ID and the email address on the account?",
    "Happy to help with your membership. Please confirm your full name and account ID.",
  ],
  "Single-Item Query": [
    "Good question! Could you tell me which item you're looking at, or share the product link?",
    "I can help with that product. Which colour and size are you interested in?",
  ],
  "Storewide Query": [
    "Good question! Are you asking about an order you already placed, or before buying?",
    "Happy to explain. Is this about your membership, or about a specific purchase?",
  ],
};
const BOT_NEXT: Record<string, string[]> = {
  "Product Defect": [
    "Thank you. I've started the refund for that item; you'll get an email with the return label within a few minutes.",
    "All set — your return is registered. Please pack the item with its tags and drop it at any partner courier point.",
  ],
  "Order Issue": [
    "Thanks, I found the order and updated it. You'll receive a confirmation email shortly.",
    "Done — the change is saved on your order. Is there anything else I can help with?",
  ],
  "Account Access": [
    "Thanks! I've sent a reset link to your email address. It stays valid for one hour.",
    "Verified. You can now sign in with the code I just sent to your phone.",
  ],
  "Troubleshoot Site": [
    "Thanks for trying that. The page should work normally now; if the card is still declined, please double-check the expiry date.",
    "Great, that usually clears it up. Your cart should now show the right items.",
  ],
  "Manage Account": [
    "Thank you, the details on your account are updated. You'll see the change the next time you sign in.",
    "Done — I've updated your account. A confirmation is on its way to your email.",
  ],
  "Purchase Dispute": [
    "Thanks. I've applied the price difference to your order; it will show on your statement within a few days.",
    "I've checked the promotion and added the discount to your account as store credit.",
  ],
  "Shipping Issue": [
    "Thanks! Your parcel is with the courier and is expected to arrive within 2–3 working days.",
    "I've updated the delivery details. You'll get a tracking update by email.",
  ],
  "Subscription Inquiry": [
    "Thanks. Your membership is active, and the next bill is shown under Account › Subscription.",
    "I've extended your subscription as requested; the new due date is on your account page.",
  ],
  "Single-Item Query": [
    "That item is available in all the sizes shown on the product page, and it can be machine washed on a gentle cycle.",
    "Yes, it comes in that colour. The size chart is on the product page under \"Size guide\".",
  ],
  "Storewide Query": [
    "Members get free shipping and early access to sales. You can see your benefits under Account › Membership.",
    "Our return policy and delivery times are listed on the Help page; I've summarised the key points above.",
  ],
};
const BOT_CLARIFY = [
  "Could you tell me a little more, for example the order ID or which item this is about?",
  "To help you better, could you share your order ID?",
  "Just to be sure I understand — is this about an order you already received?",
];
const BOT_HANDOVER = [
  "I'll connect you with one of our customer care team, who can help you further. Please wait a moment.",
  "Let me pass you to a colleague from our team who can take care of this.",
  "I'm handing this over to our customer care team now; someone will reply here shortly.",
];
const BOT_RESOLVE = ["Glad I could help! Have a nice day.", "You're welcome! Feel free to message us anytime.", "Happy to help. Enjoy your purchase!"];
const CUSTOMER_DETAIL = [
  (o: string) => `My order ID is ${o}.`,
  (o: string) => `It's order ${o}.`,
  (o: string) => `Order ${o}, I paid by bank transfer.`,
  () => "It was delivered yesterday.",
  () => "Yes, that's the one. Size M, the black one.",
  () => "I'm using Chrome on my phone.",
  () => "The email on my account is the same one I'm writing from.",
];
const CUSTOMER_ASK_HUMAN = [
  "That doesn't really answer my question. Can I talk to a person?",
  "I'd rather speak with someone from your team, please.",
  "Can a human agent check this for me?",
];
const CUSTOMER_THANKS = ["Great, thank you!", "Okay, that's clear. Thanks!", "Perfect, that solved it.", "Thanks for the quick help!"];
const CUSTOMER_WAITING = ["Hello? Is anyone there?", "Still waiting for an answer…", "Can someone reply please?"];
const REOPEN_PREFIX = ["I asked about this earlier but it's still not sorted. ", "Hi again, the problem came back. ", "This still isn't resolved. "];
const FOLLOW_UP_PREFIX = ["Hi again! ", "Hello, I have another question. ", ""];
const AGENT_GREETING = [
  (name: string) => `Hi, ${name} here from the customer care team. Let me look into this for you.`,
  (name: string) => `Hello, this is ${name}. Thanks for waiting — I'm checking your case now.`,
];
const AGENT_PROGRESS = ["Thanks. Could you also confirm the email address on the order?", "Got it, one moment while I check with the warehouse.", "Thanks for the details, I'm checking this now."];
const AGENT_RESOLUTION = [
  "I've sorted this out on our side; you'll get a confirmation email shortly. Anything else I can help with?",
  "All done — the refund is processed and should reach you within a few working days.",
  "I've updated your order and the courier has the new details. Thanks for your patience!",
];
const SPAM = [
  "Pinjaman online cepat cair tanpa jaminan, balas YA untuk info lebih lanjut!",
  "Congratulations! You have been selected to win a prize. Reply YES to claim it.",
  "Jual followers Instagram murah, 1000 followers hanya Rp10.000.",
  "Investasi untung 30% per minggu, dijamin aman. Hubungi kami sekarang.",
];
const FIRST_NAMES = [
  "Ayu", "Bagus", "Citra", "Dian", "Eko", "Fitri", "Galih", "Hana", "Indra", "Joko", "Kartika", "Lestari", "Made", "Nadia", "Oki",
  "Putri", "Rizky", "Sinta", "Teguh", "Umi", "Vina", "Wahyu", "Yoga", "Zahra", "Adi", "Bayu", "Desi", "Fajar", "Gita", "Hendra",
  "Intan", "Kevin", "Lina", "Mega", "Nur", "Ratna", "Sari", "Tono", "Wulan", "Yuni",
];
const LAST_NAMES = [
  "Wijaya", "Saputra", "Hidayat", "Siregar", "Nasution", "Putra", "Lubis", "Gunawan", "Halim", "Kusuma", "Setiawan", "Pratama",
  "Harahap", "Susanto", "Wibowo", "Santoso", "Rahman", "Utami", "Permata", "Simanjuntak", "Tanjung", "Hakim", "Purnama", "Sihombing",
];

const flowOf = (q: Question) => q.expected.split(" — ")[0] ?? "Storewide Query";

// ---------------------------------------------------------------------------------------------------------------
// The simulation

type SimMessage = {
  sender: "customer" | "bot" | "agent";
  content: string;
  sentAt: number;
  agentAction?: "answer" | "handover" | "resolve";
  confidence?: number;
  /** index (in the conversation) of the customer message a bot message replies to */
  replyTo?: number;
};
type SimConversation = {
  channelId: string;
  contactId: string;
  contactName: string | null;
  contactPhone: string | null;
  createdAt: number;
  status: "OPEN" | "RESOLVED";
  closedReason: "RESOLVE_AI" | "RESOLVE" | "ASSIGN_AGENT" | "ASSIGN_AGENT_AI" | "WAITING_ASSIGN_AGENT" | "SPAM" | null;
  aiResolution: "customer_confirmed" | "idle_assumed" | null;
  agentId: string | null;
  assignedAt: number | null;
  handoverAt: number | null;
  closedAt: number | null;
  sentiment: number | null;
  messages: SimMessage[];
};
type Contact = { id: string; name: string; phone: string; homeChannel: number; blockedUntil: number };
/** a conversation coming back for a known contact: a reopen (≤ 48 h after an AI resolution) or a later follow-up */
type FollowItem = { kind: "reopen" | "followUp"; at: number; contact: Contact; channel: number; question: Question };
type Item = { kind: "primary"; at: number } | { kind: "spam"; at: number } | { kind: "preview"; at: number } | FollowItem;

/** Builds a conversation's message timeline from `createdAt`. */
class Timeline {
  readonly messages: SimMessage[] = [];
  constructor(
    private readonly rng: Rng,
    public t: number,
  ) {}
  private lastCustomerUnanswered(): number | undefined {
    const i = this.messages.length - 1;
    return this.messages[i]?.sender === "customer" ? i : undefined;
  }
  customer(content: string, gapMs: number): void {
    this.t += gapMs;
    this.messages.push({ sender: "customer", content, sentAt: this.t });
  }
  bot(content: string, agentAction: "answer" | "handover" | "resolve", confidence: number): void {
    this.t += this.rng.between(4, 20) * SECOND;
    this.messages.push({ sender: "bot", content, sentAt: this.t, agentAction, confidence: Math.round(confidence * 100) / 100, replyTo: this.lastCustomerUnanswered() });
  }
  agent(content: string, gapMs: number): void {
    this.t += gapMs;
    this.messages.push({ sender: "agent", content, sentAt: this.t });
  }
}

type Org = { timezone: string; businessHours: BusinessHours; holidays: string[] };
type Agent = { id: string; firstName: string };

/** Local-calendar helpers over the simulated days (plus margin for waits running past the last day). */
class Calendar {
  /** local dates, from the day before the range to 15 days after it */
  private readonly days: string[] = [];
  private readonly starts: number[] = [];
  /** per day: business intervals [open, close) in epoch ms, sorted; undefined when the org has no hours (always open) */
  private readonly open: ([number, number][] | undefined)[] = [];
  constructor(
    private readonly org: Org,
    from: string,
    to: string,
  ) {
    const holidays = new Set(org.holidays);
    for (let d = addDays(from, -1); d <= addDays(to, 15); d = addDays(d, 1)) {
      this.days.push(d);
      this.starts.push(startOfLocalDay(d, org.timezone).getTime());
      if (org.businessHours.length === 0) {
        this.open.push(undefined);
        continue;
      }
      const dow = weekday(d);
      this.open.push(
        holidays.has(d)
          ? []
          : org.businessHours
              .filter((r) => r.day === dow)
              .map((r): [number, number] => [this.at(d, r.open), this.at(d, r.close)])
              .sort((a, b) => a[0] - b[0]),
      );
    }
  }
  /** The instant of local `HH:MM[:SS]` on local date `date`. */
  at(date: string, time: string): number {
    const [y, m, d] = date.split("-").map(Number) as [number, number, number];
    const [hh = 0, mm = 0, ss = 0] = time.split(":").map(Number);
    return new TZDate(y, m - 1, d, hh, mm, ss, this.org.timezone).getTime();
  }
  private dayIndex(t: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= t) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
  /** Whether `t` falls outside business hours (or on a holiday), as the datamart counts it. */
  afterHours(t: number): boolean {
    const hours = this.open[this.dayIndex(t)];
    return hours !== undefined && !hours.some(([o, c]) => t >= o && t < c);
  }
  /** The first instant ≥ `t` inside business hours (`t` itself when open or when the org has no hours). */
  nextOpen(t: number): number {
    for (let i = this.dayIndex(t); i < this.open.length; i++) {
      const hours = this.open[i];
      if (hours === undefined) return t;
      for (const [o, c] of hours) if (t < c) return Math.max(t, o);
    }
    return t;
  }
}

/** 0 = Sunday … 6 = Saturday, for a local `YYYY-MM-DD`. */
function weekday(date: string): 0 | 1 | 2 | 3 | 4 | 5 | 6 {
  return new Date(`${date}T12:00:00Z`).getUTCDay() as 0 | 1 | 2 | 3 | 4 | 5 | 6;
}

/** `date` minus `months` calendar months, clamped to the month's last day (as PostgreSQL's date − interval). */
function minusMonths(date: string, months: number): string {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const index = y * 12 + (m - 1) - months;
  const year = Math.floor(index / 12);
  const month = index - year * 12;
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return `${String(year).padStart(4, "0")}-${String(month + 1).padStart(2, "0")}-${String(Math.min(d, last)).padStart(2, "0")}`;
}

const lerp = (a: number, b: number, p: number) => a + (b - a) * p;
const OUTCOMES: Outcome[] = ["aiResolved", "aiAssisted", "escalated", "humanResolved", "open"];

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
    const weekdayMean = p.weekdayWeights.reduce((a, b) => a + b, 0) / 7;
    const progressOf = (i: number) => (days.length > 1 ? i / (days.length - 1) : 1);
    const mixAt = (progress: number) => {
      const raw = OUTCOMES.map((o) => lerp(p.startMix[o], p.endMix[o], progress));
      const total = raw.reduce((a, b) => a + b, 0);
      return raw.map((x) => x / total);
    };
    /** Expected eligible conversations on day `i`: ramp × weekday weight × dailyVolume. */
    const meanOf = (i: number, day: string) =>
      p.dailyVolume * (i < p.rampDays ? lerp(p.rampStartShare, 1, i / p.rampDays) : 1) * (p.weekdayWeights[(weekday(day) + 6) % 7]! / weekdayMean);
    /**
     * New (primary) conversations on day `i`: the eligible mean less what reopens and follow-ups will add — each
     * conversation brings back another with probability e, so primaries × 1/(1 − e) ≈ the eligible mean.
     */
    const primaryMeanOf = (i: number, day: string) => {
      const progress = progressOf(i);
      const mix = mixAt(progress);
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
      const outcome = OUTCOMES[rng.weighted(mixAt(progress))]!;
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
    const instants = (day: string, n: number, hours?: [number, number]): number[] => {
      const list: number[] = [];
      for (let i = 0; i < n; i++) {
        const h = hours ? rng.int(hours[0], hours[1]) : rng.weighted(p.hourlyWeights);
        const time = `${h}:${rng.int(0, 59)}:${rng.int(0, 59)}`;
        list.push(cal.at(day, time));
      }
      return list.sort((a, b) => a - b);
    };

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

    // rows, then multi-row inserts in batches (conversations first: messages reference them)
    const conversationRows: (typeof conversations.$inferInsert)[] = [];
    const messageRows: (typeof messages.$inferInsert)[] = [];
    out.forEach((c, n) => {
      const id = randomUUID();
      const last = c.messages.at(-1)!;
      const first = c.messages.find((m) => m.sender === "customer")!;
      const date = (t: number | null) => (t === null ? null : new Date(t));
      conversationRows.push({
        id, orgId, channelId: c.channelId, externalId: `${SIM_PREFIX}${n + 1}`, contactId: c.contactId, contactName: c.contactName, contactPhone: c.contactPhone,
        variant: null, botPercent: null, status: c.status, closedReason: c.closedReason, aiResolution: c.aiResolution,
        assignChannelAgentId: c.agentId, assignedAt: date(c.assignedAt), handoverAt: date(c.handoverAt), closedAt: date(c.closedAt),
        sentiment: c.sentiment, firstMessagePreview: first.content.slice(0, 280), messageCount: c.messages.length,
        lastMessageAt: new Date(last.sentAt), createdAt: new Date(c.createdAt),
      });
      const ids = c.messages.map(() => randomUUID());
      c.messages.forEach((m, j) => {
        messageRows.push({
          id: ids[j], orgId, conversationId: id, externalId: null, sender: m.sender, content: m.content,
          confidence: m.confidence ?? null, agentAction: m.agentAction ?? null, replyToMessageId: m.replyTo === undefined ? null : ids[m.replyTo],
          sentAt: new Date(m.sentAt), createdAt: new Date(m.sentAt),
        });
      });
    });
    for (let i = 0; i < conversationRows.length; i += BATCH) await insertAsJson(tx, conversations, conversationRows.slice(i, i + BATCH));
    for (let i = 0; i < messageRows.length; i += BATCH) await insertAsJson(tx, messages, messageRows.slice(i, i + BATCH));
    return { conversations: conversationRows.length, messages: messageRows.length, from, to };
  });
}

/**
 * Keeps a conversation's timeline at or before `cap` (a conversation begun late yesterday whose human wait would run
 * past `now`): every later instant is scaled proportionally into [createdAt, cap], preserving order (≥ 1 ms apart).
 */
function fitBefore(c: SimConversation, cap: number): void {
  const end = Math.max(c.closedAt ?? 0, c.assignedAt ?? 0, c.handoverAt ?? 0, ...c.messages.map((m) => m.sentAt));
  if (end <= cap) return;
  const factor = Math.max(0, cap - c.createdAt - c.messages.length) / (end - c.createdAt);
  const fit = (t: number) => c.createdAt + Math.floor((t - c.createdAt) * factor);
  let previous = -Infinity;
  for (const m of c.messages) {
    m.sentAt = Math.max(fit(m.sentAt), previous + 1);
    previous = m.sentAt;
  }
  if (c.handoverAt !== null) c.handoverAt = fit(c.handoverAt);
  if (c.assignedAt !== null) c.assignedAt = fit(c.assignedAt);
  if (c.closedAt !== null) c.closedAt = Math.max(fit(c.closedAt), previous);
}

/**
 * A multi-row INSERT whose rows travel as one JSON parameter expanded by `jsonb_to_recordset` — on PGlite about 3×
 * faster than drizzle's `.values(rows)` (one bind parameter per value). Column names and SQL types come from the
 * drizzle table, so they follow the schema. Every row must carry the same keys (those of the first row; a key left
 * out would insert NULL, not the column default); Dates serialise as ISO instants.
 * @param rows drizzle insert objects (property names, not column names)
 */
async function insertAsJson<T extends PgTable>(db: Db, table: T, rows: T["$inferInsert"][]): Promise<void> {
  const first = rows[0];
  if (!first) return;
  const all = getTableColumns(table);
  const keys = Object.keys(first).filter((k) => k in all);
  const column = (k: string) => all[k]!;
  await db.execute(sql`
    INSERT INTO ${table} (${sql.join(keys.map((k) => sql.identifier(column(k).name)), sql`, `)})
    SELECT ${sql.join(keys.map((k) => sql.identifier(k)), sql`, `)}
    FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
      AS x(${sql.join(keys.map((k) => sql`${sql.identifier(k)} ${sql.raw(column(k).getSQLType())}`), sql`, `)})`);
}
