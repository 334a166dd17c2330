import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requireMember } from "@/app/_auth/guard";
import { CHANNEL_TYPE_LABEL } from "@/components/channel-type";
import { getDb } from "@/db/client";
import { canAccess } from "@/lib/auth/roles";
import { getChannel } from "@/lib/channels/get-channel";
import { getOrganization } from "@/lib/org/get-organization";
import { countAvailableAgents } from "@/lib/routing/available-agents";
import { listOperatorAlerts } from "@/lib/routing/experiment-health";
import { trafficSplitAvailable } from "@/lib/routing/traffic-split-config";
import { formatInZone } from "@/lib/time/format";
import { TrafficSplitSection } from "./traffic-split-section";

export const metadata: Metadata = { title: "Chatbot settings" };

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
  return (
    <div className="space-y-6">
      <div>
        <nav aria-label="Breadcrumb" className="text-sm text-gray-500">
          <Link href="/settings/chatbot" className="text-blue-700 hover:underline">Chatbot settings</Link> › {channel.name}
        </nav>
        <h1 className="mt-1 text-2xl font-semibold">{channel.name}</h1>
        <p className="text-sm text-gray-500">
          {CHANNEL_TYPE_LABEL[channel.type]} · the built-in AI agent answers this channel from your knowledge base and hands over to your team when it isn&apos;t sure.
        </p>
      </div>
      {alerts.length ? (
        <section aria-label="Experiment alerts" className="space-y-2">
          {alerts.map((a) => (
            <p key={a.id} role="alert" className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">
              {a.message} <span className="text-xs text-amber-700">({formatInZone(a.createdAt, member.timezone, member.locale)})</span>
            </p>
          ))}
        </section>
      ) : null}
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
        <p className="text-sm"><Link href={`/reports/bot-vs-human?channel=${channel.id}`} className="font-medium text-blue-700 hover:underline">Compare bot vs human on this channel →</Link></p>
      ) : null}
    </div>
  );
}
