/**
 * A local receiver standing in for a channel's outbound reply URL: records every POST (headers, raw body, the status
 * it answered, when) and answers the next queued status (default 200).
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

export type ReceivedReply = { headers: Headers; raw: string; status: number; at: number };
export type ReplyReceiver = { url: string; requests: ReceivedReply[]; statuses: number[]; close: () => Promise<void> };

/** Starts a receiver on 127.0.0.1 (vitest.config sets TANDEM_PUSH_ALLOW_PRIVATE_ENDPOINTS=1, so it is an allowed URL). */
export async function startReplyReceiver(): Promise<ReplyReceiver> {
  const requests: ReceivedReply[] = [];
  const statuses: number[] = [];
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
    const status = statuses.shift() ?? 200;
    requests.push({ headers, raw: Buffer.concat(chunks).toString("utf8"), status, at: Date.now() });
    res.writeHead(status, { "content-type": "text/plain", connection: "close" });
    res.end(status < 300 ? "ok" : "nope");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/tandem/replies`,
    requests,
    statuses,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
