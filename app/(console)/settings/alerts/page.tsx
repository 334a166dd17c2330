import type { Metadata } from "next";
import { requireMember } from "@/app/_auth/guard";
import { getDb } from "@/db/client";
import { getAlertSettings } from "@/lib/alerts/alert-settings";
import { listRecipientRows } from "@/lib/alerts/recipients";
import { canAccess } from "@/lib/auth/roles";
import { listChannels } from "@/lib/channels/list-channels";
import { listMembers } from "@/lib/members/list-members";
import { AlertSettingsForm } from "./alert-settings-form";
import { Recipients } from "./recipients";

export const metadata: Metadata = { title: "Alerts" };

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
  const nameOf = new Map(members.map((m) => [m.userId, `${m.name} (${m.role})`]));
  const channelOf = new Map(channels.map((c) => [c.id, c.name]));
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">Alerts</h1>
        <p className="text-sm text-gray-500">Who is told, and how often, when the AI agent fails a live conversation.{readOnly ? " You can view these settings; owners and admins change them." : ""}</p>
      </div>
      <AlertSettingsForm settings={settings} readOnly={readOnly} />
      <Recipients
        readOnly={readOnly}
        rows={rows.map((r) => ({ id: r.id, member: nameOf.get(r.userId) ?? "Former member", channel: r.channelId ? (channelOf.get(r.channelId) ?? "Archived channel") : "All channels", signals: r.signals, quiet: r.quietHours ? `${r.quietHours.start}–${r.quietHours.end}` : null }))}
        members={members.filter((m) => m.status === "active" && canAccess(m.role, "monitoring")).map((m) => ({ id: m.userId, label: `${m.name} (${m.role})` }))}
        channels={channels.map((c) => ({ id: c.id, name: c.name }))}
      />
    </div>
  );
}
