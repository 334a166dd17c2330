import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { requireMemberOrNotFound } from "@/app/_auth/guard";
import { DateRangeFilters } from "@/components/date-range-filters";
import { getDb } from "@/db/client";
import { listChannels } from "@/lib/channels/list-channels";
import { formatRupiah } from "@/lib/impact/format-rupiah";
import { impactHeadline } from "@/lib/impact/headline";
import { impactContext } from "@/lib/impact/impact-context";
import { BASELINE_DAYS, MIN_CONVERSATIONS, MIN_DAYS_OF_DATA } from "@/lib/impact/impact-report";
import { IMPACT_RANGE_PRESETS, impactParamsSchema, rangeLabel, resolveImpactRange } from "@/lib/impact/report-params";
import type { Verdict } from "@/lib/impact/verdicts";
import { viewImpactReport } from "@/lib/impact/view-impact-report";
import type { Messages } from "@/lib/i18n/messages";
import { formatDay, formatInZone } from "@/lib/time/format";
import { localToday } from "@/lib/time/local-day";
import { CostAssumptionDialog } from "./cost-assumption-dialog";
import { JourneyBar } from "./journey-bar";
import { ReportError } from "./report-error";
import { Tile, Unavailable, type TileVerdict } from "./tiles";
import { TrendChart, type TrendDatum } from "./trend-chart";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("reports");
  return { title: t("impact.metaTitle") };
}

const pct = (v: number) => `${Math.round(v * 100)}%`;

/** Presets shown in months rather than days (180 → 6, 365 → 12). */
const PRESET_MONTHS: Partial<Record<string, number>> = { "180": 6, "365": 12 };

/** The sentiment verdict as the `mood` of `impact.sentiment.compared`. */
const MOODS: Partial<Record<Verdict["key"], "more" | "less" | "same">> = { morePositive: "more", lessPositive: "less", aboutSame: "same" };

