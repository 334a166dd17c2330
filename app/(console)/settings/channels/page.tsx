import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import Link from "next/link";
import { requireMember } from "@/app/_auth/guard";
import { getDb } from "@/db/client";
import { canAccess } from "@/lib/auth/roles";
import { listChannels } from "@/lib/channels/list-channels";
import { formatInZone } from "@/lib/time/format";
import { CreateChannelForm } from "./create-channel-form";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("settings.channels");
  return { title: t("metaTitle") };
}

export default async function ChannelsPage() {
  const member = await requireMember("settings");
  const channels = await listChannels(await getDb(), { orgId: member.orgId, includeArchived: true });
  const canEdit = canAccess(member.role, "settingsWrite");
  const t = await getTranslations("settings.channels");
  const tc = await getTranslations("common.channelType");
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">{t("title")}</h1>
        <p className="text-sm text-gray-500">
          {t("intro")}
          {canEdit ? null : ` ${t("readOnly")}`}
        </p>
      </div>
      {canEdit ? <CreateChannelForm /> : null}
      <section className="relative overflow-x-auto rounded-lg border border-gray-200 bg-white">
        {channels.length === 0 ? (
          <p className="p-6 text-sm text-gray-600">{t("empty")}{canEdit ? ` ${t("emptyCreate")}` : ""}</p>
        ) : (
          <table className="min-w-full text-sm" aria-label={t("table.label")}>
            <thead className="bg-gray-50 text-left text-gray-600">
              <tr><th className="px-4 py-2 font-medium">{t("table.name")}</th><th className="px-4 py-2 font-medium">{t("table.type")}</th><th className="px-4 py-2 font-medium">{t("table.status")}</th><th className="px-4 py-2 font-medium">{t("table.lastDelivery")}</th><th className="px-4 py-2 font-medium">{t("table.trafficSplit")}</th></tr>
            </thead>
            <tbody>
              {channels.map((c) => (
                <tr key={c.id} className="border-t border-gray-100">
                  <td className="px-4 py-2"><Link href={`/settings/channels/${c.id}`} className="font-medium text-blue-700 hover:underline">{c.name}</Link></td>
                  <td className="px-4 py-2">{tc(c.type)}</td>
                  <td className="px-4 py-2">{c.archivedAt ? <span className="rounded-full bg-gray-100 px-2 py-0.5 text-xs text-gray-600">{t("table.archived")}</span> : <span className="rounded-full bg-green-50 px-2 py-0.5 text-xs text-green-700">{t("table.active")}</span>}</td>
                  <td className="px-4 py-2">
                    {c.lastDelivery ? (
                      <span className={c.lastDelivery.status < 300 ? "text-gray-800" : "text-red-700"}>
                        {c.lastDelivery.status} · {formatInZone(c.lastDelivery.at, member.timezone, member.locale)}
                      </span>
                    ) : <span className="text-gray-500">{t("table.noDeliveries")}</span>}
                  </td>
                  <td className="px-4 py-2">{c.trafficSplitEnabled ? t("table.splitBot", { percent: c.botPercent }) : t("table.splitOff")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
