import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { requireMemberOrNotFound } from "@/app/_auth/guard";
import { getDb } from "@/db/client";
import { listChannels } from "@/lib/channels/list-channels";
import { getOrganization } from "@/lib/org/get-organization";
import {
  compareArms, MIN_FIDELITY_DAY_CONVERSATIONS, MIN_VERDICT_CONVERSATIONS, TARGETS, type ArmStats, type ParityVerdict,
} from "@/lib/routing/compare-arms";
import { comparisonParamsSchema, RANGE_PRESETS, resolveRange } from "@/lib/routing/comparison-params";
import { listOperatorAlerts } from "@/lib/routing/experiment-health";
import { OperatorAlerts } from "@/components/operator-alerts";
import { canViewComparison } from "@/lib/routing/split-eligibility";
import { formatDay, formatInZone } from "@/lib/time/format";
import { ArmsChart, FidelityChart } from "./arms-chart";
import { DateRangeFilters } from "@/components/date-range-filters";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("reports");
  return { title: t("botVsHuman.metaTitle") };
}

/** a target share as a whole percentage (0.9 → 90) */
const whole = (v: number) => Math.round(v * 100);

/** A verdict pill; a long verdict (Indonesian runs longer) wraps inside its rounded box instead of breaking the pill. */
function Verdict({ ok, label, testId, inline = true }: { ok: boolean | null; label: string; testId?: string; inline?: boolean }) {
  const style = ok === null ? "bg-gray-100 text-gray-700" : ok ? "bg-green-50 text-green-700" : "bg-amber-50 text-amber-800";
  return <span data-testid={testId} className={`${inline ? "ml-2" : ""} inline-block max-w-full rounded-xl px-2 py-0.5 text-xs font-medium leading-snug ${style}`}>{ok === null ? "" : ok ? "✓ " : "! "}{label}</span>;
}

