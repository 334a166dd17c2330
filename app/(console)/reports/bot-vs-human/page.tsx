import type { Metadata } from "next";
import { requireMemberOrNotFound } from "@/app/_auth/guard";
import { getDb } from "@/db/client";
import { listChannels } from "@/lib/channels/list-channels";
import { compareArms, TARGETS, type ArmStats } from "@/lib/routing/compare-arms";
import { comparisonParamsSchema, RANGE_PRESETS, resolveRange } from "@/lib/routing/comparison-params";
import { listOperatorAlerts } from "@/lib/routing/experiment-health";
import { formatInZone } from "@/lib/time/format";
import { ArmsChart } from "./arms-chart";
import { DateRangeFilters } from "@/components/date-range-filters";

export const metadata: Metadata = { title: "Bot vs human" };

const pct = (v: number | null) => (v === null ? null : `${Math.round(v * 100)}%`);
const NO_DATA = <span className="text-gray-500">No data yet</span>;

function Verdict({ ok, label }: { ok: boolean; label: string }) {
  return <span className={`ml-2 rounded-full px-2 py-0.5 text-xs font-medium ${ok ? "bg-green-50 text-green-700" : "bg-amber-50 text-amber-800"}`}>{ok ? "✓" : "!"} {label}</span>;
}

function cell(arm: ArmStats, value: string | null) {
  return arm.conversations === 0 ? NO_DATA : (value ?? "—");
}

export default async function BotVsHumanPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const member = await requireMemberOrNotFound("reports");
  const params = comparisonParamsSchema.parse(await searchParams);
  const range = resolveRange(params, member.timezone);
  const db = await getDb();
  const [channels, c, alerts] = await Promise.all([
    listChannels(db, { orgId: member.orgId }),
    compareArms(db, { orgId: member.orgId, channelId: params.channel, ...range, timezone: member.timezone }),
    listOperatorAlerts(db, { orgId: member.orgId, channelId: params.channel }),
  ]);
  const channel = channels.find((ch) => ch.id === params.channel);
  const noCsat = c.bot.csatCount === 0 && c.human.csatCount === 0;
  const updated = formatInZone(new Date(), member.timezone, member.locale);

  return (
    <div className="space-y-5">
      <div>
        <h1 className="text-2xl font-semibold">Bot vs human comparison</h1>
        <p className="text-sm text-gray-500">
          Conversations the traffic split sent to each arm{channel ? ` on ${channel.name}` : " on all channels"}, {range.from} to {range.to} ({member.timezone}).
        </p>
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
              <p className="text-xs text-blue-800">bot ÷ human resolution · target ≥ {TARGETS.parity * 100}%</p>
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
            <div className="rounded-lg border border-gray-200 bg-white p-4">
              <p className="text-xs text-gray-500">Routing fidelity</p>
              <p className="mt-1 text-2xl font-semibold tabular-nums">{c.fidelityPp === null ? "—" : `${c.fidelityPp.toFixed(1)} pp`}</p>
              <p className="text-xs text-gray-500">{c.observedBotShare === null || c.configuredBotPercent === null ? "" : `${Math.round(c.observedBotShare * 100)}% observed vs ${Math.round(c.configuredBotPercent)}% set`}</p>
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
                  <th scope="row" className="px-4 py-2 text-left font-medium">Resolution rate</th>
                  <td className="px-4 py-2 tabular-nums">{cell(c.bot, pct(c.bot.resolutionRate))}</td>
                  <td className="px-4 py-2 tabular-nums">{cell(c.human, pct(c.human.resolutionRate))}</td>
                  <td className="px-4 py-2">{c.parity === null ? "—" : <>{Math.round(c.parity * 100)}% parity<Verdict ok={c.parity >= TARGETS.parity} label={c.parity >= TARGETS.parity ? "good enough" : "below 90%"} /></>}</td>
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
              Resolved = closed by the bot or an agent as solved (not as spam). Spam is left out. Updated {updated}.
            </p>
          </section>

          <section className="rounded-lg border border-gray-200 bg-white p-5">
            <h2 className="mb-2 font-semibold">Conversations per day, by arm</h2>
            <ArmsChart data={c.daily.map((d) => ({ date: d.date.slice(5), Bot: d.bot, Human: d.human }))} />
          </section>
        </>
      )}
    </div>
  );
}
