/**
 * Every user-facing string of the console in both languages (issue 19 item 1), one JSON file per area and language
 * under `messages/<language>/`. Keys are the same in both; `messages.test.ts` checks that, and that each message keeps
 * the same ICU arguments. English is the reference shape (`Messages`), so a key missing in the code fails typecheck.
 * Words follow `glossary.md`.
 */
import enAgents from "./messages/en/agents.json" with { type: "json" };
import enApprovals from "./messages/en/approvals.json" with { type: "json" };
import enCommon from "./messages/en/common.json" with { type: "json" };
import enConversations from "./messages/en/conversations.json" with { type: "json" };
import enMonitoring from "./messages/en/monitoring.json" with { type: "json" };
import enReports from "./messages/en/reports.json" with { type: "json" };
import enSettings from "./messages/en/settings.json" with { type: "json" };
import idAgents from "./messages/id/agents.json" with { type: "json" };
import idApprovals from "./messages/id/approvals.json" with { type: "json" };
import idCommon from "./messages/id/common.json" with { type: "json" };
import idConversations from "./messages/id/conversations.json" with { type: "json" };
import idMonitoring from "./messages/id/monitoring.json" with { type: "json" };
import idReports from "./messages/id/reports.json" with { type: "json" };
import idSettings from "./messages/id/settings.json" with { type: "json" };
import type { UiLanguage } from "./ui-language";

const en = {
  common: enCommon,
  conversations: enConversations,
  monitoring: enMonitoring,
  reports: enReports,
  approvals: enApprovals,
  agents: enAgents,
  settings: enSettings,
};

export type Messages = typeof en;

const id = {
  common: idCommon,
  conversations: idConversations,
  monitoring: idMonitoring,
  reports: idReports,
  approvals: idApprovals,
  agents: idAgents,
  settings: idSettings,
} satisfies Record<keyof Messages, unknown>;

/** The message catalogue of one language (plain JSON, safe to send to the browser). */
export function messagesFor(language: UiLanguage): Messages {
  return (language === "id" ? id : en) as Messages;
}