export default async function BotVsHumanPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const member = await requireMemberOrNotFound("reports");
  const db = await getDb();
  // only where the split may be used (flag, plan and AI add-on) and for owners, admins and supervisors: else not found
  const org = await getOrganization(db, { orgId: member.orgId });
  if (!org || !canViewComparison(org, member.role)) notFound();
  const params = comparisonParamsSchema.parse(await searchParams);
  const range = resolveRange(params, member.timezone);
  const [channels, c, alerts] = await Promise.all([
    listChannels(db, { orgId: member.orgId }),
    compareArms(db, { orgId: member.orgId, channelId: params.channel, ...range, timezone: member.timezone }),
    listOperatorAlerts(db, { orgId: member.orgId, channelId: params.channel }),
  ]);
  const channel = channels.find((ch) => ch.id === params.channel);
  const noCsat = c.bot.csatCount === 0 && c.human.csatCount === 0;
  const updated = formatInZone(new Date(), member.timezone, member.locale);
  const t = await getTranslations("reports");
  // every figure in the reader's locale ("1,234" / "1.234", "2.5" / "2,5")
  const locale = member.locale;
  const num = (v: number) => v.toLocaleString(locale);
  const oneDecimal = (v: number) => v.toLocaleString(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const signed = (v: number) => v.toLocaleString(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1, signDisplay: "exceptZero" });
  const pct = (v: number | null) => (v === null ? null : v.toLocaleString(locale, { style: "percent", maximumFractionDigits: 0 }));
  /** an already-percent figure to one decimal (12.345 → "12.3%") */
  const percentOf = (v: number) => (v / 100).toLocaleString(locale, { style: "percent", maximumFractionDigits: 1 });
  const share = (n: number, arm: ArmStats) => `${pct(arm.conversations ? n / arm.conversations : null)} (${num(n)})`;
  /** a local calendar day of the range (YYYY-MM-DD) as the reader writes dates */
  const day = (isoDay: string) => formatDay(isoDay, locale);
  /** a difference in percentage points, in plain words ("2.5 percentage points") */
  const pp = (v: number) => t("botVsHuman.percentagePoints", { value: oneDecimal(v) });
  const noData = <span className="text-gray-500">{t("botVsHuman.noData")}</span>;
  const cell = (arm: ArmStats, value: string | null) => (arm.conversations === 0 ? noData : (value ?? "—"));
  const verdicts: Record<ParityVerdict, { ok: boolean | null; label: string }> = {
    good_enough: { ok: true, label: t("botVsHuman.verdict.goodEnough") },
    below_target: { ok: false, label: t("botVsHuman.verdict.belowTarget", { target: whole(TARGETS.parity) }) },
    humans_resolved_most: { ok: false, label: t("botVsHuman.verdict.humansResolvedMost") },
    too_few: { ok: null, label: t("botVsHuman.verdict.tooFew", { min: MIN_VERDICT_CONVERSATIONS }) },
    no_data: { ok: null, label: t("botVsHuman.verdict.noData") },
  };
  const verdict = verdicts[c.verdict];
  const f = c.fidelity;
  const inForce = f.percentsInForce.map((p) => percentOf(p)).join(" → ");

  return (
    <div className="space-y-5">
      <div>
        <h1 className="text-2xl font-semibold">{t("botVsHuman.title")}</h1>
        <p className="text-sm text-gray-500">
          {channel
            ? t("botVsHuman.subtitleChannel", { channel: channel.name, from: day(range.from), to: day(range.to), timezone: member.timezone })
            : t("botVsHuman.subtitleAll", { from: day(range.from), to: day(range.to), timezone: member.timezone })}
        </p>
        <p className="mt-1 text-xs text-gray-600">{t("botVsHuman.groups")}</p>
        <p className="mt-1 text-xs text-gray-600" data-testid="resolved-definition">{t("botVsHuman.resolvedDefinition")}</p>
      </div>
      <DateRangeFilters channels={channels.map((ch) => ({ id: ch.id, name: ch.name, split: ch.trafficSplitEnabled ? ch.botPercent : null }))} params={params} from={range.from} to={range.to}
        presets={RANGE_PRESETS.map((d) => ({ value: d, label: t("presets.lastDays", { days: Number(d) }) }))} />
      <OperatorAlerts alerts={alerts} timezone={member.timezone} locale={member.locale} />

      {c.total === 0 ? (
        <section className="rounded-lg border border-gray-200 bg-white p-8 text-center">
          <p className="font-medium text-gray-900">{t("botVsHuman.empty.title")}</p>
          <p className="mt-1 text-sm text-gray-500">{t("botVsHuman.empty.body")}</p>
        </section>
      ) : (
        <>
          <section aria-label={t("botVsHuman.summary.label")} className="grid gap-3 sm:grid-cols-2 lg:grid-cols-5">
            <div className="rounded-lg border border-gray-200 bg-white p-4">
              <p className="text-xs text-gray-500">{t("botVsHuman.summary.conversations")}</p>
              <p className="mt-1 text-2xl font-semibold tabular-nums">{num(c.total)}</p>
              <p className="text-xs text-gray-500">{t("botVsHuman.summary.split", { bot: String(c.bot.conversations), human: String(c.human.conversations) })}</p>
            </div>
            <div className="rounded-lg border-2 border-blue-600 bg-blue-50 p-4">
              <p className="text-xs font-medium text-blue-800">{t("botVsHuman.summary.parity")}</p>
              <p className="mt-1 text-2xl font-semibold tabular-nums text-blue-900" data-testid="parity">{c.parity === null ? t("botVsHuman.noData") : pct(c.parity)}</p>
              <p className="text-xs text-blue-800">{t("botVsHuman.summary.parityHint", { target: whole(TARGETS.parity) })}</p>
              {c.parity === null ? null : <p className="mt-1"><Verdict ok={verdict.ok} label={verdict.label} testId="parity-verdict" inline={false} /></p>}
            </div>
            <div className="rounded-lg border border-gray-200 bg-white p-4">
              <p className="text-xs text-gray-500">{t("botVsHuman.summary.csatDifference")}</p>
              <p className="mt-1 text-2xl font-semibold tabular-nums">{noCsat ? "—" : c.csatDelta === null ? t("botVsHuman.noData") : signed(c.csatDelta)}</p>
              <p className="text-xs text-gray-500">{noCsat ? t("botVsHuman.summary.csatUnavailable") : t("botVsHuman.summary.csatHint", { target: TARGETS.csatDelta })}</p>
            </div>
            <div className="rounded-lg border border-gray-200 bg-white p-4">
              <p className="text-xs text-gray-500">{t("botVsHuman.summary.handover")}</p>
              <p className="mt-1 text-2xl font-semibold tabular-nums">{c.bot.conversations === 0 ? t("botVsHuman.noData") : pct(c.bot.handoverRate)}</p>
              <p className="text-xs text-gray-500">{t("botVsHuman.summary.handoverTarget", { target: whole(TARGETS.handoverRate) })}</p>
            </div>
            <div className="rounded-lg border border-gray-200 bg-white p-4" data-testid="fidelity">
              <p className="text-xs text-gray-500">{t("botVsHuman.summary.fidelity")}</p>
              <p className="mt-1 text-2xl font-semibold tabular-nums">{f.meanGapPp === null ? "—" : pp(f.meanGapPp)}</p>
              <p className="text-xs text-gray-500">{t("botVsHuman.summary.fidelityExplained")}</p>
              <p className="text-xs text-gray-500">
                {f.meanGapPp === null
                  ? t("botVsHuman.summary.fidelityTooFew", { min: MIN_FIDELITY_DAY_CONVERSATIONS })
                  : t("botVsHuman.summary.fidelityGap", { worst: pp(f.worstGapPp!), date: day(f.worstDate!), days: f.daysCounted, min: MIN_FIDELITY_DAY_CONVERSATIONS })}
              </p>
              <p className="text-xs text-gray-500">
                {t("botVsHuman.summary.inForce", { percents: inForce })}
                {f.rangeObservedBotPercent === null || f.rangeExpectedBotPercent === null ? null : <>{" · "}{t("botVsHuman.summary.observedVsExpected", { observed: Math.round(f.rangeObservedBotPercent), expected: Math.round(f.rangeExpectedBotPercent) })}</>}
              </p>
              {f.meanGapPp === null ? null : <p className="mt-1"><Verdict ok={f.meanGapPp <= TARGETS.fidelityPp} label={f.meanGapPp <= TARGETS.fidelityPp ? t("botVsHuman.summary.withinPp", { target: TARGETS.fidelityPp }) : t("botVsHuman.summary.abovePp", { target: TARGETS.fidelityPp })} /></p>}
            </div>
          </section>

          <section className="relative overflow-x-auto rounded-lg border border-gray-200 bg-white">
            <table className="min-w-full text-sm" aria-label={t("botVsHuman.table.label")}>
              <thead className="bg-gray-50 text-left text-gray-600">
                <tr><th className="px-4 py-2 font-medium">{t("botVsHuman.table.metric")}</th><th className="px-4 py-2 font-medium"><span aria-hidden className="text-blue-500">●</span> {t("botVsHuman.table.botGroup")}</th><th className="px-4 py-2 font-medium"><span aria-hidden className="text-emerald-500">●</span> {t("botVsHuman.table.humanGroup")}</th><th className="px-4 py-2 font-medium">{t("botVsHuman.table.difference")}</th></tr>
              </thead>
              <tbody>
                <tr className="border-t border-gray-100">
                  <th scope="row" className="px-4 py-2 text-left font-medium">{t("botVsHuman.table.conversations")}</th>
                  <td className="px-4 py-2 tabular-nums">{cell(c.bot, num(c.bot.conversations))}</td>
                  <td className="px-4 py-2 tabular-nums">{cell(c.human, num(c.human.conversations))}</td>
                  <td className="px-4 py-2">—</td>
                </tr>
                <tr className="border-t border-gray-100">
                  <th scope="row" className="px-4 py-2 text-left font-medium">{t("botVsHuman.table.resolutionRate")} <span className="font-normal text-gray-500">{t("botVsHuman.table.resolutionRateNote")}</span></th>
                  <td className="px-4 py-2 tabular-nums">{cell(c.bot, pct(c.bot.resolutionRate))}</td>
                  <td className="px-4 py-2 tabular-nums">{cell(c.human, pct(c.human.resolutionRate))}</td>
                  <td className="px-4 py-2">{c.parity === null ? "—" : <>{t("botVsHuman.table.parity", { percent: Math.round(c.parity * 100) })}<Verdict ok={verdict.ok} label={verdict.label} /></>}</td>
                </tr>
                <tr className="border-t border-gray-100">
                  <th scope="row" className="px-4 py-2 pl-8 text-left font-normal text-gray-700">{t("botVsHuman.table.resolvedByBot")}</th>
                  <td className="px-4 py-2 tabular-nums">{cell(c.bot, share(c.bot.resolvedByBot, c.bot))}</td>
                  <td className="px-4 py-2 tabular-nums text-gray-500">{c.human.resolvedByBot ? share(c.human.resolvedByBot, c.human) : "—"}</td>
                  <td className="px-4 py-2">—</td>
                </tr>
                <tr className="border-t border-gray-100">
                  <th scope="row" className="px-4 py-2 pl-8 text-left font-normal text-gray-700">{t("botVsHuman.table.resolvedByHuman")} <span className="text-gray-500">{t("botVsHuman.table.resolvedByHumanNote")}</span></th>
                  <td className="px-4 py-2 tabular-nums">{cell(c.bot, share(c.bot.resolvedByHuman, c.bot))}</td>
                  <td className="px-4 py-2 tabular-nums">{cell(c.human, share(c.human.resolvedByHuman, c.human))}</td>
                  <td className="px-4 py-2">—</td>
                </tr>
                <tr className="border-t border-gray-100">
                  <th scope="row" className="px-4 py-2 text-left font-medium">{t("botVsHuman.table.csat")}</th>
                  {noCsat ? <td colSpan={3} className="px-4 py-2 text-gray-500">{t("botVsHuman.summary.csatUnavailable")}</td> : (
                    <>
                      <td className="px-4 py-2 tabular-nums">{cell(c.bot, c.bot.csatAverage === null ? t("botVsHuman.table.noRatings") : `${oneDecimal(c.bot.csatAverage)} (${num(c.bot.csatCount)})`)}</td>
                      <td className="px-4 py-2 tabular-nums">{cell(c.human, c.human.csatAverage === null ? t("botVsHuman.table.noRatings") : `${oneDecimal(c.human.csatAverage)} (${num(c.human.csatCount)})`)}</td>
                      <td className="px-4 py-2">{c.csatDelta === null ? "—" : <>{signed(c.csatDelta)}<Verdict ok={Math.abs(c.csatDelta) <= TARGETS.csatDelta || c.csatDelta > 0} label={Math.abs(c.csatDelta) <= TARGETS.csatDelta || c.csatDelta > 0 ? t("botVsHuman.table.withinHalf") : t("botVsHuman.table.botLower")} /></>}</td>
                    </>
                  )}
                </tr>
                <tr className="border-t border-gray-100">
                  <th scope="row" className="px-4 py-2 text-left font-medium">{t("botVsHuman.table.handover")}</th>
                  <td className="px-4 py-2 tabular-nums">{cell(c.bot, pct(c.bot.handoverRate))}</td>
                  <td className="px-4 py-2 text-gray-500">—</td>
                  <td className="px-4 py-2">{c.bot.handoverRate === null ? "—" : <Verdict ok={c.bot.handoverRate <= TARGETS.handoverRate} label={c.bot.handoverRate <= TARGETS.handoverRate ? t("botVsHuman.table.handoverWithin", { target: whole(TARGETS.handoverRate) }) : t("botVsHuman.table.handoverAbove", { target: whole(TARGETS.handoverRate) })} />}</td>
                </tr>
              </tbody>
            </table>
            <p className="border-t border-gray-100 px-4 py-2 text-xs text-gray-500">
              {t("botVsHuman.table.goodEnough", { parity: whole(TARGETS.parity), min: MIN_VERDICT_CONVERSATIONS, updated })}
            </p>
          </section>

          <section className="rounded-lg border border-gray-200 bg-white p-5">
            <h2 className="mb-2 font-semibold">{t("botVsHuman.perDay.title")}</h2>
            <ArmsChart data={c.daily.map((d) => ({ date: formatDay(d.date, locale, { withYear: false }), bot: d.bot, human: d.human }))} />
          </section>

          <section className="rounded-lg border border-gray-200 bg-white p-5">
            <h2 className="font-semibold">{t("botVsHuman.fidelity.title")}</h2>
            <p className="mb-2 text-xs text-gray-500">
              {t("botVsHuman.fidelity.body", { min: MIN_FIDELITY_DAY_CONVERSATIONS })}
            </p>
            <FidelityChart data={c.daily.map((d) => ({ date: formatDay(d.date, locale, { withYear: false }), expected: d.expectedBotPercent, observed: d.observedBotPercent }))} />
            <details className="mt-3">
              <summary className="cursor-pointer text-sm text-blue-700">{t("botVsHuman.fidelity.perDayTable")}</summary>
              <div className="relative overflow-x-auto">
              <table className="mt-2 min-w-full text-sm" aria-label={t("botVsHuman.fidelity.tableLabel")}>
                <thead className="bg-gray-50 text-left text-gray-600">
                  <tr>
                    <th className="px-3 py-1.5 font-medium">{t("botVsHuman.fidelity.date")}</th><th className="px-3 py-1.5 font-medium">{t("botVsHuman.fidelity.conversations")}</th><th className="px-3 py-1.5 font-medium">{t("botVsHuman.fidelity.bot")}</th>
                    <th className="px-3 py-1.5 font-medium">{t("botVsHuman.fidelity.expectedColumn")}</th><th className="px-3 py-1.5 font-medium">{t("botVsHuman.fidelity.observedColumn")}</th><th className="px-3 py-1.5 font-medium">{t("botVsHuman.fidelity.gap")}</th>
                  </tr>
                </thead>
                <tbody>
                  {c.daily.map((d) => (
                    <tr key={d.date} className="border-t border-gray-100 tabular-nums">
                      <th scope="row" className="px-3 py-1.5 text-left font-normal">{d.date}</th>
                      <td className="px-3 py-1.5">{d.bot + d.human}</td>
                      <td className="px-3 py-1.5">{d.bot}</td>
                      <td className="px-3 py-1.5">{d.expectedBotPercent === null ? "—" : percentOf(d.expectedBotPercent)}</td>
                      <td className="px-3 py-1.5">{d.observedBotPercent === null ? "—" : percentOf(d.observedBotPercent)}</td>
                      <td className={`px-3 py-1.5 ${d.counted ? "" : "text-gray-500"}`}>{d.gapPp === null ? "—" : d.counted ? pp(d.gapPp) : t("botVsHuman.fidelity.tooFew", { gap: pp(d.gapPp) })}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              </div>
            </details>
          </section>
        </>
      )}
    </div>
  );
}
