import { canAccess, type Role } from "@/lib/auth/roles";

/** The settings sections a role may open, in menu order (the first is the landing page). */
export function settingsSections(role: Role): { href: string; label: string }[] {
  const admin = canAccess(role, "settingsWrite");
  return [
    ...(admin ? [{ href: "/settings/organization", label: "Organization" }, { href: "/settings/members", label: "Members" }] : []),
    { href: "/settings/channels", label: "Channels" },
    { href: "/settings/chatbot", label: "Chatbot" },
    { href: "/settings/agents", label: "AI agents" },
    { href: "/settings/knowledge", label: "Knowledge" },
    { href: "/settings/alerts", label: "Alerts" },
    ...(admin ? [{ href: "/settings/chatwoot", label: "Chatwoot" }] : []),
    ...(admin ? [{ href: "/settings/audit", label: "Audit log" }] : []),
    { href: "/settings/system", label: "System" },
  ];
}
