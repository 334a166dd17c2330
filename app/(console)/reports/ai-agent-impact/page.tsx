import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requireMemberOrNotFound } from "@/app/_auth/guard";
import { DateRangeFilters } from "@/components/date-range-filters";
import { getDb } from "@/db/client";
import { listChannels } from "@/lib/channels/list-channels";
import { formatRupiah } from "@/lib/impact/format-rupiah";
import { impactHeadline } from "@/lib/impact/headline";
import { impactContext } from "@/lib/impact/impact-context";
import { BASELINE_DAYS, MIN_CONVERSATIONS, MIN_DAYS_OF_DATA } from "@/lib/impact/impact-report";
import { IMPACT_PRESET_LABELS, IMPACT_RANGE_PRESETS, impactParamsSchema, rangeLabel, resolveImpactRange } from "@/lib/impact/report-params";
import { viewImpactReport } from "@/lib/impact/view-impact-report";
import { formatInZone } from "@/lib/time/format";
import { localToday } from "@/lib/time/local-day";
import { CostAssumptionDialog } from "./cost-assumption-dialog";
import { JourneyBar } from "./journey-bar";
import { ReportError } from "./report-error";
import { Tile, Unavailable } from "./tiles";
import { TrendChart, type TrendDatum } from "./trend-chart";

export const metadata: Metadata = { title: "AI agent impact" };

const pct = (v: number) => `${Math.round(v * 100)}%`;

/** "1 Mar 2026" for a local day, in the org's locale. */
function dayLabel(day: string, locale: string, withYear = true) {
  return new Intl.DateTimeFormat(locale, { day: "numeric", month: "short", ...(withYear ? { year: "numeric" } : {}), timeZone: "UTC" }).format(new Date(`${day}T12:00:00Z`));
}

