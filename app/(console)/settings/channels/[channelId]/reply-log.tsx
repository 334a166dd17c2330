import { getTranslations } from "next-intl/server";
import { REPLY_LOG_SIZE, type ReplyDeliveryRow } from "@/lib/channels/webhook-deliveries";

/** A reply sent to the outbound reply URL, with its times already formatted in the org's zone. */
export type ReplyLogRow = {
  id: number;
  createdAt: string;
  status: "pending" | "delivered" | "failed";
  /** when it was delivered, or its next try (pending, retrying), worded by the table; null when there is nothing to add */
  statusDetail: { kind: "deliveredAt" | "nextTry"; when: string } | null;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
};

/** A delivery as the table shows it; `fmt` formats an instant in the org's zone. */
export function toReplyLogRow(r: ReplyDeliveryRow, fmt: (d: Date) => string): ReplyLogRow {
  const statusDetail: ReplyLogRow["statusDetail"] = r.status === "delivered" && r.deliveredAt ? { kind: "deliveredAt", when: fmt(r.deliveredAt) } : r.status === "pending" && r.attempts > 0 ? { kind: "nextTry", when: fmt(r.nextAttemptAt) } : null;
  return { id: r.id, createdAt: fmt(r.createdAt), status: r.status, statusDetail, attempts: r.attempts, lastStatusCode: r.lastStatusCode, lastError: r.lastError };
}

const STATUS_CLASS = { delivered: "bg-green-50 text-green-700", pending: "bg-amber-50 text-amber-800", failed: "bg-red-50 text-red-700" } as const;

/** The newest replies Tandem POSTed to the channel's outbound reply URL (server-rendered; no interaction). */
export async function ReplyLog({ rows, hasUrl }: { rows: ReplyLogRow[]; hasUrl: boolean }) {
  const t = await getTranslations("settings.channels.replyLog");
  return (
    <section className="rounded-lg border border-gray-200 bg-white" aria-labelledby="reply-log-heading">
      <div className="border-b border-gray-100 px-5 py-3">
        <h2 id="reply-log-heading" className="font-semibold">{t("title")}</h2>
        <p className="text-xs text-gray-500">{t("intro", { count: REPLY_LOG_SIZE })}</p>
      </div>
      {rows.length === 0 ? (
        <p className="p-6 text-sm text-gray-600">
          {hasUrl ? t("empty") : t("emptyNoUrl")}
        </p>
      ) : (
        <div className="relative overflow-x-auto">
          <table className="min-w-full text-sm" aria-label={t("title")}>
            <thead className="bg-gray-50 text-left text-gray-600">
              <tr>
                {(["time", "status", "attempts", "lastHttpStatus", "lastError"] as const).map((h) => <th key={h} scope="col" className="px-4 py-2 font-medium">{t(`columns.${h}`)}</th>)}
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id} className="border-t border-gray-100">
                  <td className="whitespace-nowrap px-4 py-2">{r.createdAt}</td>
                  <td className="px-4 py-2">
                    <span className={`rounded px-1.5 py-0.5 text-xs font-semibold ${STATUS_CLASS[r.status]}`}>{t(`status.${r.status}`)}</span>
                    {r.statusDetail ? <span className="ml-2 whitespace-nowrap text-xs text-gray-500">{t(`detail.${r.statusDetail.kind}`, { when: r.statusDetail.when })}</span> : null}
                  </td>
                  <td className="px-4 py-2 tabular-nums">{r.attempts}</td>
                  <td className="px-4 py-2 tabular-nums">{r.lastStatusCode ?? <span className="text-gray-500">—</span>}</td>
                  <td className="max-w-md break-words px-4 py-2">{r.lastError ?? <span className="text-gray-500">—</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
