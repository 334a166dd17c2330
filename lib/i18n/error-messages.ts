/**
 * The sentences domain code answers people with — refusals (`UserError`) and form-field errors — in both languages,
 * one JSON file per area under `messages/<language>/errors/`. Server-only: `language-scope.ts` builds them; they are
 * not part of the page catalogue sent to the browser. `messages.test.ts` checks both languages agree.
 */
import enCommon from "./messages/en/errors/common.json" with { type: "json" };
import enRoles from "./messages/en/errors/roles.json" with { type: "json" };
import enAuth from "./messages/en/errors/auth.json" with { type: "json" };
import enMembers from "./messages/en/errors/members.json" with { type: "json" };
import enOrg from "./messages/en/errors/org.json" with { type: "json" };
import enChannels from "./messages/en/errors/channels.json" with { type: "json" };
import enAgents from "./messages/en/errors/agents.json" with { type: "json" };
import enKnowledge from "./messages/en/errors/knowledge.json" with { type: "json" };
import enConversations from "./messages/en/errors/conversations.json" with { type: "json" };
import enApprovals from "./messages/en/errors/approvals.json" with { type: "json" };
import enChatwoot from "./messages/en/errors/chatwoot.json" with { type: "json" };
import enAlerts from "./messages/en/errors/alerts.json" with { type: "json" };
import enRouting from "./messages/en/errors/routing.json" with { type: "json" };
import enOutbox from "./messages/en/errors/outbox.json" with { type: "json" };
import enImpact from "./messages/en/errors/impact.json" with { type: "json" };
import idCommon from "./messages/id/errors/common.json" with { type: "json" };
import idRoles from "./messages/id/errors/roles.json" with { type: "json" };
import idAuth from "./messages/id/errors/auth.json" with { type: "json" };
import idMembers from "./messages/id/errors/members.json" with { type: "json" };
import idOrg from "./messages/id/errors/org.json" with { type: "json" };
import idChannels from "./messages/id/errors/channels.json" with { type: "json" };
import idAgents from "./messages/id/errors/agents.json" with { type: "json" };
import idKnowledge from "./messages/id/errors/knowledge.json" with { type: "json" };
import idConversations from "./messages/id/errors/conversations.json" with { type: "json" };
import idApprovals from "./messages/id/errors/approvals.json" with { type: "json" };
import idChatwoot from "./messages/id/errors/chatwoot.json" with { type: "json" };
import idAlerts from "./messages/id/errors/alerts.json" with { type: "json" };
import idRouting from "./messages/id/errors/routing.json" with { type: "json" };
import idOutbox from "./messages/id/errors/outbox.json" with { type: "json" };
import idImpact from "./messages/id/errors/impact.json" with { type: "json" };
import type { UiLanguage } from "./ui-language";

const en = {
  common: enCommon,
  roles: enRoles,
  auth: enAuth,
  members: enMembers,
  org: enOrg,
  channels: enChannels,
  agents: enAgents,
  knowledge: enKnowledge,
  conversations: enConversations,
  approvals: enApprovals,
  chatwoot: enChatwoot,
  alerts: enAlerts,
  routing: enRouting,
  outbox: enOutbox,
  impact: enImpact,
};

export type ErrorMessages = typeof en;

const id = {
  common: idCommon,
  roles: idRoles,
  auth: idAuth,
  members: idMembers,
  org: idOrg,
  channels: idChannels,
  agents: idAgents,
  knowledge: idKnowledge,
  conversations: idConversations,
  approvals: idApprovals,
  chatwoot: idChatwoot,
  alerts: idAlerts,
  routing: idRouting,
  outbox: idOutbox,
  impact: idImpact,
} satisfies Record<keyof ErrorMessages, unknown>;

/** The error catalogue of one language. */
export function errorMessagesFor(language: UiLanguage): ErrorMessages {
  return (language === "id" ? id : en) as ErrorMessages;
}
