import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { requireMemberOrNotFound } from "@/app/_auth/guard";
import { getDb } from "@/db/client";
import { listChannels } from "@/lib/channels/list-channels";
import { getOrganization } from "@/lib/org/get-organization";
import {
  compareArms, MIN_FIDELITY_DAY_CONVERSATIONS, MIN_VERDICT_CONVERSATIONS, TARGETS, type ArmStats, type ParityVerdict,
} from "@/lib/routing/compare-arms";
import { comparisonParamsSchema, RANGE_PRESETS, resolveRange } from "@/lib/routing/comparison-params";
import { listOperatorAlerts } from "@/lib/routing/experiment-health";
import { canViewComparison } from "@/lib/routing/split-eligibility";
import { formatInZone } from "@/lib/time/format";
import { ArmsChart, FidelityChart } from "./arms-chart";
import { DateRangeFilters } from "@/components/date-range-filters";

export const metadata: Metadata = { title: "Bot vs human" };

const pct = (v: number | null) => (v === null ? null : `${Math.round(v * 100)}%`);
const pp = (v: number) => `${v.toFixed(1)} pp`;
const NO_DATA = <span className="text-gray-500">No data yet</span>;

/** How "resolved" is counted, in one line (lib/routing/compare-arms.ts; the outcome taxonomy of issue 15). */
const RESOLVED_LINE =
  "Resolved by the bot = closed as an AI resolution with no agent attached; resolved by a human = closed by an agent who took it. " +
  "Closes after silence or while waiting for an agent, and open chats, are not resolved; spam is left out. Parity counts only the bot's own resolutions.";

const VERDICTS: Record<ParityVerdict, { ok: boolean | null; label: string }> = {
  good_enough: { ok: true, label: "good enough" },
  below_target: { ok: false, label: `below ${TARGETS.parity * 100}%` },
  humans_resolved_most: { ok: false, label: "humans resolved most of the bot arm" },
  too_few: { ok: null, label: `too few to judge (under ${MIN_VERDICT_CONVERSATIONS} per arm)` },
  no_data: { ok: null, label: "no data yet" },
};

function Verdict({ ok, label, testId }: { ok: boolean | null; label: string; testId?: string }) {
  const style = ok === null ? "bg-gray-100 text-gray-700" : ok ? "bg-green-50 text-green-700" : "bg-amber-50 text-amber-800";
  return <span data-testid={testId} className={`ml-2 rounded-full px-2 py-0.5 text-xs font-medium ${style}`}>{ok === null ? "" : ok ? "✓ " : "! "}{label}</span>;
}

function cell(arm: ArmStats, value: string | null) {
  return arm.conversations === 0 ? NO_DATA : (value ?? "—");
}