export default async function AiAgentImpactPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const member = await requireMemberOrNotFound("reports");
  const db = await getDb();
  const ctx = await impactContext(db, member);
  // not eligible (flag, add-on or role): no data and no 403 (IMPACT-S01-NEG NEG-1, NEG-2)
  if (!ctx) notFound();
  const { access, assumption, org } = ctx;
  const params = impactParamsSchema.parse(await searchParams);
  const range = resolveImpactRange(params, member.timezone);
  const channels = await listChannels(db, { orgId: member.orgId });
  const channelId = channels.some((c) => c.id === params.channel) ? params.channel : undefined;
  const view = await viewImpactReport(db, {
    member,
    channelId,
    from: range.from,
    to: range.to,
    rangeLabel: rangeLabel(params, range),
    businessHoursSet: org.businessHours.length > 0,
    forecast: access.forecast,
    assumption,
  });
  const locale = member.locale;
  const n = (v: number) => v.toLocaleString(locale, { maximumFractionDigits: 0 });
  // hours with one decimal, so the hours shown × the rate give the rupiah shown (issue 15 item 4)
  const hours = (v: number) => v.toLocaleString(locale, { maximumFractionDigits: 1 });
  const preset = IMPACT_PRESET_LABELS[params.range as keyof typeof IMPACT_PRESET_LABELS];
  const period = preset && params.range !== "custom" ? `In the ${preset.toLowerCase()}` : `From ${dayLabel(range.from, locale)} to ${dayLabel(range.to, locale)}`;
  const exportQuery = new URLSearchParams({ range: params.range, ...(params.range === "custom" ? { from: range.from, to: range.to } : {}), ...(channelId ? { channel: channelId } : {}) });
  const channelName = channels.find((c) => c.id === channelId)?.name;

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold">AI agent impact</h1>
          <p className="text-sm text-gray-500">
            {channelName ?? "All channels"}, {dayLabel(range.from, locale)} to {dayLabel(range.to, locale)} ({member.timezone}).
          </p>
        </div>
        <div className="flex items-center gap-2">
          <a href={`/api/reports/ai-agent-impact/export?${exportQuery}`} className="rounded-md border border-gray-300 bg-white px-3 py-2 text-sm text-gray-700 hover:bg-gray-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-500">
            Export daily CSV
          </a>
          {access.canEditCost ? <CostAssumptionDialog current={assumption} idPrefix="cost-header" label="Cost assumption" variant="gear" /> : null}
        </div>
      </div>
      <DateRangeFilters channels={channels.map((c) => ({ id: c.id, name: c.name }))} params={{ ...params, channel: channelId }} from={range.from} to={range.to}
        presets={IMPACT_RANGE_PRESETS.map((d) => ({ value: d, label: IMPACT_PRESET_LABELS[d] }))} max={localToday(member.timezone)} />

      {!view.ok ? (
        <ReportError />
      ) : (() => {
        const r = view.report;
        const trendData: TrendDatum[] = r.trend.points.map((p) => ({
          label: r.trend.granularity === "day" ? dayLabel(p.start, locale, false) : `${dayLabel(p.start, locale, false)}`,
          net: p.net === null ? null : Math.round(p.net * 1000) / 10,
        }));
        const baselinePct = r.trend.baseline?.value == null || r.trend.baseline.forming ? null : Math.round(r.trend.baseline.value * 1000) / 10;
        const f = r.forecast;
        const forecastData: TrendDatum[] = f
          ? [
              ...f.history.map((w, i) => ({
                label: dayLabel(w.weekStart, locale, false),
                net: Math.round(w.net * 1000) / 10,
                ...(i === f.history.length - 1 ? { projected: Math.round(w.net * 1000) / 10, band: [Math.round(w.net * 1000) / 10, Math.round(w.net * 1000) / 10] as [number, number] } : {}),
              })),
              ...f.points.map((p) => ({ label: dayLabel(p.weekStart, locale, false), projected: Math.round(p.value * 1000) / 10, band: [Math.round(p.low * 1000) / 10, Math.round(p.high * 1000) / 10] as [number, number] })),
            ]
          : [];
        return (
          <>
            <p className="text-lg text-gray-900" data-testid="headline">{impactHeadline(r, { period, locale })}</p>

            {r.baselineForming ? (
              <section role="status" className="rounded-lg border border-amber-200 bg-amber-50 p-4 text-sm text-amber-900" data-testid="baseline-forming">
                <p className="font-semibold">Baseline forming</p>
                <p className="mt-1">
                  Your report shows volume for now. Percentages, verdicts and trends appear once there are {MIN_DAYS_OF_DATA} days of data
                  (you have {n(r.daysOfData)}) and at least {MIN_CONVERSATIONS} conversations in the selected range (there are {n(r.totals.conversations)}).
                </p>
              </section>
            ) : null}

            <section aria-labelledby="did-heading" className="space-y-3">
              <h2 id="did-heading" className="text-lg font-semibold">What your AI did</h2>
              <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
                <Tile hero testId="containment" label="Resolved by your AI on its own"
                  value={r.containment ? <span title={`Before leaving out customers who asked again: ${pct(r.containment.gross)}`}>{pct(r.containment.net)}</span> : <Unavailable>Baseline forming</Unavailable>}
                  verdict={r.containment?.verdict}>
                  <p>Of all {n(r.totals.conversations)} conversations: no human, and customers who asked again within 48 hours are left out.</p>
                  {r.containment ? (
                    <details className="mt-1">
                      <summary className="cursor-pointer text-blue-800">How is this counted?</summary>
                      <p className="mt-1" data-testid="containment-gap">
                        Before leaving out customers who asked again: <strong>{pct(r.containment.gross)}</strong>. Customers who asked again take away{" "}
                        <strong>{Math.round(r.containment.gap * 1000) / 10} points</strong> ({n(r.totals.reopened)} of {n(r.totals.aiResolved)} conversations the AI closed).
                      </p>
                    </details>
                  ) : null}
                </Tile>
                <Tile testId="volume" label="Conversations your AI took part in" value={n(r.volume.aiHandled)} verdict={r.volume.verdict}>
                  of {n(r.volume.conversations)} conversations{r.volume.aiShare !== null ? ` (${pct(r.volume.aiShare)})` : ""}: the AI sent at least one answer.
                </Tile>
                <Tile testId="after-hours" label="Handled while your team was offline"
                  value={r.afterHours.configured ? n(r.afterHours.count) : <Unavailable>Not set up</Unavailable>} verdict={r.afterHours.verdict}>
                  {r.afterHours.configured ? (
                    r.afterHours.arrivals === 0
                      ? "No conversations came in outside your business hours."
                      : <>Resolved by your AI on its own{r.afterHours.share !== null ? <> — {pct(r.afterHours.share)}</> : null} of the <span data-testid="after-hours-arrivals">{n(r.afterHours.arrivals)}</span> conversations that came in outside your business hours.</>
                  ) : (
                    <>Set your business hours in <Link href="/settings/organization" className="text-blue-700 underline">Settings › Organization</Link> to see this.</>
                  )}
                </Tile>
                <Tile testId="work" label="Team time saved"
                  value={r.work ? <>{hours(r.work.hours)} hours</> : <Unavailable>{r.baselineForming ? "After the baseline forms" : "Not set yet"}</Unavailable>}
                  verdict={r.work ? { label: "Your estimate", tone: "info" } : null}>
                  {r.work ? (
                    <>
                      <p className="text-base font-semibold text-gray-900" data-testid="rupiah">≈ {formatRupiah(r.work.rupiah)}</p>
                      <p>{n(r.contained)} conversations resolved by your AI on its own × {n(r.work.assumption.minutesPerConversation)} minutes = {hours(r.work.hours)} hours, at your own {formatRupiah(r.work.assumption.agentHourRate)} an hour. Not an audited figure.</p>
                    </>
                  ) : !assumption ? (
                    <>
                      <p>Set your assumption to see hours and value saved.</p>
                      {access.canEditCost ? null : <p className="mt-1">An owner or admin can set it.</p>}
                    </>
                  ) : (
                    <p>Appears with the other figures once the baseline has formed.</p>
                  )}
                  {/* one editor instance in a stable place, so its toast survives the re-render after saving */}
                  {access.canEditCost ? (
                    <div className="mt-2">
                      <CostAssumptionDialog current={assumption} idPrefix="cost-tile" label={assumption ? "Edit assumption" : "Set your assumption"} variant={assumption ? "link" : "primary"} />
                    </div>
                  ) : null}
                </Tile>
              </div>
            </section>

            <section aria-labelledby="journey-heading" className="space-y-3 rounded-lg border border-gray-200 bg-white p-5">
              <h2 id="journey-heading" className="text-lg font-semibold">AI + human collaboration</h2>
              <JourneyBar journey={r.journey} locale={locale} />
            </section>

            <section aria-labelledby="quality-heading" className="space-y-3">
              <h2 id="quality-heading" className="text-lg font-semibold">Is your AI doing a good job?</h2>
              <div className="grid gap-3 sm:grid-cols-3">
                <Tile testId="reopen" label="Customers who had to ask again" value={r.reopen ? pct(r.reopen.rate) : <Unavailable>{r.baselineForming ? "Baseline forming" : "Not enough data"}</Unavailable>} verdict={r.reopen?.verdict}>
                  {r.reopen ? `${n(r.reopen.reopened)} of ${n(r.reopen.aiResolved)} customers the AI helped came back within 48 hours.` : "Of the conversations your AI closed, within 48 hours."}
                </Tile>
                <Tile testId="sentiment" label="Customer mood" value={r.sentiment ? r.sentiment.verdict.label : <Unavailable>Not available</Unavailable>} verdict={r.sentiment ? { label: `${r.sentiment.delta >= 0 ? "+" : ""}${r.sentiment.delta.toFixed(2)} vs escalated`, tone: r.sentiment.verdict.tone } : null}>
                  {r.sentiment ? (
                    <>
                      Customers your AI helped were {r.sentiment.verdict.label.toLowerCase()} than customers handed to your team.{" "}
                      <span className={r.sentiment.lowCoverage ? "font-medium text-amber-800" : ""}>
                        Based on the {pct(r.sentiment.coverage)} of conversations with a mood reading; the rest are left out.
                      </span>
                    </>
                  ) : r.baselineForming ? "Appears once the baseline has formed." : "No mood readings for these conversations yet."}
                </Tile>
                <Tile testId="turns" label="Messages to solve" value={r.turns ? r.turns.average.toLocaleString(locale, { maximumFractionDigits: 1 }) : <Unavailable>{r.baselineForming ? "Baseline forming" : "Not enough data"}</Unavailable>} verdict={r.turns?.verdict}>
                  Customer messages, on average, in conversations your AI resolved on its own.
                </Tile>
              </div>
            </section>

            <section aria-labelledby="trend-heading" className="space-y-2 rounded-lg border border-gray-200 bg-white p-5">
              <h2 id="trend-heading" className="text-lg font-semibold">Since you started</h2>
              {r.baselineForming ? (
                <p className="text-sm text-gray-600">The trend appears once the baseline has formed.</p>
              ) : (
                <>
                  <p className="text-sm text-gray-600">
                    Share resolved by your AI on its own, per {r.trend.granularity}
                    {baselinePct !== null ? `, against your first ${BASELINE_DAYS} days with the AI (${baselinePct}%)` : ""}.
                  </p>
                  {r.trend.baseline?.forming ? (
                    <p className="text-sm text-amber-800" data-testid="baseline-note">Your onboarding baseline is still forming: it covers your first {BASELINE_DAYS} days with the AI (until {dayLabel(r.trend.baseline.to, locale)}).</p>
                  ) : null}
                  <TrendChart data={trendData} baseline={baselinePct} label="Share resolved by your AI on its own over time" />
                </>
              )}
            </section>

            {access.forecast && !r.baselineForming ? (
              <section aria-labelledby="forecast-heading" className="space-y-2 rounded-lg border border-gray-200 bg-white p-5" data-testid="forecast">
                <h2 id="forecast-heading" className="text-lg font-semibold">If this keeps up</h2>
                {f ? (
                  <>
                    <p className="text-sm text-gray-700">
                      Over the next 4 weeks, your AI would resolve about <strong>{pct(f.projected)}</strong> of conversations on its own (likely between {pct(f.low)} and {pct(f.high)})
                      {r.trend.baseline?.value != null ? `, compared with ${pct(r.trend.baseline.value)} in your first ${BASELINE_DAYS} days` : ""}. This is a projection of the last {f.history.length} complete weeks, not a promise.
                    </p>
                    {f.offTrack ? (
                      <p role="alert" className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900" data-testid="forecast-off-track">
                        Careful: in the week of {dayLabel(f.offTrack.weekStart, locale)} your AI resolved {pct(f.offTrack.net)} on its own, {f.offTrack.direction === "below" ? "below" : "above"} the {pct(f.offTrack.low)}–{pct(f.offTrack.high)} the trend expected.
                        Something changed, so this projection may not hold.
                      </p>
                    ) : null}
                    <TrendChart data={forecastData} baseline={baselinePct} label="Weekly share resolved by your AI alone and the projection for the next 4 weeks" />
                  </>
                ) : (
                  <p className="text-sm text-gray-600">Not enough history for a projection yet: it needs 8 recent weeks with at least 10 conversations each, after your first {BASELINE_DAYS} days.</p>
                )}
              </section>
            ) : null}

            <p className="text-xs text-gray-500">
              Spam and preview chats are left out. A conversation counts as resolved by your AI only when the customer confirmed its answer (or
              your helpdesk closed it as the AI&rsquo;s) with no human attached; going quiet or being closed by hand is never an AI win.
              {r.updatedAt ? ` Updated ${formatInZone(r.updatedAt, member.timezone, locale)}; figures are refreshed every hour.` : " Figures are refreshed every hour."}
            </p>
          </>
        );
      })()}
    </div>
  );
}
