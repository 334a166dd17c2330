import type { AgentSignalName } from "@/db/schema";

/** Every failure signal, in the order Settings lists them (names in the catalogue's `monitoring.signal`). */
export const AGENT_SIGNALS: AgentSignalName[] = ["low_confidence", "message_cap", "unexpected_handoff", "agent_error", "draft_engine_failed", "p0_escalation", "sla_breach"];