/** "1 Mar 2026" for a local day, in the org's locale. */
const dayLabel = (day: string, locale: string, withYear = true) => formatDay(day, locale, { withYear });

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
  const t = await getTranslations("reports");
  /** a lib verdict with its label in the reader's language */
  const tv = (v: Verdict | null | undefined): TileVerdict | null | undefined => (v ? { label: t(`impact.verdict.${v.key}`), tone: v.tone } : v);
  const presetLabel = (d: string) => {
    const months = PRESET_MONTHS[d];
    return months ? t("presets.lastMonths", { months }) : t("presets.lastDays", { days: Number(d) });
  };
  const n = (v: number) => v.toLocaleString(locale, { maximumFractionDigits: 0 });
  // hours with one decimal, so the hours shown × the rate give the rupiah shown (issue 15 item 4)
  const hours = (v: number) => v.toLocaleString(locale, { maximumFractionDigits: 1 });
  const isPreset = (IMPACT_RANGE_PRESETS as readonly string[]).includes(params.range);
  const presetMonths = PRESET_MONTHS[params.range];
  const period = !isPreset
    ? t("impact.period.custom", { from: dayLabel(range.from, locale), to: dayLabel(range.to, locale) })
    : presetMonths ? t("impact.period.lastMonths", { months: presetMonths }) : t("impact.period.lastDays", { days: Number(params.range) });
  const exportQuery = new URLSearchParams({ range: params.range, ...(params.range === "custom" ? { from: range.from, to: range.to } : {}), ...(channelId ? { channel: channelId } : {}) });
  const channelName = channels.find((c) => c.id === channelId)?.name;

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold">{t("impact.title")}</h1>
          <p className="text-sm text-gray-500">
            {t("impact.subtitle", { channel: channelName ?? t("impact.allChannels"), from: dayLabel(range.from, locale), to: dayLabel(range.to, locale), timezone: member.timezone })}
          </p>
        </div>
        <div className="flex items-center gap-2">
          <a href={`/api/reports/ai-agent-impact/export?${exportQuery}`} className="rounded-md border border-gray-300 bg-white px-3 py-2 text-sm text-gray-700 hover:bg-gray-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-500">
            {t("impact.exportCsv")}
          </a>
          {access.canEditCost ? <CostAssumptionDialog current={assumption} idPrefix="cost-header" label={t("impact.costAssumption")} variant="gear" /> : null}
        </div>
      </div>
      <DateRangeFilters channels={channels.map((c) => ({ id: c.id, name: c.name }))} params={{ ...params, channel: channelId }} from={range.from} to={range.to}
        presets={IMPACT_RANGE_PRESETS.map((d) => ({ value: d, label: presetLabel(d) }))} max={localToday(member.timezone)} />

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
        const afterHoursTags = { num: (chunks: ReactNode) => <span data-testid="after-hours-arrivals">{chunks}</span> };
        const forecastArgs = (fc: NonNullable<typeof f>) => ({
          strong: (chunks: ReactNode) => <strong>{chunks}</strong>,
          projected: pct(fc.projected),
          low: pct(fc.low),
          high: pct(fc.high),
          weeks: fc.history.length,
        });
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
            <p className="text-lg text-gray-900" data-testid="headline">{impactHeadline(r, { period, locale, language: member.uiLanguage })}</p>

            {r.baselineForming ? (
              <section role="status" className="rounded-lg border border-amber-200 bg-amber-50 p-4 text-sm text-amber-900" data-testid="baseline-forming">
                <p className="font-semibold">{t("impact.baselineForming.title")}</p>
                <p className="mt-1">
                  {t("impact.baselineForming.body", { minDays: MIN_DAYS_OF_DATA, days: n(r.daysOfData), minConversations: MIN_CONVERSATIONS, conversations: n(r.totals.conversations) })}
                </p>
              </section>
            ) : null}

            <section aria-labelledby="did-heading" className="space-y-3">
              <h2 id="did-heading" className="text-lg font-semibold">{t("impact.did.title")}</h2>
              <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
                <Tile hero testId="containment" label={t("impact.containment.label")}
                  value={r.containment ? <span title={t("impact.containment.grossTitle", { gross: pct(r.containment.gross) })}>{pct(r.containment.net)}</span> : <Unavailable>{t("impact.containment.forming")}</Unavailable>}
                  verdict={tv(r.containment?.verdict)}>
                  <p>{t("impact.containment.body", { total: n(r.totals.conversations) })}</p>
                  {r.containment ? (
                    <details className="mt-1">
                      <summary className="cursor-pointer text-blue-800">{t("impact.containment.howCounted")}</summary>
                      <p className="mt-1" data-testid="containment-gap">
                        {t.rich("impact.containment.gap", {
                          strong: (chunks) => <strong>{chunks}</strong>,
                          gross: pct(r.containment.gross),
                          points: Math.round(r.containment.gap * 1000) / 10,
                          reopened: n(r.totals.reopened),
                          aiResolved: n(r.totals.aiResolved),
                        })}
                      </p>
                    </details>
                  ) : null}
                </Tile>
                <Tile testId="volume" label={t("impact.volume.label")} value={n(r.volume.aiHandled)} verdict={tv(r.volume.verdict)}>
                  {r.volume.aiShare !== null
                    ? t("impact.volume.bodyWithShare", { total: n(r.volume.conversations), share: pct(r.volume.aiShare) })
                    : t("impact.volume.body", { total: n(r.volume.conversations) })}
                </Tile>
                <Tile testId="after-hours" label={t("impact.afterHours.label")}
                  value={r.afterHours.configured ? n(r.afterHours.count) : <Unavailable>{t("impact.afterHours.notSetUp")}</Unavailable>} verdict={tv(r.afterHours.verdict)}>
                  {r.afterHours.configured ? (
                    r.afterHours.arrivals === 0
                      ? t("impact.afterHours.none")
                      : r.afterHours.share !== null
                        ? t.rich("impact.afterHours.bodyWithShare", { share: pct(r.afterHours.share), arrivals: n(r.afterHours.arrivals), ...afterHoursTags })
                        : t.rich("impact.afterHours.body", { arrivals: n(r.afterHours.arrivals), ...afterHoursTags })
                  ) : (
                    t.rich("impact.afterHours.setUp", { link: (chunks) => <Link href="/settings/organization" className="text-blue-700 underline">{chunks}</Link> })
                  )}
                </Tile>
                <Tile testId="work" label={t("impact.work.label")}
                  value={r.work ? t("impact.work.hours", { hours: hours(r.work.hours) }) : <Unavailable>{r.baselineForming ? t("impact.work.afterBaseline") : t("impact.work.notSet")}</Unavailable>}
                  verdict={r.work ? { label: t("impact.work.estimate"), tone: "info" } : null}>
                  {r.work ? (
                    <>
                      <p className="text-base font-semibold text-gray-900" data-testid="rupiah">≈ {formatRupiah(r.work.rupiah)}</p>
                      <p>{t("impact.work.formula", { contained: n(r.contained), minutes: n(r.work.assumption.minutesPerConversation), hours: hours(r.work.hours), rate: formatRupiah(r.work.assumption.agentHourRate) })}</p>
                    </>
                  ) : !assumption ? (
                    <>
                      <p>{t("impact.work.setPrompt")}</p>
                      {access.canEditCost ? null : <p className="mt-1">{t("impact.work.ownerCanSet")}</p>}
                    </>
                  ) : (
                    <p>{t("impact.work.appearsLater")}</p>
                  )}
                  {/* one editor instance in a stable place, so its toast survives the re-render after saving */}
                  {access.canEditCost ? (
                    <div className="mt-2">
                      <CostAssumptionDialog current={assumption} idPrefix="cost-tile" label={assumption ? t("impact.work.edit") : t("impact.work.set")} variant={assumption ? "link" : "primary"} />
                    </div>
                  ) : null}
                </Tile>
              </div>
            </section>

            <section aria-labelledby="journey-heading" className="space-y-3 rounded-lg border border-gray-200 bg-white p-5">
              <h2 id="journey-heading" className="text-lg font-semibold">{t("impact.journey.title")}</h2>
              <JourneyBar journey={r.journey} locale={locale} />
            </section>

            <section aria-labelledby="quality-heading" className="space-y-3">
              <h2 id="quality-heading" className="text-lg font-semibold">{t("impact.quality.title")}</h2>
              <div className="grid gap-3 sm:grid-cols-3">
                <Tile testId="reopen" label={t("impact.reopen.label")} value={r.reopen ? pct(r.reopen.rate) : <Unavailable>{r.baselineForming ? t("impact.reopen.forming") : t("impact.reopen.notEnough")}</Unavailable>} verdict={tv(r.reopen?.verdict)}>
                  {r.reopen ? t("impact.reopen.body", { reopened: n(r.reopen.reopened), aiResolved: n(r.reopen.aiResolved) }) : t("impact.reopen.empty")}
                </Tile>
                <Tile testId="sentiment" label={t("impact.sentiment.label")} value={r.sentiment ? tv(r.sentiment.verdict)!.label : <Unavailable>{t("impact.sentiment.notAvailable")}</Unavailable>} verdict={r.sentiment ? { label: t("impact.sentiment.vsEscalated", { delta: `${r.sentiment.delta >= 0 ? "+" : ""}${r.sentiment.delta.toFixed(2)}` }), tone: r.sentiment.verdict.tone } : null}>
                  {r.sentiment ? (
                    <>
                      {t("impact.sentiment.compared", { mood: MOODS[r.sentiment.verdict.key] ?? "other", label: t(`impact.verdict.${r.sentiment.verdict.key}`).toLowerCase() })}{" "}
                      <span className={r.sentiment.lowCoverage ? "font-medium text-amber-800" : ""}>
                        {t("impact.sentiment.coverage", { coverage: pct(r.sentiment.coverage) })}
                      </span>
                    </>
                  ) : r.baselineForming ? t("impact.sentiment.appearsLater") : t("impact.sentiment.none")}
                </Tile>
                <Tile testId="turns" label={t("impact.turns.label")} value={r.turns ? r.turns.average.toLocaleString(locale, { maximumFractionDigits: 1 }) : <Unavailable>{r.baselineForming ? t("impact.turns.forming") : t("impact.turns.notEnough")}</Unavailable>} verdict={tv(r.turns?.verdict)}>
                  {t("impact.turns.body")}
                </Tile>
              </div>
            </section>

            <section aria-labelledby="trend-heading" className="space-y-2 rounded-lg border border-gray-200 bg-white p-5">
              <h2 id="trend-heading" className="text-lg font-semibold">{t("impact.trend.title")}</h2>
              {r.baselineForming ? (
                <p className="text-sm text-gray-600">{t("impact.trend.forming")}</p>
              ) : (
                <>
                  <p className="text-sm text-gray-600">
                    {baselinePct !== null
                      ? t("impact.trend.shareWithBaseline", { granularity: r.trend.granularity, days: BASELINE_DAYS, baseline: baselinePct })
                      : t("impact.trend.share", { granularity: r.trend.granularity })}
                  </p>
                  {r.trend.baseline?.forming ? (
                    <p className="text-sm text-amber-800" data-testid="baseline-note">{t("impact.trend.baselineNote", { days: BASELINE_DAYS, date: dayLabel(r.trend.baseline.to, locale) })}</p>
                  ) : null}
                  <TrendChart data={trendData} baseline={baselinePct} label={t("impact.trend.chartLabel")} />
                </>
              )}
            </section>

            {access.forecast && !r.baselineForming ? (
              <section aria-labelledby="forecast-heading" className="space-y-2 rounded-lg border border-gray-200 bg-white p-5" data-testid="forecast">
                <h2 id="forecast-heading" className="text-lg font-semibold">{t("impact.forecast.title")}</h2>
                {f ? (
                  <>
                    <p className="text-sm text-gray-700">
                      {r.trend.baseline?.value != null
                        ? t.rich("impact.forecast.bodyWithBaseline", { ...forecastArgs(f), baseline: pct(r.trend.baseline.value), days: BASELINE_DAYS })
                        : t.rich("impact.forecast.body", forecastArgs(f))}
                    </p>
                    {f.offTrack ? (
                      <p role="alert" className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900" data-testid="forecast-off-track">
                        {t("impact.forecast.offTrack", { week: dayLabel(f.offTrack.weekStart, locale), net: pct(f.offTrack.net), direction: f.offTrack.direction === "below" ? "below" : "above", low: pct(f.offTrack.low), high: pct(f.offTrack.high) })}
                      </p>
                    ) : null}
                    <TrendChart data={forecastData} baseline={baselinePct} label={t("impact.forecast.chartLabel")} />
                  </>
                ) : (
                  <p className="text-sm text-gray-600">{t("impact.forecast.notEnough", { days: BASELINE_DAYS })}</p>
                )}
              </section>
            ) : null}

            <p className="text-xs text-gray-500">
              {t("impact.footer.body")}{" "}
              {r.updatedAt ? t("impact.footer.updated", { at: formatInZone(r.updatedAt, member.timezone, locale) }) : t("impact.footer.refreshed")}
            </p>
          </>
        );
      })()}
    </div>
  );
}
