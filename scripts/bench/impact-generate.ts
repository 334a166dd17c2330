/**
 * The data of `npm run bench:impact`, generated set-based in SQL for every org at once (INSERT … SELECT over
 * generate_series per org, staged in a temporary table, sorted by created_at, then inserted in that order as live
 * traffic would be; random() after setseed in one transaction, so the draws repeat — the data move only with the run's
 * clock and the orgs; JIT off, whose nested CASE expressions take LLVM minutes to compile).
 *
 * Per org ({@link BenchOrg}): created_at over its local days (365, fewer for an org that joined during the year) in its
 * time zone, local hours weighted as lib/demo/simulate-history.ts (peaks 10–12 and 19–21, some night traffic) — nothing
 * after the run's clock (a conversation still running then is moved back); its channels (the first busiest), the split
 * channel's arm drawn at its bot_percent, preview chats on its preview channel (excluded by the datamart).
 *
 * Outcomes follow the outcome taxonomy (issue 15, `lib/conversations/outcome.ts`: closed_reason derived from what
 * happened, `closed_via` on every closed conversation, `ai_answered_at` where the bot answered), drifting over the year
 * (bot-only 30 % → 55 %, then AI-assisted, escalated, human arm, open), SPAM 2 %:
 * - bot only (the bot answered, nobody attached): the customer confirmed (50 %: RESOLVE_AI, customer_confirmed), went
 *   silent (40 %: bare RESOLVE, closed_via silence, closed 30 min after the bot's answer as the idle job does — never an
 *   AI win), or an agent closed it in the helpdesk without attaching (10 %: RESOLVE_AI when asked for it — the AI
 *   answered — or bare RESOLVE; closed_via agent);
 * - AI-assisted: the bot answered, the customer asked for a human, the bot handed over and an agent attached →
 *   ASSIGN_AGENT_AI (closed_via agent);
 * - escalated: the bot handed over without answering → ASSIGN_AGENT with an agent (80 %), WAITING_ASSIGN_AGENT closed
 *   by the helpdesk while waiting without one;
 * - human arm of a split channel: an agent attached → ASSIGN_AGENT;
 *   (4 % of the last three stay open: ASSIGNED / WAITING_ASSIGN_AGENT)
 * - open with the bot (a clarifying question); SPAM (closed_via spam).
 * Contacts come from a per-org pool (≈ 0.45 per conversation), plus 4 % reopens: a new conversation of a bot-only
 * conversation's contact within 48 h of its close (30 % on another channel of the org). Sentiment on 60 % (spam and
 * preview excluded); ≈ 3.1 messages per conversation (the datamart reads them: AI answered, customer turns): customer
 * messages, bot replies (`answer` with a capability / `handover` / `resolve`, each replying to its customer message) and
 * agent messages.
 *
 * Loading: like a restore (pg_restore), the two big tables are filled without their indexes and foreign keys, which are
 * then rebuilt (CREATE INDEX, ADD CONSTRAINT — validated) from their own definitions, read from the catalog, all in
 * the same transaction: the schema afterwards is exactly the migrated one, and 10 M conversations load in minutes
 * instead of an hour of per-row index and foreign-key work. (Indexes built in one pass are denser than ones grown by
 * live inserts: the measured reads are a little kinder than on a database that grew for a year.)
 */
import { sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { executeRows } from "@/db/execute-rows";
import { DAYS, type BenchOrg } from "./impact-orgs";

const SPAM_SHARE = 0.02;
/** Relative volume per local hour 0..23 (lib/demo/simulate-history.ts). */
const HOURLY_WEIGHTS = [0.5, 0.3, 0.15, 0.1, 0.1, 0.2, 0.5, 1.0, 2.2, 3.2, 4.4, 4.6, 3.8, 3.4, 3.2, 3.0, 2.8, 2.2, 2.0, 2.6, 2.8, 2.4, 1.6, 0.9];
/** Conversations per load slice (one INSERT each for conversations and messages). */
const SLICE = 1_000_000;
/** The tables loaded without their indexes and foreign keys. */
const BULK_TABLES = ["conversations", "messages"];

// ---------------------------------------------------------------------------------------------------------------
// Texts (content must be non-empty; picked by row number, so no randomness is spent on them)

const QUESTIONS = [
  "Halo, pesanan saya belum sampai, bisa dicek?",
  "Where is my order? It was supposed to arrive yesterday.",
  "Bagaimana cara retur baju yang ukurannya tidak pas?",
  "Can I change the delivery address of my order?",
  "Apakah jaket denim ini masih ada ukuran L?",
  "I was charged twice for the same order.",
  "Kapan promo Harbolnas mulai?",
  "How long does a refund to GoPay take?",
  "Saya lupa password akun saya.",
  "Is cash on delivery available in Surabaya?",
];
const BOT_ANSWERS = [
  "Pesanan Anda sedang dalam perjalanan dan diperkirakan tiba dalam 1–2 hari kerja.",
  "Your parcel is with the courier; the tracking number is in your confirmation email.",
  "Retur bisa dilakukan dalam 14 hari; label harus masih terpasang.",
  "Yes — open My orders, choose the order and tap Change address before it is packed.",
  "Ukuran L masih tersedia untuk warna hitam dan biru.",
];
const BOT_CLARIFY = ["Could you share your order ID?", "Boleh dibantu nomor pesanannya?", "Is this about an order you already received?"];
const BOT_HANDOVER = ["Saya sambungkan dengan tim customer care kami, mohon tunggu sebentar.", "Let me pass you to a colleague from our team."];
const BOT_RESOLVE = ["Senang bisa membantu! Semoga harinya menyenangkan.", "You're welcome! Message us anytime."];
const CUSTOMER_DETAIL = ["Nomor pesanan saya BN-482913.", "It's order BN-551027, paid by bank transfer.", "Ukuran M, warna hitam.", "I'm using Chrome on my phone."];
const CUSTOMER_ASK_HUMAN = ["Bisa bicara dengan CS langsung?", "Can a human agent check this for me?"];
const CUSTOMER_THANKS = ["Oke, terima kasih!", "Great, thank you!", "Perfect, that solved it."];
const AGENT_REPLIES = ["Halo, saya cek dulu ya pesanannya.", "Hi, I've sorted this out on our side; you'll get an email shortly.", "Refund sudah diproses, dana masuk dalam 3 hari kerja."];
const SPAM = ["Pinjaman online cepat cair tanpa jaminan, balas YA!", "Congratulations! You have won a prize. Reply YES to claim it."];

/** A text[] literal of constant strings (ours, quotes doubled). */
const texts = (list: string[]) => sql.raw(`ARRAY[${list.map((s) => `'${s.replaceAll("'", "''")}'`).join(", ")}]::text[]`);
/** `list[1 + (key mod length)]` */
const pickText = (list: string[], key: SQL) => sql`(${texts(list)})[1 + ((${key}) % ${sql.raw(String(list.length))})]`;
const num = (x: number) => sql.raw(String(x));

// ---------------------------------------------------------------------------------------------------------------
// Generation

/** The 12 uniform draws every generated conversation carries (u1 … u12), as `random() AS uK` select items. */
const DRAWS = sql.raw(Array.from({ length: 12 }, (_, i) => `random() AS u${i + 1}`).join(", "));
const U = sql.raw(Array.from({ length: 12 }, (_, i) => `u${i + 1}`).join(", "));

/**
 * INSERT into the staging table of the conversations described by `seeds` (columns n, org_idx, org_id, kind,
 * channel_idx, channel_id, contact_id, variant, bot_percent, outcome, agent_pick, t0, u1…u12). Outcomes: 0 bot only,
 * 1 AI-assisted, 2 escalated, 3 human arm, 4 open with the bot, 5 spam, 6 preview chat; `ck` (bot only): 1 confirmed,
 * 2 silence, 3 helpdesk RESOLVE_AI, 4 helpdesk RESOLVE. Times are offsets from t0; a conversation whose last event
 * would fall after the clock is moved back so it ends before it.
 */
function expand(now: SQL, seeds: SQL): SQL {
  const minutes = (x: SQL) => sql`((${x}) * interval '1 minute')`;
  return sql`
    INSERT INTO bench_impact_g (id, n, org_idx, org_id, kind, channel_idx, channel_id, contact_id, variant, bot_percent, outcome, pairs, ck, confirmed,
      agent_id, gap, status, closed_reason, closed_via, ai_resolution, sentiment, created_at, ai_answered_at, handover_at, assigned_at, closed_at,
      last_message_at, message_count)
    SELECT gen_random_uuid(), n, org_idx, org_id, kind, channel_idx, channel_id, contact_id, variant, bot_percent, outcome, pairs, ck, confirmed,
      agent_id, gap, status, closed_reason, closed_via, ai_resolution, sentiment, t0 - shift,
      CASE WHEN outcome IN (0, 1, 4, 6) THEN t0 - shift + gap END, t0 - shift + o_handover, t0 - shift + o_assigned, t0 - shift + o_closed,
      t0 - shift + o_last, message_count
    FROM (
      SELECT l4.*, greatest(t0 + coalesce(o_closed, o_last) - ${now}, interval '0') AS shift
      FROM (
        SELECT l3.*,
          CASE outcome
            WHEN 0 THEN o_answered
            WHEN 2 THEN CASE WHEN agent_id IS NULL THEN gap ELSE o_assigned + interval '1 minute' END
            WHEN 1 THEN o_assigned + interval '1 minute'
            WHEN 3 THEN o_assigned + interval '1 minute'
            WHEN 5 THEN interval '0'
            ELSE gap
          END AS o_last,
          CASE
            WHEN outcome = 0 THEN o_answered + CASE ck WHEN 1 THEN interval '0' WHEN 2 THEN interval '30 minutes' ELSE ${minutes(sql`5 + u7 * 55`)} END
            WHEN still_open THEN NULL
            WHEN outcome = 1 THEN o_assigned + ${minutes(sql`2 + u7 * 28`)}
            WHEN outcome = 2 THEN CASE WHEN agent_id IS NULL THEN gap + (1 + u6 * 7) * interval '1 hour' ELSE o_assigned + ${minutes(sql`2 + u7 * 28`)} END
            WHEN outcome = 3 THEN o_assigned + ${minutes(sql`2 + u7 * 28`)}
            WHEN outcome = 5 THEN ${minutes(sql`1 + u6 * 59`)}
          END AS o_closed,
          (CASE
            WHEN outcome IN (4, 6) THEN 'OPEN'
            WHEN still_open THEN CASE WHEN agent_id IS NULL THEN 'WAITING_ASSIGN_AGENT' ELSE 'ASSIGNED' END
            ELSE 'RESOLVED'
          END)::conversation_status AS status,
          (CASE WHEN NOT still_open THEN CASE outcome
            WHEN 0 THEN CASE WHEN ck IN (1, 3) THEN 'RESOLVE_AI' ELSE 'RESOLVE' END
            WHEN 1 THEN 'ASSIGN_AGENT_AI'
            WHEN 2 THEN CASE WHEN agent_id IS NULL THEN 'WAITING_ASSIGN_AGENT' ELSE 'ASSIGN_AGENT' END
            WHEN 3 THEN 'ASSIGN_AGENT'
            WHEN 5 THEN 'SPAM'
          END END)::closed_reason AS closed_reason,
          (CASE WHEN NOT still_open THEN CASE outcome
            WHEN 0 THEN CASE ck WHEN 1 THEN 'customer_confirmed' WHEN 2 THEN 'silence' ELSE 'agent' END
            WHEN 1 THEN 'agent' WHEN 2 THEN 'agent' WHEN 3 THEN 'agent'
            WHEN 5 THEN 'spam'
          END END)::close_via AS closed_via,
          (CASE WHEN ck = 1 THEN 'customer_confirmed' END)::ai_resolution AS ai_resolution,
          CASE WHEN outcome <= 4 AND u9 < 0.6 THEN
            round(greatest(-1, least(1,
              (CASE outcome WHEN 0 THEN 0.45 WHEN 1 THEN 0.2 WHEN 2 THEN -0.2 WHEN 3 THEN 0.25 ELSE -0.05 END)
              + (CASE outcome WHEN 0 THEN 0.3 WHEN 2 THEN 0.4 ELSE 0.35 END) * 2 * (u10 + u11 + u12 - 1.5)))::numeric, 2)::real
          END AS sentiment,
          1 + (outcome IN (0, 1, 2, 4, 6))::int + 2 * ((outcome = 0 AND pairs = 2) OR outcome = 1)::int + 2 * confirmed::int
            + (agent_id IS NOT NULL)::int AS message_count
        FROM (
          SELECT l2.*,
            -- bot only: the last bot answer (slot 2, or slot 4 after a second exchange), then the thanks and the resolve
            (2 * pairs - 1 + CASE WHEN confirmed THEN 2 ELSE 0 END) * gap AS o_answered,
            CASE outcome WHEN 1 THEN 3 * gap WHEN 2 THEN gap WHEN 3 THEN ${minutes(sql`1 + u6 * 14`)} END AS o_handover,
            CASE
              WHEN outcome = 1 THEN 3 * gap + ${minutes(sql`1 + u6 * 59`)}
              WHEN agent_id IS NULL THEN NULL
              WHEN outcome = 2 THEN gap + ${minutes(sql`1 + u6 * 59`)}
              WHEN outcome = 3 THEN ${minutes(sql`1 + u6 * 14`)}
            END AS o_assigned
          FROM (
            SELECT seeds.*,
              CASE WHEN outcome = 0 AND u2 < 0.3 THEN 2 ELSE 1 END AS pairs,
              CASE WHEN outcome = 0 THEN CASE WHEN u3 < 0.5 THEN 1 WHEN u3 < 0.9 THEN 2 WHEN u8 < 0.5 THEN 3 ELSE 4 END END AS ck,
              (outcome = 0 AND u3 < 0.5) AS confirmed,
              (outcome IN (1, 2, 3) AND u5 < 0.04) AS still_open,
              CASE WHEN outcome IN (1, 3) OR (outcome = 2 AND u4 >= 0.2) THEN agent_pick END AS agent_id,
              (30 + u1 * 270) * interval '1 second' AS gap
            FROM (${seeds}) seeds
            OFFSET 0
          ) l2
          OFFSET 0
        ) l3
        OFFSET 0
      ) l4
      OFFSET 0
    ) l5`;
}

/** Every org's primary conversations (its first `preview` ones preview chats), from bench_orgs. */
function primarySeeds(now: SQL): SQL {
  const weightSum = HOURLY_WEIGHTS.reduce((a, b) => a + b, 0);
  let cumulative = 0;
  const hourThresholds = HOURLY_WEIGHTS.slice(0, -1).map((w) => (cumulative += w) / weightSum);
  // progress p 0 → 1 over the year: bot only 30 → 55 %, assisted 22 → 18 %, escalated 23 → 12 %, human arm 20 → 12 %, open 5 → 3 %
  return sql`
    SELECT n, org_idx, org_id, kind, channel_idx,
      CASE WHEN kind = 1 THEN preview_id ELSE channels[channel_idx + 1] END AS channel_id,
      CASE WHEN kind = 1 THEN 'preview-' || n ELSE 'bench-contact-' || floor(u_contact * pool)::int END AS contact_id,
      variant, CASE WHEN variant IS NOT NULL THEN bot_percent END AS bot_percent,
      CASE
        WHEN kind = 1 THEN 6
        WHEN u_spam < ${num(SPAM_SHARE)} THEN 5
        WHEN variant = 'human' THEN 3
        ELSE width_bucket(u_out, ARRAY[0.30 + 0.25 * p, 0.52 + 0.21 * p, 0.75 + 0.10 * p, 0.95 + 0.02 * p]::float8[])
      END AS outcome,
      agents[1 + floor(u_agent * cardinality(agents))::int] AS agent_pick,
      CASE WHEN local_ts > ${now} - interval '1 minute'
        THEN today_start + u_minute * greatest(${now} - interval '1 minute' - today_start, interval '0')
        ELSE local_ts END AS t0,
      ${U}
    FROM (
      SELECT r.*,
        ((today - day_back) + hour * interval '1 hour' + u_minute * interval '1 hour') AT TIME ZONE tz AS local_ts,
        (today::timestamp AT TIME ZONE tz) AS today_start,
        1 - day_back::float8 / ${num(DAYS - 1)} AS p,
        CASE WHEN split_idx >= 0 AND channel_idx = split_idx THEN (CASE WHEN u_variant * 100 < bot_percent THEN 'bot' ELSE 'human' END)::variant END AS variant
      FROM (
        SELECT o.n_offset + i AS n, o.idx AS org_idx, o.org_id, o.tz, o.today, o.channels, o.preview_id, o.split_idx, o.bot_percent, o.agents, o.pool,
          CASE WHEN i <= o.preview THEN 1 ELSE 0 END AS kind,
          floor(random() * o.days)::int AS day_back,
          width_bucket(random(), ARRAY[${sql.raw(hourThresholds.map((t) => t.toFixed(6)).join(", "))}]::float8[]) AS hour,
          random() AS u_minute, random() AS u_contact,
          CASE WHEN i <= o.preview THEN -1 ELSE least(cardinality(o.channels) - 1, floor(cardinality(o.channels) * power(random(), 1.6))::int) END AS channel_idx,
          random() AS u_variant, random() AS u_spam, random() AS u_out, random() AS u_agent, ${DRAWS}
        FROM bench_orgs o CROSS JOIN LATERAL generate_series(1, o.primaries) i
        OFFSET 0
      ) r
      OFFSET 0
    ) q`;
}

/** Every org's reopens: each a new conversation of a distinct bot-only conversation's contact, ≤ 48 h after its close. */
function reopenSeeds(now: SQL): SQL {
  return sql`
    SELECT n, org_idx, org_id, 2 AS kind, channel_idx, channels[channel_idx + 1] AS channel_id, contact_id,
      CASE WHEN split_idx >= 0 AND channel_idx = split_idx THEN 'bot'::variant END AS variant,
      CASE WHEN split_idx >= 0 AND channel_idx = split_idx THEN bot_percent END AS bot_percent,
      width_bucket(u_out, ARRAY[0.25, 0.5, 0.8, 0.95]::float8[]) AS outcome,
      agents[1 + floor(u_agent * cardinality(agents))::int] AS agent_pick,
      -- 10 min … 48 h after the close, compressed for closes less than 2 days before the clock (minus 3 h)
      closed_at + (interval '10 minutes' + u_when * interval '2870 minutes')
        * least(1, extract(epoch FROM ${now} - interval '3 hours' - closed_at) / 172800) AS t0,
      ${U}
    FROM (
      SELECT r.*,
        CASE WHEN u_other < 0.3 AND cardinality(channels) > 1
          THEN (parent_channel + 1 + floor(u_other / 0.3 * (cardinality(channels) - 1))::int) % cardinality(channels)
          ELSE parent_channel END AS channel_idx
      FROM (
        SELECT o.n_offset + o.primaries + parents.rn AS n, o.idx AS org_idx, o.org_id, o.channels, o.split_idx, o.bot_percent, o.agents,
          parents.contact_id, parents.closed_at, parents.parent_channel,
          random() AS u_other, random() AS u_when, random() AS u_out, random() AS u_agent, ${DRAWS}
        FROM (
          SELECT g.org_idx, g.contact_id, g.closed_at, g.channel_idx AS parent_channel,
            row_number() OVER (PARTITION BY g.org_idx ORDER BY random()) AS rn
          FROM bench_impact_g g
          WHERE g.outcome = 0 AND g.closed_at < ${now} - interval '3 hours'
        ) parents
        JOIN bench_orgs o ON o.idx = parents.org_idx
        WHERE parents.rn <= o.reopens
        OFFSET 0
      ) r
      OFFSET 0
    ) q`;
}

const insertConversations = (where: SQL) => sql`
  INSERT INTO conversations (id, org_id, channel_id, external_id, contact_id, contact_name, contact_phone, variant, bot_percent, status,
    closed_reason, closed_via, ai_answered_at, assign_channel_agent_id, assigned_at, handover_at, closed_at, sentiment, ai_resolution,
    first_message_preview, message_count, last_message_at, created_at)
  SELECT g.id, g.org_id, g.channel_id, 'bench-' || g.n, g.contact_id,
    -- contact name and phone are sealed at rest by the app (issue 17); the bench leaves them out
    NULL, NULL,
    g.variant, g.bot_percent, g.status, g.closed_reason, g.closed_via, g.ai_answered_at, g.agent_id, g.assigned_at, g.handover_at, g.closed_at,
    g.sentiment, g.ai_resolution,
    CASE WHEN g.outcome = 5 THEN ${pickText(SPAM, sql`g.n`)} ELSE ${pickText(QUESTIONS, sql`g.n`)} END,
    g.message_count, g.last_message_at, g.created_at
  FROM bench_impact_s g WHERE ${where}
  ORDER BY g.seq`;

/**
 * The messages of the staged conversations (slots: 1 customer question, 2 bot answer/handover, 3 customer, 4 bot
 * answer/handover, 5 customer thanks, 6 bot resolve, 7 agent). Ids are md5(conversation id, slot), so a bot reply
 * names its customer message without a lookup. Grounded answers carry a capability (the idle job closes only those).
 */
const insertMessages = (where: SQL) => sql`
  INSERT INTO messages (id, org_id, conversation_id, external_id, sender, content, confidence, agent_action, capability_id, reply_to_message_id, sent_at, created_at)
  SELECT md5(g.id::text || ':' || m.slot)::uuid, g.org_id, g.id,
    CASE WHEN m.sender = 'customer' THEN 'bench-m-' || m.slot END,
    m.sender::message_sender, m.content, m.confidence, m.action::agent_action,
    CASE WHEN m.action = 'answer' AND g.outcome <> 4 THEN 'general' END,
    CASE WHEN m.reply IS NOT NULL THEN md5(g.id::text || ':' || m.reply)::uuid END,
    g.created_at + m.off, g.created_at + m.off
  FROM bench_impact_s g
  CROSS JOIN LATERAL (
    SELECT 1 AS slot, 'customer' AS sender,
      CASE WHEN g.outcome = 5 THEN ${pickText(SPAM, sql`g.n`)} ELSE ${pickText(QUESTIONS, sql`g.n`)} END AS content,
      NULL::real AS confidence, NULL AS action, NULL::int AS reply, interval '0' AS off
    UNION ALL
    SELECT 2, 'bot',
      CASE g.outcome WHEN 2 THEN ${pickText(BOT_HANDOVER, sql`g.n`)} WHEN 4 THEN ${pickText(BOT_CLARIFY, sql`g.n`)} ELSE ${pickText(BOT_ANSWERS, sql`g.n`)} END,
      CASE WHEN g.outcome = 2 THEN 0.1 + (g.n % 30) / 100.0 ELSE 0.5 + (g.n % 48) / 100.0 END,
      CASE WHEN g.outcome = 2 THEN 'handover' ELSE 'answer' END, 1, g.gap
    WHERE g.outcome IN (0, 1, 2, 4, 6)
    UNION ALL
    SELECT 3, 'customer', CASE WHEN g.outcome = 1 THEN ${pickText(CUSTOMER_ASK_HUMAN, sql`g.n`)} ELSE ${pickText(CUSTOMER_DETAIL, sql`g.n`)} END,
      NULL, NULL, NULL, 2 * g.gap
    WHERE (g.outcome = 0 AND g.pairs = 2) OR g.outcome = 1
    UNION ALL
    SELECT 4, 'bot', CASE WHEN g.outcome = 1 THEN ${pickText(BOT_HANDOVER, sql`g.n`)} ELSE ${pickText(BOT_ANSWERS, sql`g.n + 1`)} END,
      CASE WHEN g.outcome = 1 THEN 0.1 + (g.n % 30) / 100.0 ELSE 0.5 + (g.n % 48) / 100.0 END,
      CASE WHEN g.outcome = 1 THEN 'handover' ELSE 'answer' END, 3, 3 * g.gap
    WHERE (g.outcome = 0 AND g.pairs = 2) OR g.outcome = 1
    UNION ALL
    SELECT 5, 'customer', ${pickText(CUSTOMER_THANKS, sql`g.n`)}, NULL, NULL, NULL, 2 * g.pairs * g.gap
    WHERE g.confirmed
    UNION ALL
    SELECT 6, 'bot', ${pickText(BOT_RESOLVE, sql`g.n`)}, 0.9, 'resolve', 5, (2 * g.pairs + 1) * g.gap
    WHERE g.confirmed
    UNION ALL
    SELECT 7, 'agent', ${pickText(AGENT_REPLIES, sql`g.n`)}, NULL, NULL, NULL, g.assigned_at - g.created_at + interval '1 minute'
    WHERE g.agent_id IS NOT NULL
  ) m
  WHERE ${where}
  ORDER BY g.seq, m.slot`;

type Ddl = { drop: string; create: string; kind: "f" | "p" | "u" | "i" };

/** The foreign keys from and to `tables`, their primary/unique constraints and their other indexes, as DROP/CREATE statements. */
async function bulkDdl(tx: Db, tables: string[]): Promise<Ddl[]> {
  const regs = sql`ARRAY[${sql.join(tables.map((t) => sql`${t}`), sql`, `)}]::regclass[]`;
  return executeRows<Ddl>(
    tx,
    sql`
    SELECT format('ALTER TABLE %s DROP CONSTRAINT %I', c.conrelid::regclass, c.conname) AS drop,
      format('ALTER TABLE %s ADD CONSTRAINT %I %s', c.conrelid::regclass, c.conname, pg_get_constraintdef(c.oid)) AS "create", c.contype::text AS kind
    FROM pg_constraint c
    WHERE (c.contype = 'f' AND (c.conrelid = ANY(${regs}) OR c.confrelid = ANY(${regs}))) OR (c.contype IN ('p', 'u') AND c.conrelid = ANY(${regs}))
    UNION ALL
    SELECT format('DROP INDEX %s', i.indexrelid::regclass), pg_get_indexdef(i.indexrelid), 'i'
    FROM pg_index i
    WHERE i.indrelid = ANY(${regs}) AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid AND c.contype IN ('p', 'u', 'x'))`,
  );
}

export type Loaded = {
  conversations: number;
  messages: number;
  seconds: { staging: number; sorting: number; conversations: number; messages: number; indexes: number; foreignKeys: number };
};

/**
 * Generates and loads every org's conversations and messages in one transaction (one connection: setseed applies to
 * every random()).
 * @param log progress lines
 */
export async function generate(db: Db, orgs: BenchOrg[], clock: Date, log: (line: string) => void): Promise<Loaded> {
  const now = sql`${clock.toISOString()}::timestamptz`;
  const total = orgs.reduce((a, o) => a + o.total, 0);
  const t = () => performance.now();
  return db.transaction(async (tx) => {
    await tx.execute(sql`SET LOCAL work_mem = '256MB'`);
    await tx.execute(sql`SET LOCAL maintenance_work_mem = '1GB'`);
    // the generator's nested CASE expressions take LLVM minutes to compile (JIT) and seconds to run without it
    await tx.execute(sql`SET LOCAL jit = off`);
    await tx.execute(sql`SELECT setseed(0.20260701)`);
    const json = JSON.stringify(
      orgs.map((o) => ({
        idx: o.idx, org_id: o.orgId, tz: o.timezone, today: o.today, days: o.days, primaries: o.primaries, preview: o.preview, reopens: o.reopens,
        n_offset: o.offset, channels: o.channelIds, preview_id: o.previewId, split_idx: o.splitIdx, bot_percent: o.botPercent, agents: o.agentIds, pool: o.pool,
      })),
    );
    await tx.execute(sql`
      CREATE TEMP TABLE bench_orgs ON COMMIT DROP AS
      SELECT * FROM jsonb_to_recordset(${json}::jsonb) AS x(idx int, org_id uuid, tz text, today date, days int, primaries int, preview int, reopens int,
        n_offset int, channels uuid[], preview_id uuid, split_idx int, bot_percent int, agents uuid[], pool int)`);
    await tx.execute(sql`
      CREATE TEMP TABLE bench_impact_g (
        id uuid NOT NULL, n int NOT NULL, org_idx int NOT NULL, org_id uuid NOT NULL, kind smallint NOT NULL, channel_idx int NOT NULL, channel_id uuid NOT NULL,
        contact_id text NOT NULL, variant variant, bot_percent int, outcome int NOT NULL, pairs int NOT NULL, ck int, confirmed boolean NOT NULL, agent_id uuid,
        gap interval NOT NULL, status conversation_status NOT NULL, closed_reason closed_reason, closed_via close_via, ai_resolution ai_resolution, sentiment real,
        created_at timestamptz NOT NULL, ai_answered_at timestamptz, handover_at timestamptz, assigned_at timestamptz, closed_at timestamptz,
        last_message_at timestamptz NOT NULL, message_count int NOT NULL
      ) ON COMMIT DROP`);
    const seconds: Loaded["seconds"] = { staging: 0, sorting: 0, conversations: 0, messages: 0, indexes: 0, foreignKeys: 0 };
    let t0 = t();
    await tx.execute(expand(now, primarySeeds(now)));
    const primarySeconds = (t() - t0) / 1000;
    await tx.execute(expand(now, reopenSeeds(now)));
    seconds.staging = (t() - t0) / 1000;
    log(`  staged ${total.toLocaleString("en")} conversations in ${seconds.staging.toFixed(1)} s (primaries ${primarySeconds.toFixed(1)} s, reopens ${(seconds.staging - primarySeconds).toFixed(1)} s)`);
    // sorted once by created_at (then the row number): both inserts read it in order, slice by slice
    t0 = t();
    await tx.execute(sql`
      CREATE TEMP TABLE bench_impact_s ON COMMIT DROP AS
      SELECT row_number() OVER (ORDER BY created_at, n)::int AS seq, g.* FROM bench_impact_g g ORDER BY created_at, n`);
    await tx.execute(sql`DROP TABLE bench_impact_g`);
    await tx.execute(sql`CREATE INDEX ON bench_impact_s (seq)`);
    await tx.execute(sql`ANALYZE bench_impact_s`);
    const [{ staged } = { staged: 0 }] = await executeRows<{ staged: number }>(tx, sql`SELECT count(*)::int AS staged FROM bench_impact_s`);
    seconds.sorting = (t() - t0) / 1000;

    // like a restore: drop the indexes and foreign keys, load, rebuild them from their definitions
    const ddl = await bulkDdl(tx, BULK_TABLES);
    for (const kind of ["f", "p", "u", "i"] as const) for (const d of ddl.filter((x) => x.kind === kind)) await tx.execute(sql.raw(d.drop));

    let conversations = 0;
    let messages = 0;
    for (let lo = 1; lo <= staged; lo += SLICE) {
      const where = sql`g.seq >= ${lo} AND g.seq < ${lo + SLICE}`;
      t0 = t();
      const [c] = await executeRows<{ n: number }>(tx, sql`WITH ins AS (${insertConversations(where)} RETURNING 1) SELECT count(*)::int AS n FROM ins`);
      seconds.conversations += (t() - t0) / 1000;
      t0 = t();
      const [m] = await executeRows<{ n: number }>(tx, sql`WITH ins AS (${insertMessages(where)} RETURNING 1) SELECT count(*)::int AS n FROM ins`);
      seconds.messages += (t() - t0) / 1000;
      conversations += c!.n;
      messages += m!.n;
      if (staged > SLICE) log(`  loaded ${conversations.toLocaleString("en")} / ${staged.toLocaleString("en")} conversations, ${messages.toLocaleString("en")} messages`);
    }
    t0 = t();
    for (const kind of ["p", "u", "i"] as const) for (const d of ddl.filter((x) => x.kind === kind)) await tx.execute(sql.raw(d.create));
    seconds.indexes = (t() - t0) / 1000;
    t0 = t();
    for (const d of ddl.filter((x) => x.kind === "f")) await tx.execute(sql.raw(d.create));
    seconds.foreignKeys = (t() - t0) / 1000;
    log(`  rebuilt ${ddl.filter((d) => d.kind !== "f").length} indexes in ${seconds.indexes.toFixed(1)} s, validated ${ddl.filter((d) => d.kind === "f").length} foreign keys in ${seconds.foreignKeys.toFixed(1)} s`);
    return { conversations, messages, seconds };
  });
}
