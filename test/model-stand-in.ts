/**
 * A local stand-in for an OpenAI-compatible chat-completions endpoint (`POST <baseURL>/chat/completions`) on
 * 127.0.0.1, for tests of the model path: it answers every request with `answer` after `delayMs`, optionally running
 * `beforeAnswer` first (e.g. to change the database while the model is "thinking"), and records what it was asked.
 */
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

export type ModelStandInRequest = { url: string; headers: IncomingHttpHeaders; body: { model?: string; messages?: { role: string; content: string }[] } };

export type ModelStandIn = {
  /** `http://127.0.0.1:<port>/v1` */
  baseURL: string;
  /** every request received, in order (recorded on arrival, before the delay) */
  requests: ModelStandInRequest[];
  /** how many requests have been answered */
  answered: number;
  /** the assistant text every request gets */
  answer: string;
  /** wait before answering (ms) */
  delayMs: number;
  /** runs after the delay, before the answer is sent */
  beforeAnswer: ((request: ModelStandInRequest) => Promise<void>) | null;
  /** forgets the requests and restores the defaults (answer, no delay, no hook) */
  reset: () => void;
  close: () => Promise<void>;
};

/** Starts the stand-in. */
export async function startModelStandIn(): Promise<ModelStandIn> {
  const standIn = { requests: [], answered: 0, answer: "stand-in answer", delayMs: 0, beforeAnswer: null } as unknown as ModelStandIn;
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString("utf8");
    const request: ModelStandInRequest = { url: req.url ?? "", headers: req.headers, body: text ? (JSON.parse(text) as ModelStandInRequest["body"]) : {} };
    standIn.requests.push(request);
    const content = standIn.answer;
    await new Promise((resolve) => setTimeout(resolve, standIn.delayMs));
    try {
      await standIn.beforeAnswer?.(request);
    } catch (error) {
      console.warn("[model stand-in] beforeAnswer failed:", error instanceof Error ? error.message : error);
    }
    // every response closes its connection: the SDK would otherwise reuse a kept-alive socket this server may close
    res.writeHead(200, { "content-type": "application/json", connection: "close" });
    res.end(
      JSON.stringify({
        id: "chatcmpl-stand-in",
        object: "chat.completion",
        created: Math.floor(Date.now() / 1000),
        model: request.body.model ?? "stand-in",
        choices: [{ index: 0, message: { role: "assistant", content }, finish_reason: "stop" }],
      }),
    );
    standIn.answered += 1;
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  standIn.baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  standIn.reset = () => {
    standIn.requests = [];
    standIn.answered = 0;
    standIn.answer = "stand-in answer";
    standIn.delayMs = 0;
    standIn.beforeAnswer = null;
  };
  standIn.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return standIn;
}
