import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import Link from "next/link";
import { requireMember } from "@/app/_auth/guard";
import { getDb } from "@/db/client";
import { listChannels } from "@/lib/channels/list-channels";
import { getOrganization } from "@/lib/org/get-organization";
import { trafficSplitAvailable } from "@/lib/routing/traffic-split-config";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("agents");
  return { title: t("chatbot.metaTitle") };
}

export default async function ChatbotIndexPage() {
  const member = await requireMember("settings");
  const db = await getDb();
  const [org, channels] = await Promise.all([getOrganization(db, { orgId: member.orgId }), listChannels(db, { orgId: member.orgId })]);
  const splitAvailable = org ? trafficSplitAvailable(org) : false;
  const t = await getTranslations("agents");
  const tc = await getTranslations("common.channelType");
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-2xl font-semibold">{t("chatbot.title")}</h1>
        <p className="text-sm text-gray-500">{splitAvailable ? t("chatbot.introSplit") : t("chatbot.intro")}</p>
      </div>
      <section className="relative overflow-x-auto rounded-lg border border-gray-200 bg-white">
        {channels.length === 0 ? <p className="p-6 text-sm text-gray-600">{t("chatbot.empty")}</p> : (
          <table className="min-w-full text-sm" aria-label={t("chatbot.tableLabel")}>
            <thead className="bg-gray-50 text-left text-gray-600">
              <tr><th className="px-4 py-2 font-medium">{t("chatbot.channel")}</th><th className="px-4 py-2 font-medium">{t("chatbot.type")}</th>{splitAvailable ? <th className="px-4 py-2 font-medium">{t("chatbot.trafficSplit")}</th> : null}</tr>
            </thead>
            <tbody>
              {channels.map((c) => (
                <tr key={c.id} className="border-t border-gray-100">
                  <td className="px-4 py-2"><Link href={`/settings/chatbot/${c.id}`} className="font-medium text-blue-700 hover:underline">{c.name}</Link></td>
                  <td className="px-4 py-2">{tc(c.type)}</td>
                  {splitAvailable ? <td className="px-4 py-2">{c.trafficSplitEnabled ? t("chatbot.splitValue", { bot: c.botPercent, human: 100 - c.botPercent }) : t("chatbot.splitOff")}</td> : null}
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
