import { isWithinBusinessHours } from "@/lib/org/business-hours";
import type { BusinessHours } from "@/db/schema";
import { defaultAgentConfig, type AgentConfig } from "./config-schema";

const BUILT_IN = defaultAgentConfig("en");
/** How alerts and the console name the built-in defaults. */
export const BUILT_IN_AGENT_NAME = "Built-in assistant";

export type ChannelAgent = {
  config: AgentConfig;
  /** the published version answering (null: built-in defaults) */
  versionId: string | null;
  /** the agent answering (null: built-in defaults) and its name for alerts */
  agentId: string | null;
  agentName: string;
  /** the agent on the channel is paused: every bot-arm message goes to a human */
  paused: boolean;
};

/**
 * Which config answers a channel's bot arm: its agent's published version when the agent is live (or paused), else
 * the built-in defaults (English texts; publish an agent to choose Bahasa Indonesia). A draft agent never answers
 * customers.
 */
export function channelAgent(ctx: {
  agentId: string | null;
  agentName: string | null;
  agentStatus: "draft" | "live" | "paused" | null;
  agentVersionId: string | null;
  agentConfig: Record<string, unknown> | null;
}): ChannelAgent {
  if (ctx.agentVersionId && ctx.agentConfig && (ctx.agentStatus === "live" || ctx.agentStatus === "paused")) {
    return { config: ctx.agentConfig as AgentConfig, versionId: ctx.agentVersionId, agentId: ctx.agentId, agentName: ctx.agentName ?? "AI agent", paused: ctx.agentStatus === "paused" };
  }
  return { config: BUILT_IN, versionId: null, agentId: null, agentName: BUILT_IN_AGENT_NAME, paused: false };
}

/** Whether `at` is outside the org's business hours (never, when the org has not set any hours). */
export function isAfterHours(org: { businessHours: BusinessHours; holidays: string[]; timezone: string }, at: Date): boolean {
  return org.businessHours.length > 0 && !isWithinBusinessHours(org, at);
}
