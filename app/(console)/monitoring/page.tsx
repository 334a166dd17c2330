import { canAccess } from "@/lib/auth/roles";
import { activeSnoozes } from "@/lib/alerts/snooze-alerts";
import { BUILT_IN_AGENT_KEY } from "@/lib/alerts/raise-alert";
import { EndSnoozeButton, SnoozeControl } from "./snooze-controls";
import { deviceCoverage } from "@/lib/alerts/device-coverage";
import { BULK_FORM_ID, BulkAcknowledge } from "./bulk-acknowledge";
import { getChatwootLink } from "@/lib/chatwoot/link";
import { chatwootConversationUrl } from "@/lib/chatwoot/conversation-url";
import { isChatwootConversation } from "@/lib/conversations/handed-back";
import type { Metadata } from "next";
import Link from "next/link";
import { requireMember } from "@/app/_auth/guard";
import { AutoRefresh } from "@/components/auto-refresh";
import { getDb } from "@/db/client";
import { agentSignalEnum } from "@/db/schema";
import { SIGNAL_LABEL } from "@/lib/alerts/alert-message";
import { FEED_PAGE_SIZE, feedParamsSchema, interventionStats, listAlertFeed, noisySignals, signalBreakdown, unreadAlertCount } from "@/lib/alerts/monitoring";
import { getAlertSettings } from "@/lib/alerts/alert-settings";
import { formatInZone } from "@/lib/time/format";
import { AcknowledgeButton } from "./acknowledge-button";

export const metadata: Metadata = { title: "Monitoring" };

const SEVERITY_TONE = { high: "bg-red-50 text-red-700 ring-red-600/20", medium: "bg-amber-50 text-amber-800 ring-amber-600/20", low: "bg-gray-100 text-gray-700 ring-gray-500/20" } as const;

/** "4 min 12 s" / "1 h 3 min" from ms. */
/** How an alert was first acted on (`alerts.acted_via`), in words. */
const ACTED_LABEL: Record<string, string> = {
  acknowledged: "acknowledged",
  took_over: "taken over",
  assigned: "assigned",
  replied: "replied to",
  handed_back: "handed back to the AI",
  resolved: "resolved",
};

function duration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${s % 60} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

