import type { Metadata } from "next";
import { requireMember } from "@/app/_auth/guard";
import { AutoRefresh } from "@/components/auto-refresh";
import { getDb } from "@/db/client";
import { channelDeliveryStats, type WindowCounts } from "@/lib/channels/delivery-stats";
import { inngestConfigured } from "@/lib/config/inngest-configured";
import { describeDuration, describeSchedule, describeSummary } from "@/lib/jobs/describe-schedule";
import { listJobHealth, type JobHealth } from "@/lib/jobs/job-health";
import { canAccess } from "@/lib/auth/roles";
import { MAX_OUTBOX_ATTEMPTS } from "@/lib/outbox/dispatch";
import { outboxHealth } from "@/lib/outbox/outbox-health";
import { formatInZone } from "@/lib/time/format";
import { FailedWorkTable } from "./failed-work-table";

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

function Stat({ label, value, note, alert = false, testId }: { label: string; value: string; note?: string; alert?: boolean; testId: string }) {
  return (
    <div className={`rounded-lg border bg-white px-4 py-3 ${alert ? "border-red-300" : "border-gray-200"}`} data-testid={testId}>
      <dt className="text-xs text-gray-500">{label}</dt>
      <dd className={`text-xl font-semibold ${alert ? "text-red-700" : ""}`}>{value}</dd>
      {note ? <dd className="text-xs text-gray-500">{note}</dd> : null}
    </div>
  );
}

export default async function SystemPage() {
  const member = await requireMember("settings");
  const db = await getDb();
  const now = new Date();
  const [jobs, channels, work] = await Promise.all([listJobHealth(db), channelDeliveryStats(db, { orgId: member.orgId, now }), outboxHealth(db, { orgId: member.orgId, now })]);
  const mayRetry = canAccess(member.role, "settingsWrite");
  const when = (d: Date | null) => (d ? formatInZone(d, member.timezone, member.locale) : "—");
  const unhealthy = jobs.filter((j) => j.state === "failing" || j.state === "missed");
  const attention = [
    ...unhealthy.map((j) => j.name),
    ...(work.failedCount > 0 ? [`${work.failedCount.toLocaleString("en")} failed background ${work.failedCount === 1 ? "task" : "tasks"}`] : []),
  ];
  return (
    <div className="space-y-6">
      <AutoRefresh seconds={60} />
      <div>
        <h1 className="text-2xl font-semibold">System</h1>
        <p className="text-sm text-gray-500">
          Background work and webhook traffic. Scheduled jobs run {inngestConfigured() ? "on the Inngest engine" : "inside the Tandem server (no Inngest engine is configured)"}. Times in {member.timezone}; this page refreshes every minute.
        </p>
      </div>
      {attention.length > 0 && (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800">
          {attention.length === 1 ? `${attention[0]} needs attention.` : `These need attention: ${attention.join(", ")}.`}
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
                          {describeSummary(j.lastRun.summary) ? ` · ${describeSummary(j.lastRun.summary)}` : ""}
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
      <section aria-labelledby="outbox-heading" className="space-y-2">
        <h2 id="outbox-heading" className="text-lg font-semibold">Work after a change</h2>
        <p className="text-sm text-gray-500">
          Alert pushes, Chatwoot deliveries and approval notices are saved with the change that causes them, then sent{" "}
          {inngestConfigured() ? "to the Inngest engine" : "by this server"}. Failures are retried with growing waits; after {MAX_OUTBOX_ATTEMPTS} attempts they stay here until retried.
        </p>
        <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4" aria-label="Outbox">
          <Stat label="Waiting" value={work.pending.toLocaleString("en")} note={work.retrying > 0 ? `${work.retrying.toLocaleString("en")} waiting to retry` : undefined} testId="outbox-pending" />
          <Stat label="Oldest waiting" value={work.oldestPendingAt ? describeDuration(now.getTime() - work.oldestPendingAt.getTime()) : "—"} note={work.oldestPendingAt ? `since ${when(work.oldestPendingAt)}` : "nothing waiting"} testId="outbox-oldest" />
          <Stat label="Done in 24 hours" value={work.doneLastDay.toLocaleString("en")} testId="outbox-done" />
          <Stat label="Failed" value={work.failedCount.toLocaleString("en")} alert={work.failedCount > 0} testId="outbox-failed" />
        </dl>
        <FailedWorkTable
          rows={work.failed.map((f) => ({ id: f.id, label: f.label, created: when(f.createdAt), attempts: f.attempts, lastError: f.lastError }))}
          total={work.failedCount}
          mayRetry={mayRetry}
        />
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
