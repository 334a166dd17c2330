import { isWithinBusinessHours } from "@/lib/org/business-hours";
import type { BusinessHours } from "@/db/schema";
import { defaultAgentConfig, type AgentConfig } from "./config-schema";

const BUILT_IN = defaultAgentConfig("en");

export type ChannelAgent = {
  config: AgentConfig;
  /** the published version answering (null: built-in defaults) */
  versionId: string | null;
  /** the agent on the channel is paused: every bot-arm message goes to a human */
  paused: boolean;
};

/**
 * Which config answers a channel's bot arm: its agent's published version when the agent is live (or paused), else
 * the built-in defaults (English texts; publish an agent to choose Bahasa Indonesia). A draft agent never answers
 * customers.
 */
export function channelAgent(ctx: {
  agentStatus: "draft" | "live" | "paused" | null;
  agentVersionId: string | null;
  agentConfig: Record<string, unknown> | null;
}): ChannelAgent {
  if (ctx.agentVersionId && ctx.agentConfig && (ctx.agentStatus === "live" || ctx.agentStatus === "paused")) {
    return { config: ctx.agentConfig as AgentConfig, versionId: ctx.agentVersionId, paused: ctx.agentStatus === "paused" };
  }
  return { config: BUILT_IN, versionId: null, paused: false };
}

/** Whether `at` is outside the org's business hours (never, when the org has not set any hours). */
export function isAfterHours(org: { businessHours: BusinessHours; holidays: string[]; timezone: string }, at: Date): boolean {
  return org.businessHours.length > 0 && !isWithinBusinessHours(org, at);
}
