/**
 * Plain words for a changed AI-agent config field and its values (`profile.tone` → "Tone", `0.4` → "40%"), shared by
 * the agent's version history and the audit log. Takes the `agents` translator of either side (server or client).
 */
import type { useTranslations } from "next-intl";
import { ALL_COLLECTIONS } from "@/lib/agent/config-schema";

export type AgentsTranslator = ReturnType<typeof useTranslations<"agents">>;

const show = (v: unknown, none: string) => (v === null || v === undefined ? "—" : Array.isArray(v) ? v.join(", ") || none : typeof v === "string" ? `“${v.length > 60 ? `${v.slice(0, 60)}…` : v}”` : String(v));

/** A changed field's plain name: `profile.tone` → "Tone", `capabilities.refunds.enabled` → "Capability “refunds” · Enabled". */
export function configFieldLabel(t: AgentsTranslator, path: string): string {
  const [section, ...rest] = path.split(".");
  if (section === "capabilities" && rest.length >= 2) {
    const field = rest[rest.length - 1]!;
    const id = rest.slice(0, -1).join(".");
    const key = `history.fields.capability.${field}`;
    return t("history.capabilityField", { id, field: t.has(key as never) ? t(key as never) : field });
  }
  const key = `history.fields.${path}`;
  return t.has(key as never) ? t(key as never) : path;
}

/** A changed value in plain words: percentages, on/off, tone and language names, channel names. */
export function configValueLabel(t: AgentsTranslator, path: string, v: unknown, channelNames: Record<string, string>): string {
  const none = t("history.none");
  if (v === null || v === undefined) return "—";
  if (typeof v === "boolean") return v ? t("history.on") : t("history.off");
  const field = path.split(".").pop();
  if (path === "routing.confidenceThreshold" && typeof v === "number") return `${Math.round(v * 1000) / 10}%`;
  if (path === "routing.channelIds" && Array.isArray(v)) return v.map((id) => channelNames[String(id)] ?? t("history.removedChannel")).join(", ") || none;
  if (field === "collections" && Array.isArray(v)) return v.map((c) => (c === ALL_COLLECTIONS ? t("editor.capabilities.allCollections") : String(c))).join(", ") || none;
  if (typeof v === "string") {
    const key = path === "profile.tone" ? `editor.tones.${v}` : path === "profile.language" ? `editor.languages.${v}` : path === "routing.afterHoursMode" ? `history.afterHours.${v}` : null;
    if (key && t.has(key as never)) return t(key as never);
  }
  return show(v, none);
}
