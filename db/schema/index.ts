/**
 * Tandem's core tables (DESIGN.md §Data). Names follow the seeds where they have one:
 * `bot_percent`, `variant`, `closed_reason`, `assign_channel_agent_id`, …
 * Every tenant-owned row carries `org_id`; every query filters on it.
 *
 * One file per capability; this module re-exports them all, so `import … from "@/db/schema"` sees every table,
 * enum and type. drizzle-kit reads the whole folder (drizzle.config.ts). Shared column helpers are in `./columns`.
 */
export * from "./orgs";
export * from "./agents";
export * from "./channels";
export * from "./conversations";
export * from "./webhooks";
export * from "./alerts";
export * from "./impact";
export * from "./chatwoot";
export * from "./jobs";
