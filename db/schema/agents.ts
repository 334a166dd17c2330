/** AI agents (002_…): the agent, its published versions, and the knowledge base it answers from. */
import { sql, type SQL } from "drizzle-orm";
import {
  type AnyPgColumn,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { tsvector, createdAt, updatedAt } from "./columns";
import { organizations, users } from "./orgs";

export const agentStatusEnum = pgEnum("agent_status", ["draft", "live", "paused"]);
export const agentDraftSourceEnum = pgEnum("agent_draft_source", ["model", "template", "manual"]);

/**
 * An autonomous AI agent (002_…): its working config (Profile/Behavior · Capabilities · Routing, validated by
 * `lib/agent/config-schema.ts`) and status. Publishing freezes the config into an immutable `ai_agent_versions` row.
 */
export const aiAgents = pgTable(
  "ai_agents",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    orgId: uuid("org_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    status: agentStatusEnum("status").notNull().default("draft"),
    /** the working (possibly unpublished) config */
    config: jsonb("config").$type<Record<string, unknown>>().notNull(),
    /** who produced the first draft: the model endpoint, the deterministic template drafter, or by hand */
    draftSource: agentDraftSourceEnum("draft_source").notNull().default("manual"),
    publishedVersionId: uuid("published_version_id").references((): AnyPgColumn => aiAgentVersions.id, { onDelete: "set null" }),
    /** the working config differs from the published version */
    hasUnpublishedChanges: boolean("has_unpublished_changes").notNull().default(true),
    archivedAt: timestamp("archived_at", { withTimezone: true }),
    updatedBy: uuid("updated_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("ai_agents_org_idx").on(t.orgId),
    check("ai_agents_name_not_empty", sql`length(trim(${t.name})) > 0`),
    check("ai_agents_live_published", sql`${t.status} = 'draft' OR ${t.publishedVersionId} IS NOT NULL`),
  ],
);

/** An immutable published config of an agent: who published it, when, and what changed from the previous one. */
export const aiAgentVersions = pgTable(
  "ai_agent_versions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    orgId: uuid("org_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    agentId: uuid("agent_id")
      .notNull()
      .references((): AnyPgColumn => aiAgents.id, { onDelete: "cascade" }),
    version: integer("version").notNull(),
    config: jsonb("config").$type<Record<string, unknown>>().notNull(),
    /** `{ "profile.tone": { from, to } }` against the previous version ({} for v1) */
    changes: jsonb("changes").$type<Record<string, { from: unknown; to: unknown }>>().notNull().default({}),
    /** set when this version restores an earlier one */
    rolledBackFrom: integer("rolled_back_from"),
    publishedBy: uuid("published_by").references(() => users.id, { onDelete: "set null" }),
    publishedByName: text("published_by_name").notNull(),
    publishedAt: timestamp("published_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("ai_agent_versions_agent_version_key").on(t.agentId, t.version),
    check("ai_agent_versions_version_positive", sql`${t.version} > 0`),
  ],
);

export const KNOWLEDGE_AUDIENCES = ["customer", "internal"] as const;
export type KnowledgeAudience = (typeof KNOWLEDGE_AUDIENCES)[number];

export const knowledgeArticles = pgTable(
  "knowledge_articles",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    orgId: uuid("org_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    collection: text("collection").notNull(),
    /** Stable key from the imported file; re-importing updates instead of duplicating. */
    sourceKey: text("source_key").notNull(),
    title: text("title").notNull(),
    body: text("body").notNull(),
    language: text("language").notNull().default("en"),
    /**
     * Who may read the text (002_… answering engine, issue 14): `customer` — the agent may send it to a customer;
     * `internal` — guidance for staff, shown to the human in a hand-over note or a Chatwoot draft's suggested steps,
     * never sent as a reply.
     */
    audience: text("audience").$type<KnowledgeAudience>().notNull().default("customer"),
    /** Example questions the article answers (the training phrases of an intent), in the article's language. */
    examples: jsonb("examples").$type<string[]>().notNull().default([]),
    /**
     * The answer this article is one language of (e.g. the ABCD key `product_defect/refund_initiate`): articles of one
     * org sharing a topic key are translations of each other, so an answer found in English can be sent in Indonesian.
     */
    topicKey: text("topic_key"),
    search: tsvector("search")
      .notNull()
      .generatedAlwaysAs(
        (): SQL =>
          sql`CASE WHEN ${knowledgeArticles.language} = 'id' THEN setweight(to_tsvector('indonesian'::regconfig, coalesce(${knowledgeArticles.title}, '')), 'A') || setweight(to_tsvector('indonesian'::regconfig, ${knowledgeArticles.examples}), 'A') || setweight(to_tsvector('indonesian'::regconfig, coalesce(${knowledgeArticles.body}, '')), 'B') ELSE setweight(to_tsvector('english'::regconfig, coalesce(${knowledgeArticles.title}, '')), 'A') || setweight(to_tsvector('english'::regconfig, ${knowledgeArticles.examples}), 'A') || setweight(to_tsvector('english'::regconfig, coalesce(${knowledgeArticles.body}, '')), 'B') END`,
      ),
    /**
     * The stemmed terms of the title and of each example question, `[titleTerms, ...exampleTerms]`, in the article's
     * language: what retrieval compares a message with (lib/agent/retrieve.ts), derived once per write by the database
     * (`tandem_question_terms`, migration 0031) instead of once per candidate per message.
     */
    questionTerms: jsonb("question_terms")
      .$type<string[][]>()
      .notNull()
      .generatedAlwaysAs(
        (): SQL =>
          sql`tandem_question_terms(CASE WHEN ${knowledgeArticles.language} = 'id' THEN 'indonesian'::regconfig ELSE 'english'::regconfig END, ${knowledgeArticles.title}, ${knowledgeArticles.examples})`,
      ),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("knowledge_articles_org_source_key").on(t.orgId, t.sourceKey),
    index("knowledge_articles_search_idx").using("gin", t.search),
    index("knowledge_articles_title_trgm_idx").using("gin", sql`${t.title} gin_trgm_ops`),
    check("knowledge_articles_language", sql`${t.language} IN ('en', 'id')`),
    check("knowledge_articles_audience", sql`${t.audience} IN ('customer', 'internal')`),
    check("knowledge_articles_examples_array", sql`jsonb_typeof(${t.examples}) = 'array'`),
    uniqueIndex("knowledge_articles_org_topic_language").on(t.orgId, t.topicKey, t.language).where(sql`${t.topicKey} IS NOT NULL`),
  ],
);

/**
 * Document frequency of every search term (lexeme) in an org's knowledge base, rebuilt with `ts_stat` in the same
 * transaction as every article write. Retrieval leaves very common terms out of its match query (they match half the
 * articles and cost a rank computation each) — see lib/agent/retrieve.ts.
 */
export const knowledgeTerms = pgTable(
  "knowledge_terms",
  {
    orgId: uuid("org_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    term: text("term").notNull(),
    /** number of the org's articles containing the term */
    ndoc: integer("ndoc").notNull(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.term] })],
);

export type AiAgent = typeof aiAgents.$inferSelect;
export type AiAgentVersion = typeof aiAgentVersions.$inferSelect;
