import { REPLY_LOG_SIZE, type ReplyDeliveryRow } from "@/lib/channels/webhook-deliveries";

/** A reply sent to the outbound reply URL, with its times already formatted in the org's zone. */
export type ReplyLogRow = {
  id: number;
  createdAt: string;
  status: "pending" | "delivered" | "failed";
  /** "at 21 Nov 2026, 14:05 WIB" (delivered) / "next try …" (pending, retrying); null when there is nothing to add */
  statusDetail: string | null;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
};

/** A delivery as the table shows it; `fmt` formats an instant in the org's zone. */
export function toReplyLogRow(r: ReplyDeliveryRow, fmt: (d: Date) => string): ReplyLogRow {
  const statusDetail = r.status === "delivered" && r.deliveredAt ? `at ${fmt(r.deliveredAt)}` : r.status === "pending" && r.attempts > 0 ? `next try ${fmt(r.nextAttemptAt)}` : null;
  return { id: r.id, createdAt: fmt(r.createdAt), status: r.status, statusDetail, attempts: r.attempts, lastStatusCode: r.lastStatusCode, lastError: r.lastError };
}

const STATUS_CLASS = { delivered: "bg-green-50 text-green-700", pending: "bg-amber-50 text-amber-800", failed: "bg-red-50 text-red-700" } as const;

/** The newest replies Tandem POSTed to the channel's outbound reply URL (server-rendered; no interaction). */
export function ReplyLog({ rows, hasUrl }: { rows: ReplyLogRow[]; hasUrl: boolean }) {
  return (
    <section className="rounded-lg border border-gray-200 bg-white" aria-labelledby="reply-log-heading">
      <div className="border-b border-gray-100 px-5 py-3">
        <h2 id="reply-log-heading" className="font-semibold">Replies sent</h2>
        <p className="text-xs text-gray-500">The last {REPLY_LOG_SIZE} replies sent to the outbound reply URL.</p>
      </div>
      {rows.length === 0 ? (
        <p className="p-6 text-sm text-gray-600">
          {hasUrl ? "No replies sent yet. A reply is sent here when it is ready after the webhook has answered." : "No replies sent. Set an outbound reply URL above to receive replies that take longer than the webhook's answer."}
        </p>
      ) : (
        <div className="overflow-x-auto">
          <table className="min-w-full text-sm" aria-label="Replies sent">
            <thead className="bg-gray-50 text-left text-gray-600">
              <tr>
                {["Time", "Status", "Attempts", "Last HTTP status", "Last error"].map((h) => <th key={h} scope="col" className="px-4 py-2 font-medium">{h}</th>)}
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id} className="border-t border-gray-100">
                  <td className="whitespace-nowrap px-4 py-2">{r.createdAt}</td>
                  <td className="px-4 py-2">
                    <span className={`rounded px-1.5 py-0.5 text-xs font-semibold ${STATUS_CLASS[r.status]}`}>{r.status}</span>
                    {r.statusDetail ? <span className="ml-2 whitespace-nowrap text-xs text-gray-500">{r.statusDetail}</span> : null}
                  </td>
                  <td className="px-4 py-2 tabular-nums">{r.attempts}</td>
                  <td className="px-4 py-2 tabular-nums">{r.lastStatusCode ?? <span className="text-gray-400">—</span>}</td>
                  <td className="max-w-md break-words px-4 py-2">{r.lastError ?? <span className="text-gray-400">—</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
