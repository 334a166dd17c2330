import type { Metadata } from "next";
import Link from "next/link";
import { requireMember } from "@/app/_auth/guard";
import { CHANNEL_TYPE_LABEL } from "@/components/channel-type";
import { getDb } from "@/db/client";
import { canAccess } from "@/lib/auth/roles";
import { listChannels } from "@/lib/channels/list-channels";
import { formatInZone } from "@/lib/time/format";
import { CreateChannelForm } from "./create-channel-form";

export const metadata: Metadata = { title: "Channels" };

export default async function ChannelsPage() {
  const member = await requireMember("settings");
  const channels = await listChannels(await getDb(), { orgId: member.orgId, includeArchived: true });
  const canEdit = canAccess(member.role, "settingsWrite");
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">Channels</h1>
        <p className="text-sm text-gray-500">
          Each channel posts customer messages to Tandem, signed with its own secret.
          {canEdit ? null : " You can view channels; owners and admins change them."}
        </p>
      </div>
      {canEdit ? <CreateChannelForm /> : null}
      <section className="overflow-x-auto rounded-lg border border-gray-200 bg-white">
        {channels.length === 0 ? (
          <p className="p-6 text-sm text-gray-600">No channels yet.{canEdit ? " Create one above to start receiving messages." : ""}</p>
        ) : (
          <table className="min-w-full text-sm" aria-label="Channels">
            <thead className="bg-gray-50 text-left text-gray-600">
              <tr><th className="px-4 py-2 font-medium">Name</th><th className="px-4 py-2 font-medium">Type</th><th className="px-4 py-2 font-medium">Status</th><th className="px-4 py-2 font-medium">Last delivery</th><th className="px-4 py-2 font-medium">Traffic split</th></tr>
            </thead>
            <tbody>
              {channels.map((c) => (
                <tr key={c.id} className="border-t border-gray-100">
                  <td className="px-4 py-2"><Link href={`/settings/channels/${c.id}`} className="font-medium text-blue-700 hover:underline">{c.name}</Link></td>
                  <td className="px-4 py-2">{CHANNEL_TYPE_LABEL[c.type]}</td>
                  <td className="px-4 py-2">{c.archivedAt ? <span className="rounded-full bg-gray-100 px-2 py-0.5 text-xs text-gray-600">Archived</span> : <span className="rounded-full bg-green-50 px-2 py-0.5 text-xs text-green-700">Active</span>}</td>
                  <td className="px-4 py-2">
                    {c.lastDelivery ? (
                      <span className={c.lastDelivery.status < 300 ? "text-gray-800" : "text-red-700"}>
                        {c.lastDelivery.status} · {formatInZone(c.lastDelivery.at, member.timezone, member.locale)}
                      </span>
                    ) : <span className="text-gray-400">No deliveries yet</span>}
                  </td>
                  <td className="px-4 py-2">{c.trafficSplitEnabled ? `${c.botPercent}% bot` : "Off (100% bot)"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