export default async function MonitoringPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const member = await requireMember("monitoring");
  const params = feedParamsSchema.parse(await searchParams);
  const db = await getDb();
  const now = new Date();
  const settings = await getAlertSettings(db, member.orgId);
  const mayS = canAccess(member.role, "snoozeAlerts");
  const [feed, unread, breakdown, week, chatwoot, coverage, noisy, snoozes] = await Promise.all([
    listAlertFeed(db, { orgId: member.orgId, signal: params.signal, page: params.page }),
    unreadAlertCount(db, { orgId: member.orgId, now }),
    signalBreakdown(db, { orgId: member.orgId, now }),
    interventionStats(db, { orgId: member.orgId, since: new Date(now.getTime() - 7 * 86_400_000) }),
    getChatwootLink(db, member.orgId),
    deviceCoverage(db, { orgId: member.orgId }),
    noisySignals(db, { orgId: member.orgId, threshold: settings.noisyPerHour, now }),
    activeSnoozes(db, { orgId: member.orgId, now }),
  ]);
  const noisyCount = new Map(noisy.map((n) => [n.signal, n.alerts]));
  const covered = coverage.filter((c) => c.devices > 0).length;
  // an alert on a Chatwoot conversation links to it in Chatwoot too (issue 18 item 3)
  const inChatwoot = (a: { contactId: string | null; conversationExternalId: string | null }) =>
    chatwoot && a.contactId && a.conversationExternalId && isChatwootConversation({ contactId: a.contactId }) ? chatwootConversationUrl(chatwoot, a.conversationExternalId) : null;
  const when = (d: Date) => formatInZone(d, member.timezone, member.locale);
  const pages = Math.max(1, Math.ceil(feed.total / FEED_PAGE_SIZE));
  const link = (extra: Record<string, string | number | undefined>) => {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries({ signal: params.signal, ...extra })) if (v !== undefined) q.set(k, String(v));
    return `/monitoring?${q}`;
  };
  const day = breakdown.reduce((s, r) => (r.dimension === "agent" ? s + r.alerts : s), 0);
  return (
    <div className="space-y-6">
      <AutoRefresh seconds={10} />
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold">Monitoring</h1>
          <p className="text-sm text-gray-500">When the AI agent fails a live conversation, it shows up here and on your devices. Updates every 10 seconds.</p>
        </div>
        <Link href="/monitoring/devices" className="rounded-md border border-gray-300 bg-white px-3 py-2 text-sm font-medium text-gray-700 hover:bg-gray-50">Push notifications on your devices</Link>
      </div>

      <section aria-label="Summary" className="grid gap-4 sm:grid-cols-2 lg:grid-cols-5">
        {[
          { label: "Alerts, last 24 h", value: day.toLocaleString("en") },
          { label: "Not yet acted on", value: unread.toLocaleString("en") },
          { label: "Median time to open (7 days)", value: week.openMedianMs === null ? "Not opened yet" : duration(week.openMedianMs) },
          { label: "Median time to intervene (7 days)", value: week.medianMs === null ? "No interventions yet" : duration(week.medianMs), hint: "To the first action: take over, assign, reply, hand back, resolve or acknowledge. Opening the page doesn't count." },
          { label: "Acted on within 15 min (7 days)", value: week.within15 === null ? "No alerts yet" : `${Math.round(week.within15 * 100)}% of ${week.alerts}` },
        ].map((t) => (
          <div key={t.label} className="rounded-lg border border-gray-200 bg-white p-4">
            <p className="text-sm text-gray-500">{t.label}</p>
            <p className="mt-1 text-2xl font-semibold tabular-nums">{t.value}</p>
            {"hint" in t && t.hint ? <p className="mt-1 text-xs text-gray-500">{t.hint}</p> : null}
          </div>
        ))}
      </section>

      <section className="rounded-lg border border-gray-200 bg-white" aria-labelledby="coverage-heading">
        <div className="flex flex-wrap items-baseline justify-between gap-2 border-b border-gray-100 px-5 py-3">
          <h2 id="coverage-heading" className="font-semibold">Who can receive a push</h2>
          <p className="text-sm text-gray-600" data-testid="coverage-summary">{covered} of {coverage.length} people alerts go to have a device registered</p>
        </div>
        <table className="min-w-full text-sm">
          <thead className="bg-gray-50 text-left text-gray-600">
            <tr><th scope="col" className="px-5 py-2 font-medium">Person</th><th scope="col" className="px-5 py-2 font-medium">Role</th><th scope="col" className="px-5 py-2 text-right font-medium">Devices</th><th scope="col" className="px-5 py-2 font-medium">Last push delivered</th></tr>
          </thead>
          <tbody className="divide-y divide-gray-100">
            {coverage.map((c) => (
              <tr key={c.userId}>
                <td className="px-5 py-2">{c.name}{c.explicitRecipient ? <span className="ml-1 text-xs text-gray-500">(recipient)</span> : null}</td>
                <td className="px-5 py-2 capitalize">{c.role}</td>
                <td className="px-5 py-2 text-right tabular-nums">{c.devices === 0 ? <span className="font-medium text-amber-700">No device</span> : c.devices}</td>
                <td className="px-5 py-2">{c.lastDeliveredAt ? when(c.lastDeliveredAt) : "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section className="rounded-lg border border-gray-200 bg-white" aria-labelledby="breakdown-heading">
        <h2 id="breakdown-heading" className="border-b border-gray-100 px-5 py-3 font-semibold">Signals in the last 24 hours</h2>
        {breakdown.length === 0 ? <p className="px-5 py-4 text-sm text-gray-600">No failures in the last 24 hours.</p> : (
          <div className="overflow-x-auto">
            <table className="min-w-full text-sm" aria-label="Signals by agent and channel">
              <thead className="bg-gray-50 text-left text-gray-600">
                <tr><th className="px-4 py-2 font-medium">Agent / channel</th><th className="px-4 py-2 font-medium">Signal</th><th className="px-4 py-2 text-right font-medium">Alerts</th><th className="px-4 py-2 text-right font-medium">Occurrences</th><th className="px-4 py-2 text-right font-medium">Rate</th></tr>
              </thead>
              <tbody>
                {breakdown.map((r) => (
                  <tr key={`${r.dimension}-${r.name}-${r.signal}`} className="border-t border-gray-100">
                    <td className="px-4 py-2"><span className="mr-2 text-xs uppercase text-gray-400">{r.dimension}</span>{r.name}</td>
                    <td className="px-4 py-2">{SIGNAL_LABEL[r.signal as keyof typeof SIGNAL_LABEL]}</td>
                    <td className="px-4 py-2 text-right tabular-nums">{r.alerts}</td>
                    <td className="px-4 py-2 text-right tabular-nums">{r.occurrences}</td>
                    <td className="px-4 py-2 text-right tabular-nums" title="alerts ÷ conversations the AI handled there in the last 24 h">{r.conversations > 0 ? `${(r.rate * 100).toFixed(1)}% of ${r.conversations}` : "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section className="rounded-lg border border-gray-200 bg-white" aria-labelledby="feed-heading">
        <div className="flex flex-wrap items-center justify-between gap-3 border-b border-gray-100 px-5 py-3">
          <h2 id="feed-heading" className="font-semibold">Live failure feed</h2>
          <BulkAcknowledge pageAlertIds={feed.rows.filter((a) => !a.actedAt).map((a) => a.id)} />
          <nav aria-label="Filter by signal" className="flex flex-wrap gap-2 text-sm">
            <Link href="/monitoring" aria-current={!params.signal ? "page" : undefined} className={`rounded-full px-3 py-1 ${!params.signal ? "bg-blue-50 text-blue-700" : "bg-gray-100 text-gray-700 hover:bg-gray-200"}`}>All</Link>
            {agentSignalEnum.enumValues.map((s) => (
              <Link key={s} href={link({ signal: s, page: undefined })} aria-current={params.signal === s ? "page" : undefined} className={`rounded-full px-3 py-1 ${params.signal === s ? "bg-blue-50 text-blue-700" : "bg-gray-100 text-gray-700 hover:bg-gray-200"}`}>
                {SIGNAL_LABEL[s]}{noisyCount.has(s) ? <span className="ml-1 rounded-full bg-amber-100 px-1.5 text-xs font-medium text-amber-800">noisy</span> : null}
              </Link>
            ))}
          </nav>
        </div>
        {snoozes.length > 0 ? (
          <ul aria-label="Snoozed signals" className="divide-y divide-gray-100 border-b border-gray-100 bg-gray-50 text-sm">
            {snoozes.map((z) => (
              <li key={z.id} className="flex flex-wrap items-center justify-between gap-2 px-5 py-2">
                <span>Snoozed: <span className="font-medium">{SIGNAL_LABEL[z.signal]}</span> on {z.target} until {when(z.until)}{z.by ? ` · by ${z.by}` : ""}</span>
                {mayS ? <EndSnoozeButton snoozeId={z.id} /> : null}
              </li>
            ))}
          </ul>
        ) : null}
        {noisy.length > 0 ? (
          <p role="status" className="border-b border-amber-100 bg-amber-50 px-5 py-2 text-sm text-amber-900" data-testid="noisy">
            Noisy: {noisy.map((n) => `${SIGNAL_LABEL[n.signal]} (${n.alerts} alerts in the last hour)`).join(", ")} — over the {settings.noisyPerHour} an hour set under Settings › Alerts. Tune the agent, or snooze the signal.
          </p>
        ) : null}
        {feed.rows.length === 0 ? <p className="px-5 py-6 text-sm text-gray-600">{params.signal ? "No alerts of this kind." : "No alerts yet. When the AI agent hands over unexpectedly, errors, hits its message cap or answers with low confidence, it appears here."}</p> : (
          <ol className="divide-y divide-gray-100" aria-label="Alerts">
            {feed.rows.map((a) => (
              <li key={a.id} className="flex flex-wrap items-start justify-between gap-3 px-5 py-3 text-sm">
                {a.actedAt ? <span className="w-4" aria-hidden /> : (
                  <input type="checkbox" form={BULK_FORM_ID} name="alertId" value={a.id} aria-label={`Select: ${a.message}`} className="mt-1 h-4 w-4 rounded border-gray-300" />
                )}
                <div className="min-w-0 flex-1 space-y-1">
                  <p className="flex flex-wrap items-center gap-2">
                    <span className={`rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${SEVERITY_TONE[a.severity]}`}>{a.severity}</span>
                    <span className="font-medium">{SIGNAL_LABEL[a.signal]}</span>
                    {a.occurrences > 1 ? <span className="text-xs text-gray-500">×{a.occurrences}</span> : null}
                    {a.grouped ? <span className="text-xs text-gray-500">part of a storm (one grouped push)</span> : null}
                  </p>
                  <p className="text-gray-900">{a.message}</p>
                  <p className="text-xs text-gray-500">
                    {when(a.firstSeenAt)}{a.occurrences > 1 ? ` · last ${when(a.lastSeenAt)}` : ""}
                    {a.noSupervisor ? " · no supervisor available: sent to owners and admins" : ""}
                    {a.snoozed ? <span className="text-gray-600" data-testid="snoozed"> · snoozed: no push</span> : null}
                    {a.reachedNoDevice ? <span className="font-medium text-amber-700" data-testid="reached-no-device"> · reached no device</span> : null}
                    {a.openedAt && a.timeToOpenMs !== null ? ` · opened after ${duration(a.timeToOpenMs)}` : ""}
                    {a.actedAt ? ` · ${ACTED_LABEL[a.actedVia ?? ""] ?? "acted on"} ${a.actedByName ? `by ${a.actedByName}` : "in the helpdesk"} after ${duration(a.timeToInterveneMs ?? 0)}` : ""}
                  </p>
                </div>
                <div className="flex shrink-0 items-center gap-2">
                  {a.conversationId ? <a href={`/alerts/${a.id}/open`} className="rounded-md bg-blue-600 px-2 py-1 text-xs font-semibold text-white hover:bg-blue-700">Open conversation</a> : null}
                  {inChatwoot(a) ? <a href={inChatwoot(a)!} target="_blank" rel="noopener noreferrer" className="rounded-md border border-gray-300 px-2 py-1 text-xs font-medium text-gray-700 hover:bg-gray-50">Open in Chatwoot <span aria-hidden>↗</span></a> : null}
                  {a.actedAt ? null : <AcknowledgeButton alertId={a.id} />}
                  {mayS ? (
                    <SnoozeControl signal={a.signal} signalLabel={SIGNAL_LABEL[a.signal]} channel={a.channelId && a.channelName ? { id: a.channelId, name: a.channelName } : null}
                      agent={{ key: a.agentId ?? BUILT_IN_AGENT_KEY, name: a.agentName ?? "Built-in assistant" }} />
                  ) : null}
                </div>
              </li>
            ))}
          </ol>
        )}
        {pages > 1 ? (
          <nav aria-label="Pagination" className="flex items-center justify-end gap-2 border-t border-gray-100 px-5 py-2 text-sm">
            <span>Page {params.page} of {pages}</span>
            {params.page > 1 ? <Link href={link({ page: params.page - 1 })} className="rounded border px-2 py-1">Previous</Link> : null}
            {params.page < pages ? <Link href={link({ page: params.page + 1 })} className="rounded border px-2 py-1">Next</Link> : null}
          </nav>
        ) : null}
      </section>
    </div>
  );
}
