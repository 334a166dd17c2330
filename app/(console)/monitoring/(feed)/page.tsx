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
import { alertText } from "@/lib/alerts/alert-message";
import { AutoRefresh } from "@/components/auto-refresh";
import { getDb } from "@/db/client";
import { agentSignalEnum } from "@/db/schema";
import { getTranslations } from "next-intl/server";
import { FEED_PAGE_SIZE, feedParamsSchema, interventionStats, listAlertFeed, noisySignals, signalBreakdown, unreadAlertCount } from "@/lib/alerts/monitoring";
import { getAlertSettings } from "@/lib/alerts/alert-settings";
import { formatInZone } from "@/lib/time/format";
import { AcknowledgeButton } from "./acknowledge-button";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("monitoring");
  return { title: t("page.metaTitle") };
}

const SEVERITY_TONE = { high: "bg-red-50 text-red-700 ring-red-600/20", medium: "bg-amber-50 text-amber-800 ring-amber-600/20", low: "bg-gray-100 text-gray-700 ring-gray-500/20" } as const;

type T = Awaited<ReturnType<typeof getTranslations<"monitoring">>>;

/** "4 min 12 s" / "1 h 3 min" from ms. */
function duration(t: T, ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return t("duration.seconds", { s });
  const m = Math.floor(s / 60);
  if (m < 60) return t("duration.minutes", { m, s: s % 60 });
  return t("duration.hours", { h: Math.floor(m / 60), m: m % 60 });
}

/** How an alert was first acted on (`alerts.acted_via`), in words. */
function actedLabel(t: T, via: string | null): string {
  return via && t.has(`acted.${via}` as never) ? t(`acted.${via}` as never) : t("acted.other");
}

