import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { requireMember } from "@/app/_auth/guard";
import { getDb } from "@/db/client";
import { getAlertSettings } from "@/lib/alerts/alert-settings";
import { listRecipientRows } from "@/lib/alerts/recipients";
import { canAccess } from "@/lib/auth/roles";
import { listChannels } from "@/lib/channels/list-channels";
import { listMembers } from "@/lib/members/list-members";
import { AlertSettingsForm } from "./alert-settings-form";
import { Recipients } from "./recipients";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("settings.alerts");
  return { title: t("metaTitle") };
}

export default async function AlertSettingsPage() {
  const member = await requireMember("settings");
  const db = await getDb();
  const [settings, rows, members, channels] = await Promise.all([
    getAlertSettings(db, member.orgId),
    listRecipientRows(db, member.orgId),
    listMembers(db, { orgId: member.orgId }),
    listChannels(db, { orgId: member.orgId }),
  ]);
  const readOnly = !canAccess(member.role, "settingsWrite");
  const t = await getTranslations("settings.alerts");
  const roles = await getTranslations("settings.rolesLower");
  const labelOf = (m: (typeof members)[number]) => t("memberWithRole", { name: m.name, role: roles(m.role) });
  const nameOf = new Map(members.map((m) => [m.userId, labelOf(m)]));
  const channelOf = new Map(channels.map((c) => [c.id, c.name]));
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">{t("title")}</h1>
        <p className="text-sm text-gray-500">{t("intro")}{readOnly ? ` ${t("readOnly")}` : ""}</p>
      </div>
      <AlertSettingsForm settings={settings} readOnly={readOnly} />
      <Recipients
        readOnly={readOnly}
        rows={rows.map((r) => ({ id: r.id, member: nameOf.get(r.userId) ?? t("formerMember"), channel: r.channelId ? (channelOf.get(r.channelId) ?? t("archivedChannel")) : t("allChannels"), signals: r.signals, quiet: r.quietHours ? `${r.quietHours.start}–${r.quietHours.end}` : null }))}
        members={members.filter((m) => m.status === "active" && canAccess(m.role, "monitoring")).map((m) => ({ id: m.userId, label: labelOf(m) }))}
        channels={channels.map((c) => ({ id: c.id, name: c.name }))}
      />
    </div>
  );
}