const share = (n: number, arm: ArmStats) => `${pct(arm.conversations ? n / arm.conversations : null)} (${n.toLocaleString("en")})`;

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
  const verdict = VERDICTS[c.verdict];
  const f = c.fidelity;
  const inForce = f.percentsInForce.map((p) => `${p}%`).join(" → ");

  return (
    <div className="space-y-5">
      <div>
        <h1 className="text-2xl font-semibold">Bot vs human comparison</h1>
        <p className="text-sm text-gray-500">
          Conversations the traffic split sent to each arm{channel ? ` on ${channel.name}` : " on all channels"}, {range.from} to {range.to} ({member.timezone}).
        </p>
        <p className="mt-1 text-xs text-gray-600" data-testid="resolved-definition">{RESOLVED_LINE}</p>
      </div>
      <DateRangeFilters channels={channels.map((ch) => ({ id: ch.id, name: ch.name, split: ch.trafficSplitEnabled ? ch.botPercent : null }))} params={params} from={range.from} to={range.to}
        presets={RANGE_PRESETS.map((d) => ({ value: d, label: `Last ${d} days` }))} />
      {alerts.map((a) => (
        <p key={a.id} role="alert" className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">
          {a.message} <span className="text-xs text-amber-700">({formatInZone(a.createdAt, member.timezone, member.locale)})</span>
        </p>
      ))}

      {c.total === 0 ? (
        <section className="rounded-lg border border-gray-200 bg-white p-8 text-center">
          <p className="font-medium text-gray-900">No conversations in this range yet.</p>
          <p className="mt-1 text-sm text-gray-500">Turn on the traffic split for a channel under Settings › Chatbot, or pick a longer range.</p>
        </section>
      ) : (
        <>
          <section aria-label="Summary" className="grid gap-3 sm:grid-cols-2 lg:grid-cols-5">
            <div className="rounded-lg border border-gray-200 bg-white p-4">
              <p className="text-xs text-gray-500">Conversations</p>
              <p className="mt-1 text-2xl font-semibold tabular-nums">{c.total.toLocaleString("en")}</p>
              <p className="text-xs text-gray-500">{c.bot.conversations} bot · {c.human.conversations} human</p>
            </div>
            <div className="rounded-lg border-2 border-blue-600 bg-blue-50 p-4">
              <p className="text-xs font-medium text-blue-800">★ Resolution parity</p>
              <p className="mt-1 text-2xl font-semibold tabular-nums text-blue-900" data-testid="parity">{c.parity === null ? "No data yet" : `${Math.round(c.parity * 100)}%`}</p>
              <p className="text-xs text-blue-800">bot&apos;s own resolution ÷ human resolution · target ≥ {TARGETS.parity * 100}%</p>
              {c.parity === null ? null : <p className="mt-1"><Verdict ok={verdict.ok} label={verdict.label} testId="parity-verdict" /></p>}
            </div>
            <div className="rounded-lg border border-gray-200 bg-white p-4">
              <p className="text-xs text-gray-500">CSAT delta</p>
              <p className="mt-1 text-2xl font-semibold tabular-nums">{noCsat ? "—" : c.csatDelta === null ? "No data yet" : `${c.csatDelta > 0 ? "+" : ""}${c.csatDelta.toFixed(1)}`}</p>
              <p className="text-xs text-gray-500">{noCsat ? "CSAT not available on this channel" : `bot − human · within ±${TARGETS.csatDelta}`}</p>
            </div>
            <div className="rounded-lg border border-gray-200 bg-white p-4">
              <p className="text-xs text-gray-500">Handover (bot arm)</p>
              <p className="mt-1 text-2xl font-semibold tabular-nums">{c.bot.conversations === 0 ? "No data yet" : pct(c.bot.handoverRate)}</p>
              <p className="text-xs text-gray-500">target ≤ {TARGETS.handoverRate * 100}%</p>
            </div>
            <div className="rounded-lg border border-gray-200 bg-white p-4" data-testid="fidelity">
              <p className="text-xs text-gray-500">Routing fidelity</p>
              <p className="mt-1 text-2xl font-semibold tabular-nums">{f.meanGapPp === null ? "—" : pp(f.meanGapPp)}</p>
              <p className="text-xs text-gray-500">
                {f.meanGapPp === null
                  ? `too few per day: no day had ${MIN_FIDELITY_DAY_CONVERSATIONS}+ conversations`
                  : `mean daily gap · worst ${pp(f.worstGapPp!)} on ${f.worstDate!.slice(5)} · ${f.daysCounted} day${f.daysCounted === 1 ? "" : "s"} with ${MIN_FIDELITY_DAY_CONVERSATIONS}+`}
              </p>
              <p className="text-xs text-gray-500">
                split in force: {inForce}
                {f.rangeObservedBotPercent === null || f.rangeExpectedBotPercent === null ? null : ` · range ${Math.round(f.rangeObservedBotPercent)}% observed vs ${Math.round(f.rangeExpectedBotPercent)}% expected`}
              </p>
              {f.meanGapPp === null ? null : <p className="mt-1"><Verdict ok={f.meanGapPp <= TARGETS.fidelityPp} label={f.meanGapPp <= TARGETS.fidelityPp ? `within ${TARGETS.fidelityPp} pp` : `above ${TARGETS.fidelityPp} pp`} /></p>}
            </div>
          </section>

          <section className="overflow-x-auto rounded-lg border border-gray-200 bg-white">
            <table className="min-w-full text-sm" aria-label="Bot vs human comparison">
              <thead className="bg-gray-50 text-left text-gray-600">
                <tr><th className="px-4 py-2 font-medium">Metric</th><th className="px-4 py-2 font-medium"><span aria-hidden className="text-blue-500">●</span> Bot arm</th><th className="px-4 py-2 font-medium"><span aria-hidden className="text-emerald-500">●</span> Human arm</th><th className="px-4 py-2 font-medium">Δ / parity</th></tr>
              </thead>
              <tbody>
                <tr className="border-t border-gray-100">
                  <th scope="row" className="px-4 py-2 text-left font-medium">Conversations</th>
                  <td className="px-4 py-2 tabular-nums">{cell(c.bot, c.bot.conversations.toLocaleString("en"))}</td>
                  <td className="px-4 py-2 tabular-nums">{cell(c.human, c.human.conversations.toLocaleString("en"))}</td>
                  <td className="px-4 py-2">—</td>
                </tr>
                <tr className="border-t border-gray-100">
                  <th scope="row" className="px-4 py-2 text-left font-medium">Resolution rate <span className="font-normal text-gray-500">(bot arm: the bot&apos;s own)</span></th>
                  <td className="px-4 py-2 tabular-nums">{cell(c.bot, pct(c.bot.resolutionRate))}</td>
                  <td className="px-4 py-2 tabular-nums">{cell(c.human, pct(c.human.resolutionRate))}</td>
                  <td className="px-4 py-2">{c.parity === null ? "—" : <>{Math.round(c.parity * 100)}% parity<Verdict ok={verdict.ok} label={verdict.label} /></>}</td>
                </tr>
                <tr className="border-t border-gray-100">
                  <th scope="row" className="px-4 py-2 pl-8 text-left font-normal text-gray-700">Resolved by the bot</th>
                  <td className="px-4 py-2 tabular-nums">{cell(c.bot, share(c.bot.resolvedByBot, c.bot))}</td>
                  <td className="px-4 py-2 tabular-nums text-gray-500">{c.human.resolvedByBot ? share(c.human.resolvedByBot, c.human) : "—"}</td>
                  <td className="px-4 py-2">—</td>
                </tr>
                <tr className="border-t border-gray-100">
                  <th scope="row" className="px-4 py-2 pl-8 text-left font-normal text-gray-700">Resolved by a human <span className="text-gray-500">(bot arm: after hand-over, not counted for the bot)</span></th>
                  <td className="px-4 py-2 tabular-nums">{cell(c.bot, share(c.bot.resolvedByHuman, c.bot))}</td>
                  <td className="px-4 py-2 tabular-nums">{cell(c.human, share(c.human.resolvedByHuman, c.human))}</td>
                  <td className="px-4 py-2">—</td>
                </tr>
                <tr className="border-t border-gray-100">
                  <th scope="row" className="px-4 py-2 text-left font-medium">CSAT (avg / 5)</th>
                  {noCsat ? <td colSpan={3} className="px-4 py-2 text-gray-500">CSAT not available on this channel</td> : (
                    <>
                      <td className="px-4 py-2 tabular-nums">{cell(c.bot, c.bot.csatAverage === null ? "no ratings" : `${c.bot.csatAverage.toFixed(1)} (${c.bot.csatCount})`)}</td>
                      <td className="px-4 py-2 tabular-nums">{cell(c.human, c.human.csatAverage === null ? "no ratings" : `${c.human.csatAverage.toFixed(1)} (${c.human.csatCount})`)}</td>
                      <td className="px-4 py-2">{c.csatDelta === null ? "—" : <>{c.csatDelta > 0 ? "+" : ""}{c.csatDelta.toFixed(1)}<Verdict ok={Math.abs(c.csatDelta) <= TARGETS.csatDelta || c.csatDelta > 0} label={Math.abs(c.csatDelta) <= TARGETS.csatDelta || c.csatDelta > 0 ? "within 0.5" : "bot lower"} /></>}</td>
                    </>
                  )}
                </tr>
                <tr className="border-t border-gray-100">
                  <th scope="row" className="px-4 py-2 text-left font-medium">Handover to human</th>
                  <td className="px-4 py-2 tabular-nums">{cell(c.bot, pct(c.bot.handoverRate))}</td>
                  <td className="px-4 py-2 text-gray-500">—</td>
                  <td className="px-4 py-2">{c.bot.handoverRate === null ? "—" : <Verdict ok={c.bot.handoverRate <= TARGETS.handoverRate} label={c.bot.handoverRate <= TARGETS.handoverRate ? "≤ 30%" : "above 30%"} />}</td>
                </tr>
              </tbody>
            </table>
            <p className="border-t border-gray-100 px-4 py-2 text-xs text-gray-500">
              Good enough = parity ≥ {TARGETS.parity * 100}% on the bot&apos;s own resolutions, the bot resolving at least as many of its arm&apos;s chats as humans did after hand-over, and {MIN_VERDICT_CONVERSATIONS}+ chats per arm. Updated {updated}.
            </p>
          </section>

          <section className="rounded-lg border border-gray-200 bg-white p-5">
            <h2 className="mb-2 font-semibold">Conversations per day, by arm</h2>
            <ArmsChart data={c.daily.map((d) => ({ date: d.date.slice(5), Bot: d.bot, Human: d.human }))} />
          </section>

          <section className="rounded-lg border border-gray-200 bg-white p-5">
            <h2 className="font-semibold">Bot share per day: expected vs observed</h2>
            <p className="mb-2 text-xs text-gray-500">
              Expected = the bot % in force for that day&apos;s conversations (each keeps the % it was routed with). Days with fewer than {MIN_FIDELITY_DAY_CONVERSATIONS} conversations are shown but not counted: their share swings by chance.
            </p>
            <FidelityChart data={c.daily.map((d) => ({ date: d.date.slice(5), "Expected (in force)": d.expectedBotPercent, Observed: d.observedBotPercent }))} />
            <details className="mt-3">
              <summary className="cursor-pointer text-sm text-blue-700">Per-day table</summary>
              <table className="mt-2 min-w-full text-sm" aria-label="Routing fidelity per day">
                <thead className="bg-gray-50 text-left text-gray-600">
                  <tr>
                    <th className="px-3 py-1.5 font-medium">Date</th><th className="px-3 py-1.5 font-medium">Conversations</th><th className="px-3 py-1.5 font-medium">Bot</th>
                    <th className="px-3 py-1.5 font-medium">Expected</th><th className="px-3 py-1.5 font-medium">Observed</th><th className="px-3 py-1.5 font-medium">Gap</th>
                  </tr>
                </thead>
                <tbody>
                  {c.daily.map((d) => (
                    <tr key={d.date} className="border-t border-gray-100 tabular-nums">
                      <th scope="row" className="px-3 py-1.5 text-left font-normal">{d.date}</th>
                      <td className="px-3 py-1.5">{d.bot + d.human}</td>
                      <td className="px-3 py-1.5">{d.bot}</td>
                      <td className="px-3 py-1.5">{d.expectedBotPercent === null ? "—" : `${Math.round(d.expectedBotPercent * 10) / 10}%`}</td>
                      <td className="px-3 py-1.5">{d.observedBotPercent === null ? "—" : `${Math.round(d.observedBotPercent * 10) / 10}%`}</td>
                      <td className={`px-3 py-1.5 ${d.counted ? "" : "text-gray-400"}`}>{d.gapPp === null ? "—" : `${pp(d.gapPp)}${d.counted ? "" : " (too few)"}`}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </details>
          </section>
        </>
      )}
    </div>
  );
}
