import type { AgentSignalName } from "@/db/schema";
import { BUILT_IN_AGENT_NAME } from "@/lib/agent/channel-agent";
import { translatorFor } from "@/lib/i18n/translator";
import type { UiLanguage } from "@/lib/i18n/ui-language";

/**
 * What an alert's sentence is made of, kept with the alert (`alerts.message_params`) so the feed and each push can say
 * it in the reader's language (issue 19 item 1).
 * @property value the value that tripped the signal (confidence 0..1, the cap, the rule)
 */
export type AlertMessageParams = { agentName: string; channelName: string; value: unknown; threshold?: number | null; detail?: string | null };

/**
 * The plain-language sentence of an alert, for the push and the feed (003_…: "Agent Sari could not answer a customer
 * on WhatsApp – Sales"), in `language` (catalogue `monitoring.alertText`).
 */
export function alertText(language: UiLanguage, p: AlertMessageParams & { signal: AgentSignalName }): string {
  const t = translatorFor(language, "monitoring");
  // the built-in assistant is stored under its English name: say it in the reader's language
  const base = { who: p.agentName === BUILT_IN_AGENT_NAME ? t("page.builtInAssistant") : p.agentName, channel: p.channelName };
  switch (p.signal) {
    case "low_confidence":
      return t("alertText.low_confidence", { ...base, percent: Math.round(Number(p.value) * 100) });
    case "message_cap":
      return t("alertText.message_cap", { ...base, limit: String(p.threshold ?? p.value) });
    case "unexpected_handoff":
      return t("alertText.unexpected_handoff", { ...base, reason: p.detail ? (p.value === "handover_keyword" ? "keyword" : "capability") : "none", detail: p.detail ?? "" });
    case "agent_error":
      return t("alertText.agent_error", base);
    // the Chatwoot loop (issue 18 item 4): `who` is the drafting agent; the value says what happened
    case "draft_engine_failed":
      return t("alertText.draft_engine_failed", { ...base, cause: p.value === "engine_timeout" ? "timeout" : "error" });
    case "p0_escalation":
      return t("alertText.p0_escalation", { ...base, hasDetail: p.detail ? "yes" : "no", detail: p.detail ?? "" });
    case "sla_breach":
      return t("alertText.sla_breach", { ...base, hasDetail: p.detail ? "yes" : "no", detail: p.detail ?? "", kind: p.value === "resolution" ? "resolution" : "first_response" });
  }
}

/** The English sentence, stored with the alert (searchable, and shown for alerts kept from before the parameters). */
export function alertMessage(p: AlertMessageParams & { signal: AgentSignalName }): string {
  return alertText("en", p);
}

/**
 * The storm push: "12 conversations hit low confidence on Agent X", in `language`.
 * @param p.agentName null for the built-in assistant
 */
export function groupText(language: UiLanguage, p: { signal: AgentSignalName; agentName: string | null; count: number }): string {
  const t = translatorFor(language, "monitoring");
  return t(`groupText.${p.signal}`, { count: p.count, agent: p.agentName ?? t("groupText.builtIn") });
}

/** A signal's name in `language` ("Low confidence" / "Tingkat keyakinan rendah"). */
export function signalLabel(language: UiLanguage, signal: AgentSignalName): string {
  return translatorFor(language, "monitoring")(`signal.${signal}`);
}

