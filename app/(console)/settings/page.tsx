import type { Metadata } from "next";
import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { requireMember } from "@/app/_auth/guard";
import { getDb } from "@/db/client";
import { canAccess } from "@/lib/auth/roles";
import { getOrganization } from "@/lib/org/get-organization";
import { listChannels } from "@/lib/org/list-channels";

export const metadata: Metadata = { title: "Settings" };

const DAY = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const on = (v: boolean) => (v ? "On" : "Off");

export default async function SettingsPage() {
  const member = await requireMember("settings");
  const db = await getDb();
  const [org, channels] = await Promise.all([getOrganization(db, { orgId: member.orgId }), listChannels(db, { orgId: member.orgId })]);
  if (!org) notFound();
  const h = await headers();
  const origin = `${h.get("x-forwarded-proto") ?? "http"}://${h.get("host") ?? "localhost:3000"}`;
  const readOnly = !canAccess(member.role, "settingsWrite");
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">Settings</h1>
        {readOnly ? <p className="text-sm text-gray-500">You can view these settings; owners and admins change them.</p> : null}
      </div>
      <section className="rounded-lg border border-gray-200 bg-white p-5">
        <h2 className="mb-3 font-semibold">Organization</h2>
        <dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-[200px_1fr]">
          <dt className="text-gray-500">Name</dt><dd>{org.name}</dd>
          <dt className="text-gray-500">Plan</dt><dd className="capitalize">{org.plan}</dd>
          <dt className="text-gray-500">AI agent add-on</dt><dd>{on(org.aiAgentAddon)}</dd>
          <dt className="text-gray-500">Bot-vs-human traffic split</dt><dd>{on(org.botTrafficSplitEnabled)}</dd>
          <dt className="text-gray-500">AI agent impact report</dt><dd>{on(org.aiAgentImpactReport)}</dd>
          <dt className="text-gray-500">Impact forecast</dt><dd>{on(org.aiAgentImpactReportForecast)}</dd>
          <dt className="text-gray-500">Time zone</dt><dd>{org.timezone}</dd>
          <dt className="text-gray-500">Currency</dt><dd>{org.currency}</dd>
          <dt className="text-gray-500">Business hours</dt>
          <dd>
            {org.businessHours.length === 0 ? "Not set" : (
              <ul>{org.businessHours.map((b) => <li key={`${b.day}-${b.open}`}>{DAY[b.day]} {b.open}–{b.close}</li>)}</ul>
            )}
          </dd>
        </dl>
      </section>
      <section className="rounded-lg border border-gray-200 bg-white p-5">
        <h2 className="mb-1 font-semibold">Channels</h2>
        <p className="mb-3 text-sm text-gray-500">
          Each channel posts customer messages to <code className="rounded bg-gray-100 px-1">{origin}/api/webhooks/incoming-message</code>, signed with its own Standard Webhooks secret.
        </p>
        {channels.length === 0 ? <p className="text-sm text-gray-600">No channels yet.</p> : (
          <table className="min-w-full text-sm">
            <thead><tr className="text-left text-gray-500"><th className="py-1 pr-4 font-medium">Name</th><th className="py-1 pr-4 font-medium">Type</th><th className="py-1 pr-4 font-medium">Channel id</th><th className="py-1 font-medium">Traffic split</th></tr></thead>
            <tbody>
              {channels.map((c) => (
                <tr key={c.id} className="border-t border-gray-100">
                  <td className="py-2 pr-4">{c.name}</td>
                  <td className="py-2 pr-4">{c.type.replace("_", " ")}</td>
                  <td className="py-2 pr-4"><code className="text-xs">{c.id}</code></td>
                  <td className="py-2">{c.trafficSplitEnabled ? `${c.botPercent}% bot` : "Off (100% bot)"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
