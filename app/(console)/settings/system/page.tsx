import type { Metadata } from "next";
import { requireMember } from "@/app/_auth/guard";
import { AutoRefresh } from "@/components/auto-refresh";
import { getDb } from "@/db/client";
import { channelDeliveryStats, type WindowCounts } from "@/lib/channels/delivery-stats";
import { inngestConfigured } from "@/lib/config/inngest-configured";
import { describeDuration, describeSchedule } from "@/lib/jobs/describe-schedule";
import { listJobHealth, type JobHealth } from "@/lib/jobs/job-health";
import { formatInZone } from "@/lib/time/format";

export const metadata: Metadata = { title: "System" };

const STATE: Record<JobHealth["state"], { label: string; tone: string }> = {
  healthy: { label: "Healthy", tone: "bg-emerald-50 text-emerald-700 ring-emerald-600/20" },
  failing: { label: "Last run failed", tone: "bg-red-50 text-red-700 ring-red-600/20" },
  missed: { label: "Missed its last two runs", tone: "bg-red-50 text-red-700 ring-red-600/20" },
  waiting: { label: "Waiting for its first run", tone: "bg-gray-50 text-gray-700 ring-gray-500/20" },
};
const OUTCOME: Record<NonNullable<JobHealth["lastRun"]>["outcome"], string> = { running: "Running", ok: "Completed", failed: "Failed", skipped: "Skipped (previous run still going)" };

function Counts({ w }: { w: WindowCounts }) {
  return (
    <span className="whitespace-nowrap">
      {w.accepted.toLocaleString("en")} accepted · {w.refused.toLocaleString("en")} refused · <span className={w.serverErrors ? "font-semibold text-red-700" : ""}>{w.serverErrors.toLocaleString("en")} server errors</span>
    </span>
  );
}

export default async function SystemPage() {
  const member = await requireMember("settings");
  const db = await getDb();
  const [jobs, channels] = await Promise.all([listJobHealth(db), channelDeliveryStats(db, { orgId: member.orgId })]);
  const when = (d: Date | null) => (d ? formatInZone(d, member.timezone, member.locale) : "—");
  const unhealthy = jobs.filter((j) => j.state === "failing" || j.state === "missed");
  return (
    <div className="space-y-6">
      <AutoRefresh seconds={60} />
      <div>
        <h1 className="text-2xl font-semibold">System</h1>
        <p className="text-sm text-gray-500">
          Background work and webhook traffic. Scheduled jobs run {inngestConfigured() ? "on the Inngest engine" : "inside the Tandem server (no Inngest engine is configured)"}. Times in {member.timezone}; this page refreshes every minute.
        </p>
      </div>
      {unhealthy.length > 0 && (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800">
          {unhealthy.length === 1 ? `${unhealthy[0]!.name} needs attention.` : `${unhealthy.length} jobs need attention: ${unhealthy.map((j) => j.name).join(", ")}.`}
        </p>
      )}
      <section aria-labelledby="jobs-heading" className="space-y-2">
        <h2 id="jobs-heading" className="text-lg font-semibold">Scheduled jobs</h2>
        <div className="overflow-x-auto rounded-lg border border-gray-200 bg-white">
          <table className="min-w-full text-sm" aria-label="Scheduled jobs">
            <thead className="bg-gray-50 text-left text-gray-600">
              <tr>
                <th className="px-4 py-2 font-medium">Job</th>
                <th className="px-4 py-2 font-medium">State</th>
                <th className="px-4 py-2 font-medium">Last run</th>
                <th className="px-4 py-2 font-medium">Next run</th>
                <th className="px-4 py-2 font-medium">Last error</th>
              </tr>
            </thead>
            <tbody>
              {jobs.map((j) => (
                <tr key={j.id} className="border-t border-gray-100 align-top">
                  <td className="px-4 py-2">
                    <div className="font-medium">{j.name}</div>
                    <div className="text-xs text-gray-500">{describeSchedule(j.cron, j.timezone)}</div>
                  </td>
                  <td className="px-4 py-2">
                    <span className={`inline-flex whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${STATE[j.state].tone}`}>{STATE[j.state].label}</span>
                  </td>
                  <td className="px-4 py-2">
                    {j.lastRun ? (
                      <>
                        <div className="whitespace-nowrap">{when(j.lastRun.startedAt)}</div>
                        <div className="text-xs text-gray-500">
                          {OUTCOME[j.lastRun.outcome]}
                          {j.lastRun.durationMs !== null ? ` in ${describeDuration(j.lastRun.durationMs)}` : ""}
                          {j.lastRun.summary && Object.keys(j.lastRun.summary).length > 0 ? ` · ${Object.entries(j.lastRun.summary).map(([k, v]) => `${k} ${v}`).join(", ")}` : ""}
                        </div>
                      </>
                    ) : (
                      <span className="text-gray-500">Not run yet</span>
                    )}
                  </td>
                  <td className="whitespace-nowrap px-4 py-2">{when(j.nextRun)}</td>
                  <td className="max-w-xs break-words px-4 py-2 text-xs">
                    {j.lastFailure ? (
                      <>
                        <div className="text-red-700">{j.lastFailure.error}</div>
                        <div className="text-gray-500">{when(j.lastFailure.at)}</div>
                      </>
                    ) : (
                      <span className="text-gray-500">None</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <section aria-labelledby="deliveries-heading" className="space-y-2">
        <h2 id="deliveries-heading" className="text-lg font-semibold">Webhook deliveries by channel</h2>
        {channels.length === 0 ? (
          <p className="rounded-lg border border-gray-200 bg-white p-6 text-sm text-gray-600">No channels yet. Deliveries appear here once a channel receives webhooks.</p>
        ) : (
          <div className="overflow-x-auto rounded-lg border border-gray-200 bg-white">
            <table className="min-w-full text-sm" aria-label="Webhook deliveries by channel">
              <thead className="bg-gray-50 text-left text-gray-600">
                <tr>
                  <th className="px-4 py-2 font-medium">Channel</th>
                  <th className="px-4 py-2 font-medium">Last hour</th>
                  <th className="px-4 py-2 font-medium">Last 24 hours</th>
                  <th className="px-4 py-2 font-medium">Refused in 24 hours, by reason</th>
                </tr>
              </thead>
              <tbody>
                {channels.map((c) => (
                  <tr key={c.channelId} className="border-t border-gray-100 align-top">
                    <td className="px-4 py-2 font-medium">{c.channelName}{c.archived ? <span className="ml-1 text-xs font-normal text-gray-500">(archived)</span> : null}</td>
                    <td className="px-4 py-2"><Counts w={c.lastHour} /></td>
                    <td className="px-4 py-2">
                      <Counts w={c.lastDay} />
                      {c.capped ? <div className="text-xs text-gray-500">At least: the log keeps each channel&apos;s newest 500 deliveries.</div> : null}
                    </td>
                    <td className="px-4 py-2 text-xs">
                      {c.lastDay.refusedBy.length === 0 ? <span className="text-gray-500">None</span> : (
                        <ul>{c.lastDay.refusedBy.map((r) => <li key={r.reason}>{r.reason}: {r.count.toLocaleString("en")}</li>)}</ul>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}
