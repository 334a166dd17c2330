import type { Metadata } from "next";
import Link from "next/link";
import { requireMember } from "@/app/_auth/guard";
import { CHANNEL_TYPE_LABEL } from "@/components/channel-type";
import { getDb } from "@/db/client";
import { listChannels } from "@/lib/channels/list-channels";
import { getOrganization } from "@/lib/org/get-organization";
import { trafficSplitAvailable } from "@/lib/routing/traffic-split-config";

export const metadata: Metadata = { title: "Chatbot" };

export default async function ChatbotIndexPage() {
  const member = await requireMember("settings");
  const db = await getDb();
  const [org, channels] = await Promise.all([getOrganization(db, { orgId: member.orgId }), listChannels(db, { orgId: member.orgId })]);
  const splitAvailable = org ? trafficSplitAvailable(org) : false;
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-2xl font-semibold">Chatbot</h1>
        <p className="text-sm text-gray-500">How the AI agent handles each channel{splitAvailable ? ", and how much of its traffic it gets" : ""}.</p>
      </div>
      <section className="overflow-x-auto rounded-lg border border-gray-200 bg-white">
        {channels.length === 0 ? <p className="p-6 text-sm text-gray-600">No active channels yet. Create one under Channels.</p> : (
          <table className="min-w-full text-sm" aria-label="Chatbot channels">
            <thead className="bg-gray-50 text-left text-gray-600">
              <tr><th className="px-4 py-2 font-medium">Channel</th><th className="px-4 py-2 font-medium">Type</th>{splitAvailable ? <th className="px-4 py-2 font-medium">Traffic split</th> : null}</tr>
            </thead>
            <tbody>
              {channels.map((c) => (
                <tr key={c.id} className="border-t border-gray-100">
                  <td className="px-4 py-2"><Link href={`/settings/chatbot/${c.id}`} className="font-medium text-blue-700 hover:underline">{c.name}</Link></td>
                  <td className="px-4 py-2">{CHANNEL_TYPE_LABEL[c.type]}</td>
                  {splitAvailable ? <td className="px-4 py-2">{c.trafficSplitEnabled ? `${c.botPercent}% bot / ${100 - c.botPercent}% human` : "Off — the bot handles 100%"}</td> : null}
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
