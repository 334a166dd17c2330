import { canAccess, type Role } from "@/lib/auth/roles";

/** A settings section; its name is `settings.nav.sections.<key>` in the reader's language. */
export type SettingsSection = {
  href: string;
  key: "organization" | "members" | "channels" | "chatbot" | "agents" | "knowledge" | "alerts" | "chatwoot" | "audit" | "system";
};

/** The settings sections a role may open, in menu order (the first is the landing page). */
export function settingsSections(role: Role): SettingsSection[] {
  const admin = canAccess(role, "settingsWrite");
  const all: (SettingsSection & { adminOnly?: true })[] = [
    { href: "/settings/organization", key: "organization", adminOnly: true },
    { href: "/settings/members", key: "members", adminOnly: true },
    { href: "/settings/channels", key: "channels" },
    { href: "/settings/chatbot", key: "chatbot" },
    { href: "/settings/agents", key: "agents" },
    { href: "/settings/knowledge", key: "knowledge" },
    { href: "/settings/alerts", key: "alerts" },
    { href: "/settings/chatwoot", key: "chatwoot", adminOnly: true },
    { href: "/settings/audit", key: "audit", adminOnly: true },
    { href: "/settings/system", key: "system" },
  ];
  return all.filter((s) => admin || !s.adminOnly).map(({ href, key }) => ({ href, key }));
}
