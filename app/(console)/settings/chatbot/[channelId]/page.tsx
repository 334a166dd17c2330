import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requireMember } from "@/app/_auth/guard";
import { getDb } from "@/db/client";
import { canAccess } from "@/lib/auth/roles";
import { getChannel } from "@/lib/channels/get-channel";
import { getOrganization } from "@/lib/org/get-organization";
import { countAvailableAgents } from "@/lib/routing/available-agents";
import { listOperatorAlerts } from "@/lib/routing/experiment-health";
import { OperatorAlerts } from "@/components/operator-alerts";
import { trafficSplitAvailable } from "@/lib/routing/traffic-split-config";
import { formatInZone } from "@/lib/time/format";
import { TrafficSplitSection } from "./traffic-split-section";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("agents");
  return { title: t("chatbotChannel.metaTitle") };
}

export default async function ChatbotChannelPage({ params }: { params: Promise<{ channelId: string }> }) {
  const member = await requireMember("settings");
  const { channelId } = await params;
  const db = await getDb();
  const [channel, org] = await Promise.all([getChannel(db, { orgId: member.orgId, channelId }), getOrganization(db, { orgId: member.orgId })]);
  if (!channel || !org) notFound();
  const showSplit = trafficSplitAvailable(org);
  const [agents, alerts] = showSplit
    ? await Promise.all([countAvailableAgents(db, { orgId: member.orgId }), listOperatorAlerts(db, { orgId: member.orgId, channelId })])
    : [null, []];
  const t = await getTranslations("agents");
  const tc = await getTranslations("common.channelType");
  return (
    <div className="space-y-6">
      <div>
        <nav aria-label={t("chatbotChannel.breadcrumbLabel")} className="text-sm text-gray-500">
          <Link href="/settings/chatbot" className="text-blue-700 underline underline-offset-2 hover:text-blue-900">{t("chatbotChannel.breadcrumb")}</Link> › {channel.name}
        </nav>
        <h1 className="mt-1 text-2xl font-semibold">{channel.name}</h1>
        <p className="text-sm text-gray-500">
          {t("chatbotChannel.description", { type: tc(channel.type) })}
        </p>
      </div>
      <OperatorAlerts alerts={alerts} timezone={member.timezone} locale={member.locale} label={t("chatbotChannel.alertsLabel")} />
      {showSplit ? (
        <TrafficSplitSection
          channelId={channel.id}
          saved={{ enabled: channel.trafficSplitEnabled, botPercent: channel.botPercent }}
          canEdit={canAccess(member.role, "settingsWrite")}
          onlineAgents={agents?.online ?? 0}
          availableAgents={agents?.available ?? 0}
        />
      ) : null}
      {showSplit ? (
        <p className="text-sm"><Link href={`/reports/bot-vs-human?channel=${channel.id}`} className="font-medium text-blue-700 hover:underline">{t("chatbotChannel.compare")}</Link></p>
      ) : null}
    </div>
  );
}
