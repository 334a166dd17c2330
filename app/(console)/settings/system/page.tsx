import type { Metadata } from "next";
import { getFormatter, getTranslations } from "next-intl/server";
import { requireMember } from "@/app/_auth/guard";
import { AutoRefresh } from "@/components/auto-refresh";
import { getDb } from "@/db/client";
import { channelDeliveryStats, type WindowCounts } from "@/lib/channels/delivery-stats";
import { inngestConfigured } from "@/lib/config/inngest-configured";
import { describeDuration, describeSchedule, describeSummary, jobName } from "@/lib/jobs/describe-schedule";
import { listJobHealth, type JobHealth } from "@/lib/jobs/job-health";
import { canAccess } from "@/lib/auth/roles";
import { MAX_OUTBOX_ATTEMPTS } from "@/lib/outbox/dispatch";
import { outboxHealth } from "@/lib/outbox/outbox-health";
import { formatInZone } from "@/lib/time/format";
import { FailedWorkTable } from "./failed-work-table";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("settings.system");
  return { title: t("metaTitle") };
}

// labels in `settings.system.jobs.state` and `settings.system.jobs.outcome`
const STATE_TONE: Record<JobHealth["state"], string> = {
  healthy: "bg-emerald-50 text-emerald-700 ring-emerald-600/20",
  failing: "bg-red-50 text-red-700 ring-red-600/20",
  missed: "bg-red-50 text-red-700 ring-red-600/20",
  waiting: "bg-gray-50 text-gray-700 ring-gray-500/20",
};

