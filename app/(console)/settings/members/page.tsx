import { canAccess } from "@/lib/auth/roles";
import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { requireMember } from "@/app/_auth/guard";
import { getDb } from "@/db/client";
import { listMembers, listPendingInvitations } from "@/lib/members/list-members";
import { formatInZone } from "@/lib/time/format";
import { InviteForm } from "./invite-form";
import { MembersTable } from "./members-table";
import { PendingInvitations } from "./pending-invitations";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("settings.members");
  return { title: t("metaTitle") };
}

export default async function MembersPage() {
  const member = await requireMember("settingsWrite");
  const db = await getDb();
  const [members, invites] = await Promise.all([listMembers(db, { orgId: member.orgId }), listPendingInvitations(db, { orgId: member.orgId })]);
  const t = await getTranslations("settings.members");
  const fmt = (d: Date | null) => (d ? formatInZone(d, member.timezone, member.locale) : null);
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold">{t("title")}</h1>
          <p className="text-sm text-gray-500">{t("summary", { active: members.filter((m) => m.status === "active").length, total: members.length })}</p>
        </div>
        <a href="/api/members/export" className="rounded-md border border-gray-300 bg-white px-3 py-2 text-sm font-medium text-gray-700 hover:bg-gray-50">{t("exportCsv")}</a>
      </div>
      <InviteForm canInviteOwner={canAccess(member.role, "manageOwners")} />
      {invites.length ? <PendingInvitations invites={invites.map((i) => ({ id: i.id, email: i.email, role: i.role, expiresAt: fmt(i.expiresAt)! }))} /> : null}
      <MembersTable
        selfId={member.userId}
        actorRole={member.role}
        rows={members.map((m) => ({ ...m, lastSeenAt: fmt(m.lastSeenAt), joinedAt: fmt(m.joinedAt)! }))}
      />
    </div>
  );
}