export default async function MonitoringPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const member = await requireMember("monitoring");
  const t = await getTranslations("monitoring");
  const signalLabel = (s: string) => (t.has(`signal.${s}` as never) ? t(`signal.${s}` as never) : s);
  const label = (group: "role" | "dimension" | "severity", v: string) => (t.has(`${group}.${v}` as never) ? t(`${group}.${v}` as never) : v);
  const number = new Intl.NumberFormat(member.locale);
  const oneDecimal = new Intl.NumberFormat(member.locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
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
          <h1 className="text-2xl font-semibold">{t("page.title")}</h1>
          <p className="text-sm text-gray-500">{t("page.intro")}</p>
        </div>
        <Link href="/monitoring/devices" className="rounded-md border border-gray-300 bg-white px-3 py-2 text-sm font-medium text-gray-700 hover:bg-gray-50">{t("page.devicesLink")}</Link>
      </div>

      <section aria-label={t("summary.ariaLabel")} className="grid gap-4 sm:grid-cols-2 lg:grid-cols-5">
        {[
          { label: t("summary.alertsDay"), value: number.format(day) },
          { label: t("summary.unread"), value: number.format(unread) },
          { label: t("summary.openMedian"), value: week.openMedianMs === null ? t("summary.notOpenedYet") : duration(t, week.openMedianMs) },
          { label: t("summary.interveneMedian"), value: week.medianMs === null ? t("summary.noInterventionsYet") : duration(t, week.medianMs), hint: t("summary.interveneHint") },
          { label: t("summary.within15"), value: week.within15 === null ? t("summary.noAlertsYet") : t("summary.percentOf", { percent: number.format(Math.round(week.within15 * 100)), total: number.format(week.alerts) }) },
        ].map((tile) => (
          <div key={tile.label} className="rounded-lg border border-gray-200 bg-white p-4">
            <p className="text-sm text-gray-500">{tile.label}</p>
            <p className="mt-1 text-2xl font-semibold tabular-nums">{tile.value}</p>
            {"hint" in tile && tile.hint ? <p className="mt-1 text-xs text-gray-500">{tile.hint}</p> : null}
          </div>
        ))}
      </section>

      <section className="rounded-lg border border-gray-200 bg-white" aria-labelledby="coverage-heading">
        <div className="flex flex-wrap items-baseline justify-between gap-2 border-b border-gray-100 px-5 py-3">
          <h2 id="coverage-heading" className="font-semibold">{t("coverage.title")}</h2>
          <p className="text-sm text-gray-600" data-testid="coverage-summary">{t("coverage.summary", { covered, total: coverage.length })}</p>
        </div>
        {/* scrolls sideways on a phone; focusable so a keyboard can scroll it too */}
        <div className="relative overflow-x-auto focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-500" tabIndex={0}>
        <table className="min-w-full text-sm">
          <thead className="bg-gray-50 text-left text-gray-600">
            <tr><th scope="col" className="px-5 py-2 font-medium">{t("coverage.person")}</th><th scope="col" className="px-5 py-2 font-medium">{t("coverage.role")}</th><th scope="col" className="px-5 py-2 text-right font-medium">{t("coverage.devices")}</th><th scope="col" className="px-5 py-2 font-medium">{t("coverage.lastDelivered")}</th></tr>
          </thead>
          <tbody className="divide-y divide-gray-100">
            {coverage.map((c) => (
              <tr key={c.userId}>
                <td className="px-5 py-2">{c.name}{c.explicitRecipient ? <span className="ml-1 text-xs text-gray-500">{t("coverage.recipient")}</span> : null}</td>
                <td className="px-5 py-2 capitalize">{label("role", c.role)}</td>
                <td className="px-5 py-2 text-right tabular-nums">{c.devices === 0 ? <span className="font-medium text-amber-700">{t("coverage.noDevice")}</span> : c.devices}</td>
                <td className="px-5 py-2">{c.lastDeliveredAt ? when(c.lastDeliveredAt) : "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
        </div>
      </section>

      <section className="rounded-lg border border-gray-200 bg-white" aria-labelledby="breakdown-heading">
        <h2 id="breakdown-heading" className="border-b border-gray-100 px-5 py-3 font-semibold">{t("breakdown.title")}</h2>
        {breakdown.length === 0 ? <p className="px-5 py-4 text-sm text-gray-600">{t("breakdown.empty")}</p> : (
          <div className="relative overflow-x-auto">
            <table className="min-w-full text-sm" aria-label={t("breakdown.tableLabel")}>
              <thead className="bg-gray-50 text-left text-gray-600">
                <tr><th className="px-4 py-2 font-medium">{t("breakdown.agentChannel")}</th><th className="px-4 py-2 font-medium">{t("breakdown.signal")}</th><th className="px-4 py-2 text-right font-medium">{t("breakdown.alerts")}</th><th className="px-4 py-2 text-right font-medium">{t("breakdown.occurrences")}</th><th className="px-4 py-2 text-right font-medium">{t("breakdown.rate")}</th></tr>
              </thead>
              <tbody>
                {breakdown.map((r) => (
                  <tr key={`${r.dimension}-${r.name ?? ""}-${r.signal}`} className="border-t border-gray-100">
                    <td className="px-4 py-2"><span className="mr-2 text-xs uppercase text-gray-500">{label("dimension", r.dimension)}</span>{r.name ?? t("page.builtInAssistant")}</td>
                    <td className="px-4 py-2">{signalLabel(r.signal)}</td>
                    <td className="px-4 py-2 text-right tabular-nums">{r.alerts}</td>
                    <td className="px-4 py-2 text-right tabular-nums">{r.occurrences}</td>
                    <td className="px-4 py-2 text-right tabular-nums" title={t("breakdown.rateTitle")}>{r.conversations > 0 ? t("breakdown.rateOf", { rate: oneDecimal.format(r.rate * 100), conversations: number.format(r.conversations) }) : "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section className="rounded-lg border border-gray-200 bg-white" aria-labelledby="feed-heading">
        <div className="flex flex-wrap items-center justify-between gap-3 border-b border-gray-100 px-5 py-3">
          <h2 id="feed-heading" className="font-semibold">{t("feed.title")}</h2>
          <BulkAcknowledge pageAlertIds={feed.rows.filter((a) => !a.actedAt).map((a) => a.id)} />
          <nav aria-label={t("feed.filterLabel")} className="flex flex-wrap gap-2 text-sm">
            <Link href="/monitoring" aria-current={!params.signal ? "page" : undefined} className={`rounded-full px-3 py-1 ${!params.signal ? "bg-blue-50 text-blue-700" : "bg-gray-100 text-gray-700 hover:bg-gray-200"}`}>{t("feed.all")}</Link>
            {agentSignalEnum.enumValues.map((s) => (
              <Link key={s} href={link({ signal: s, page: undefined })} aria-current={params.signal === s ? "page" : undefined} className={`rounded-full px-3 py-1 ${params.signal === s ? "bg-blue-50 text-blue-700" : "bg-gray-100 text-gray-700 hover:bg-gray-200"}`}>
                {signalLabel(s)}{noisyCount.has(s) ? <span className="ml-1 rounded-full bg-amber-100 px-1.5 text-xs font-medium text-amber-800">{t("feed.noisyBadge")}</span> : null}
              </Link>
            ))}
          </nav>
        </div>
        {snoozes.length > 0 ? (
          <ul aria-label={t("feed.snoozedListLabel")} className="divide-y divide-gray-100 border-b border-gray-100 bg-gray-50 text-sm">
            {snoozes.map((z) => (
              <li key={z.id} className="flex flex-wrap items-center justify-between gap-2 px-5 py-2">
                <span>{t.rich("feed.snoozedLine", { signal: signalLabel(z.signal), target: z.scope === "channel" ? (z.channelName ?? t("feed.aChannel")) : z.agentKey === BUILT_IN_AGENT_KEY ? t("page.builtInAssistant") : (z.agentName ?? t("feed.anAgent")), until: when(z.until), b: (chunks) => <span className="font-medium">{chunks}</span> })}{z.by ? ` · ${t("feed.snoozedBy", { name: z.by })}` : ""}</span>
                {mayS ? <EndSnoozeButton snoozeId={z.id} /> : null}
              </li>
            ))}
          </ul>
        ) : null}
        {noisy.length > 0 ? (
          <p role="status" className="border-b border-amber-100 bg-amber-50 px-5 py-2 text-sm text-amber-900" data-testid="noisy">
            {t("feed.noisy", { signals: noisy.map((n) => t("feed.noisyItem", { signal: signalLabel(n.signal), count: n.alerts })).join(", "), limit: settings.noisyPerHour })}
          </p>
        ) : null}
        {feed.rows.length === 0 ? <p className="px-5 py-6 text-sm text-gray-600">{params.signal ? t("feed.emptyFiltered") : t("feed.empty")}</p> : (
          <ol className="divide-y divide-gray-100" aria-label={t("feed.listLabel")}>
            {feed.rows.map(({ message: stored, messageParams, ...a }) => {
              // the alert's sentence in the reader's language; alerts kept from before its parts were stored say it as stored
              const message = messageParams ? alertText(member.uiLanguage, { signal: a.signal, ...messageParams }) : stored;
              return (
              <li key={a.id} className="flex flex-wrap items-start justify-between gap-3 px-5 py-3 text-sm">
                {a.actedAt ? <span className="w-4" aria-hidden /> : (
                  <input type="checkbox" form={BULK_FORM_ID} name="alertId" value={a.id} aria-label={t("feed.select", { message })} className="mt-1 h-4 w-4 rounded border-gray-300" />
                )}
                <div className="min-w-0 flex-1 space-y-1">
                  <p className="flex flex-wrap items-center gap-2">
                    <span className={`rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${SEVERITY_TONE[a.severity]}`}>{label("severity", a.severity)}</span>
                    <span className="font-medium">{signalLabel(a.signal)}</span>
                    {a.occurrences > 1 ? <span className="text-xs text-gray-500">×{a.occurrences}</span> : null}
                    {a.grouped ? <span className="text-xs text-gray-500">{t("feed.grouped")}</span> : null}
                  </p>
                  <p className="text-gray-900">{message}</p>
                  <p className="text-xs text-gray-500">
                    {when(a.firstSeenAt)}{a.occurrences > 1 ? ` · ${t("feed.last", { time: when(a.lastSeenAt) })}` : ""}
                    {a.noSupervisor ? ` · ${t("feed.noSupervisor")}` : ""}
                    {a.snoozed ? <span className="text-gray-600" data-testid="snoozed">{` · ${t("feed.snoozed")}`}</span> : null}
                    {a.reachedNoDevice ? <span className="font-medium text-amber-700" data-testid="reached-no-device">{` · ${t("feed.reachedNoDevice")}`}</span> : null}
                    {a.openedAt && a.timeToOpenMs !== null ? ` · ${t("feed.openedAfter", { duration: duration(t, a.timeToOpenMs) })}` : ""}
                    {a.actedAt
                      ? ` · ${a.actedByName
                        ? t("feed.actedBy", { action: actedLabel(t, a.actedVia), name: a.actedByName, duration: duration(t, a.timeToInterveneMs ?? 0) })
                        : t("feed.actedInHelpdesk", { action: actedLabel(t, a.actedVia), duration: duration(t, a.timeToInterveneMs ?? 0) })}`
                      : ""}
                  </p>
                </div>
                <div className="flex shrink-0 items-center gap-2">
                  {a.conversationId ? <a href={`/alerts/${a.id}/open`} className="rounded-md bg-blue-600 px-2 py-1 text-xs font-semibold text-white hover:bg-blue-700">{t("feed.openConversation")}</a> : null}
                  {inChatwoot(a) ? <a href={inChatwoot(a)!} target="_blank" rel="noopener noreferrer" className="rounded-md border border-gray-300 px-2 py-1 text-xs font-medium text-gray-700 hover:bg-gray-50">{t("feed.openInChatwoot")} <span aria-hidden>↗</span></a> : null}
                  {a.actedAt ? null : <AcknowledgeButton alertId={a.id} />}
                  {mayS ? (
                    <SnoozeControl signal={a.signal} signalLabel={signalLabel(a.signal)} channel={a.channelId && a.channelName ? { id: a.channelId, name: a.channelName } : null}
                      agent={{ key: a.agentId ?? BUILT_IN_AGENT_KEY, name: a.agentName ?? t("page.builtInAssistant") }} />
                  ) : null}
                </div>
              </li>
              );
            })}
          </ol>
        )}
        {pages > 1 ? (
          <nav aria-label={t("pagination.ariaLabel")} className="flex items-center justify-end gap-2 border-t border-gray-100 px-5 py-2 text-sm">
            <span>{t("pagination.pageOf", { page: params.page, pages })}</span>
            {params.page > 1 ? <Link href={link({ page: params.page - 1 })} className="rounded border px-2 py-1">{t("pagination.previous")}</Link> : null}
            {params.page < pages ? <Link href={link({ page: params.page + 1 })} className="rounded border px-2 py-1">{t("pagination.next")}</Link> : null}
          </nav>
        ) : null}
      </section>
    </div>
  );
}
