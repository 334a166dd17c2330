/**
 * A webhook load client in a process of its own, as the sender is in production (Chatwoot, a channel's server): its
 * HTTP client's CPU is not charged to Tandem's process. Used by `bench:agent-model`.
 *
 * Reads jobs from stdin, one JSON line each — {@link LoadJob}: the requests (already signed) and how many may be in
 * flight at once — posts them over real HTTP, and answers each job with one JSON line on stdout ({@link LoadResult}).
 * Ends when stdin ends.
 */
import { Agent, request as httpRequest } from "node:http";
import { createInterface } from "node:readline";

export type LoadRequest = { url: string; body: string; headers: Record<string, string>; arm: string };
export type LoadJob = { concurrency: number; requests: LoadRequest[] };
/** Per request, in the job's order: its arm, latency (ms), when it finished (ms after the job started), status, `reply_pending`. */
export type LoadOutcome = { arm: string; ms: number; endMs: number; status: number; pending: boolean };
export type LoadResult = { seconds: number; outcomes: LoadOutcome[]; failures: string[] };

/** Whether a webhook answer says `reply_pending: true`. */
function replyPending(text: string): boolean {
  try {
    return (JSON.parse(text) as { reply_pending?: boolean }).reply_pending === true;
  } catch {
    return false;
  }
}

/**
 * One POST over node:http on `agent`'s kept-alive sockets (leaner than fetch: this process shares the machine's cores
 * with Tandem's, so its CPU per request is kept low).
 * @returns the status and the body as text
 * @throws on a network error
 */
function post(agent: Agent, request: LoadRequest): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(request.url, { method: "POST", agent, headers: { ...request.headers, "content-length": Buffer.byteLength(request.body) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") }));
      res.on("error", reject);
    });
    req.on("error", reject);
    // as fetch gives up on a stuck response: a hung request fails the bench instead of hanging it
    req.setTimeout(60_000, () => req.destroy(new Error("no response in 60 s")));
    req.end(request.body);
  });
}

/** Posts `job`'s requests with at most `job.concurrency` in flight; the first three failures' status and body are kept. */
async function runJob(job: LoadJob): Promise<LoadResult> {
  const outcomes: LoadOutcome[] = new Array(job.requests.length);
  const failures: string[] = [];
  let next = 0;
  const agent = new Agent({ keepAlive: true, maxSockets: job.concurrency });
  const started = performance.now();
  await Promise.all(
    Array.from({ length: job.concurrency }, async () => {
      while (next < job.requests.length) {
        const i = next++;
        const request = job.requests[i]!;
        const t0 = performance.now();
        let status = 0;
        let text = "";
        try {
          ({ status, text } = await post(agent, request));
        } catch (error) {
          text = error instanceof Error ? error.message : String(error);
        }
        const t1 = performance.now();
        if (status < 200 || status >= 300) {
          if (failures.length < 3) failures.push(`${status} ${text.replace(/\s+/g, " ").slice(0, 300)}`);
        }
        outcomes[i] = { arm: request.arm, ms: t1 - t0, endMs: t1 - started, status, pending: replyPending(text) };
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  return { seconds, outcomes, failures };
}

const lines = createInterface({ input: process.stdin });
for await (const line of lines) {
  if (!line.trim()) continue;
  process.stdout.write(`${JSON.stringify(await runJob(JSON.parse(line) as LoadJob))}\n`);
}
process.exit(0);