async function Counts({ w }: { w: WindowCounts }) {
  const t = await getTranslations("settings.system.deliveries");
  return (
    <span className="whitespace-nowrap">
      {t("accepted", { count: w.accepted })} · {t("refused", { count: w.refused })} · <span className={w.serverErrors ? "font-semibold text-red-700" : ""}>{t("serverErrors", { count: w.serverErrors })}</span>
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
  const t = await getTranslations("settings.system");
  // a failed row's work in plain words: "alerts/push.requested" → "Alert push"; a topic without a name shows as is
  const topicLabel = (topic: string) => {
    const key = `outbox.topics.${topic.replace(/[^a-z0-9]+/gi, "_")}`;
    return t.has(key as never) ? t(key as never) : topic;
  };
  const format = await getFormatter();
  const num = (n: number) => format.number(n);
  const when = (d: Date | null) => (d ? formatInZone(d, member.timezone, member.locale) : "—");
  const unhealthy = jobs.filter((j) => j.state === "failing" || j.state === "missed");
  const attention = [
    ...unhealthy.map((j) => jobName(j, member.uiLanguage)),
    ...(work.failedCount > 0 ? [t("failedTasks", { count: work.failedCount })] : []),
  ];
  return (
    <div className="space-y-6">
      <AutoRefresh seconds={60} />
      <div>
        <h1 className="text-2xl font-semibold">{t("title")}</h1>
        <p className="text-sm text-gray-500">
          {t("intro", { engine: inngestConfigured() ? "inngest" : "server", timezone: member.timezone })}
        </p>
      </div>
      {attention.length > 0 && (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800">
          {attention.length === 1 ? t("attentionOne", { what: attention[0]! }) : t("attentionMany", { list: attention.join(", ") })}
        </p>
      )}
      <section aria-labelledby="jobs-heading" className="space-y-2">
        <h2 id="jobs-heading" className="text-lg font-semibold">{t("jobs.title")}</h2>
        <div className="relative overflow-x-auto rounded-lg border border-gray-200 bg-white">
          <table className="min-w-full text-sm" aria-label={t("jobs.title")}>
            <thead className="bg-gray-50 text-left text-gray-600">
              <tr>
                <th className="px-4 py-2 font-medium">{t("jobs.columns.job")}</th>
                <th className="px-4 py-2 font-medium">{t("jobs.columns.state")}</th>
                <th className="px-4 py-2 font-medium">{t("jobs.columns.lastRun")}</th>
                <th className="px-4 py-2 font-medium">{t("jobs.columns.nextRun")}</th>
                <th className="px-4 py-2 font-medium">{t("jobs.columns.lastError")}</th>
              </tr>
            </thead>
            <tbody>
              {jobs.map((j) => (
                <tr key={j.id} className="border-t border-gray-100 align-top">
                  <td className="px-4 py-2">
                    <div className="font-medium">{jobName(j, member.uiLanguage)}</div>
                    <div className="text-xs text-gray-500">{describeSchedule(j.cron, j.timezone, member.uiLanguage)}</div>
                  </td>
                  <td className="px-4 py-2">
                    <span className={`inline-flex whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${STATE_TONE[j.state]}`}>{t(`jobs.state.${j.state}`)}</span>
                  </td>
                  <td className="px-4 py-2">
                    {j.lastRun ? (
                      <>
                        <div className="whitespace-nowrap">{when(j.lastRun.startedAt)}</div>
                        <div className="text-xs text-gray-500">
                          {j.lastRun.durationMs !== null
                            ? t("jobs.outcomeIn", { outcome: t(`jobs.outcome.${j.lastRun.outcome}`), duration: describeDuration(j.lastRun.durationMs, member.uiLanguage) })
                            : t(`jobs.outcome.${j.lastRun.outcome}`)}
                          {describeSummary(j.lastRun.summary, member.uiLanguage) ? ` · ${describeSummary(j.lastRun.summary, member.uiLanguage)}` : ""}
                        </div>
                      </>
                    ) : (
                      <span className="text-gray-500">{t("jobs.notRunYet")}</span>
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
                      <span className="text-gray-500">{t("none")}</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <section aria-labelledby="outbox-heading" className="space-y-2">
        <h2 id="outbox-heading" className="text-lg font-semibold">{t("outbox.title")}</h2>
        <p className="text-sm text-gray-500">
          {t("outbox.intro", { engine: inngestConfigured() ? "inngest" : "server", attempts: MAX_OUTBOX_ATTEMPTS })}
        </p>
        <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4" aria-label={t("outbox.label")}>
          <Stat label={t("outbox.waiting")} value={num(work.pending)} note={work.retrying > 0 ? t("outbox.waitingToRetry", { count: work.retrying }) : undefined} testId="outbox-pending" />
          <Stat label={t("outbox.oldestWaiting")} value={work.oldestPendingAt ? describeDuration(now.getTime() - work.oldestPendingAt.getTime()) : "—"} note={work.oldestPendingAt ? t("outbox.since", { when: when(work.oldestPendingAt) }) : t("outbox.nothingWaiting")} testId="outbox-oldest" />
          <Stat label={t("outbox.doneLastDay")} value={num(work.doneLastDay)} testId="outbox-done" />
          <Stat label={t("outbox.failed")} value={num(work.failedCount)} alert={work.failedCount > 0} testId="outbox-failed" />
        </dl>
        <FailedWorkTable
          rows={work.failed.map((f) => ({ id: f.id, label: topicLabel(f.topic), created: when(f.createdAt), attempts: f.attempts, lastError: f.lastError }))}
          total={work.failedCount}
          mayRetry={mayRetry}
        />
      </section>
      <section aria-labelledby="deliveries-heading" className="space-y-2">
        <h2 id="deliveries-heading" className="text-lg font-semibold">{t("deliveries.title")}</h2>
        {channels.length === 0 ? (
          <p className="rounded-lg border border-gray-200 bg-white p-6 text-sm text-gray-600">{t("deliveries.empty")}</p>
        ) : (
          <div className="relative overflow-x-auto rounded-lg border border-gray-200 bg-white">
            <table className="min-w-full text-sm" aria-label={t("deliveries.title")}>
              <thead className="bg-gray-50 text-left text-gray-600">
                <tr>
                  <th className="px-4 py-2 font-medium">{t("deliveries.columns.channel")}</th>
                  <th className="px-4 py-2 font-medium">{t("deliveries.columns.lastHour")}</th>
                  <th className="px-4 py-2 font-medium">{t("deliveries.columns.lastDay")}</th>
                  <th className="px-4 py-2 font-medium">{t("deliveries.columns.refusedByReason")}</th>
                </tr>
              </thead>
              <tbody>
                {channels.map((c) => (
                  <tr key={c.channelId} className="border-t border-gray-100 align-top">
                    <td className="px-4 py-2 font-medium">{c.channelName}{c.archived ? <span className="ml-1 text-xs font-normal text-gray-500">{t("deliveries.archived")}</span> : null}</td>
                    <td className="px-4 py-2"><Counts w={c.lastHour} /></td>
                    <td className="px-4 py-2">
                      <Counts w={c.lastDay} />
                      {c.capped ? <div className="text-xs text-gray-500">{t("deliveries.capped", { count: 500 })}</div> : null}
                    </td>
                    <td className="px-4 py-2 text-xs">
                      {c.lastDay.refusedBy.length === 0 ? <span className="text-gray-500">{t("none")}</span> : (
                        <ul>{c.lastDay.refusedBy.map((r) => <li key={r.reason ?? ""}>{r.reason ?? t("deliveries.refusedNoReason")}: {num(r.count)}</li>)}</ul>
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
