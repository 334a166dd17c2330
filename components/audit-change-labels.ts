/**
 * An audit entry's changes in the reader's words (issue 19 item 4: no raw keys on screen): each field by its plain
 * name (`bot_percent` → "Bot share", `profile.tone` → "Tone"), booleans as on/off, roles and statuses by their names,
 * AI-agent config values as the agent's version history shows them. A field without a name yet is spelled out from
 * its key (`articles_added` → "articles added"), never shown as code.
 */
import type { getTranslations } from "next-intl/server";
import { createTranslator } from "use-intl/core";
import { configFieldLabel, configValueLabel, type AgentsTranslator } from "@/components/agent-config-labels";
import { messagesFor } from "@/lib/i18n/messages";
import type { UiLanguage } from "@/lib/i18n/ui-language";

type AuditT = Awaited<ReturnType<typeof getTranslations<"settings.audit">>>;
type CommonT = Awaited<ReturnType<typeof getTranslations<"common">>>;
type Changes = Record<string, { from: unknown; to: unknown }>;
/** What {@link describeChangesIn} reads words from. */
export type ChangeLabels = { t: AuditT; common: CommonT; agents: AgentsTranslator; channelNames: Record<string, string> };

/**
 * The words for one reader, for the page and its CSV export alike.
 * @param channelNames the org's channel names by id (an AI agent's channel list)
 */
export function changeLabelsFor(language: UiLanguage, channelNames: Record<string, string>): ChangeLabels {
  const messages = messagesFor(language);
  const t = (namespace: "settings.audit" | "common" | "agents") => createTranslator({ locale: language, messages, namespace }) as never;
  return { t: t("settings.audit"), common: t("common"), agents: t("agents"), channelNames };
}

const AGENT_CONFIG_SECTIONS = new Set(["profile", "capabilities", "routing"]);

/** `articles_added` / `minutesPerConversation` → "articles added" / "minutes per conversation". */
function spelledOut(key: string): string {
  return key.replace(/_/g, " ").replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();
}

/**
 * @param changes the entry's `{ field: { from, to } }`
 * @param labels see {@link changeLabelsFor}
 * @returns one line, e.g. "Role: agent → supervisor; Capacity: 5 → 8", or "" when nothing is recorded
 */
export function describeChangesIn(
  changes: Changes,
  { t, common, agents, channelNames }: ChangeLabels,
): string {
  const field = (key: string) => (t.has(`fields.${key}` as never) ? t(`fields.${key}` as never) : spelledOut(key));
  const value = (key: string, v: unknown): string => {
    if (v === null || v === undefined) return "—";
    if (typeof v === "boolean") return v ? t("values.on") : t("values.off");
    if (key === "role" && typeof v === "string" && common.has(`roles.${v}` as never)) return common(`roles.${v}` as never);
    if (key === "status" && typeof v === "string" && common.has(`status.${v}` as never)) return common(`status.${v}` as never);
    if (key === "draft_source" && typeof v === "string" && t.has(`values.draft_source.${v}` as never)) return t(`values.draft_source.${v}` as never);
    if (Array.isArray(v)) return v.length === 0 ? t("values.none") : v.map((x) => (typeof x === "string" ? x : JSON.stringify(x))).join(", ");
    return typeof v === "string" ? v : JSON.stringify(v);
  };
  return Object.entries(changes)
    .map(([key, { from, to }]) => {
      if (AGENT_CONFIG_SECTIONS.has(key.split(".")[0]!) && key.includes(".")) {
        return `${configFieldLabel(agents, key)}: ${configValueLabel(agents, key, from, channelNames)} → ${configValueLabel(agents, key, to, channelNames)}`;
      }
      return `${field(key)}: ${value(key, from)} → ${value(key, to)}`;
    })
    .join("; ");
}
