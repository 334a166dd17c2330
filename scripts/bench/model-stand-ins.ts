/**
 * The services around Tandem in `bench:agent-model`, run in a process of their own (as they are in production: the
 * model is a remote endpoint, the outbound reply URL a channel's server), so their CPU is not charged to Tandem's:
 * - an OpenAI-compatible model stand-in: every chat completion answers after `--model-delay` ms;
 * - the outbound reply receiver: 204 to every POST; `GET /count` answers how many it got, as JSON `{ "posts": N }`.
 * Prints one JSON line `{ "model": URL, "receiver": URL }` once both listen on 127.0.0.1; ends when its parent does.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { intOption } from "./cli";

const modelDelay = intOption("--model-delay", 1500, 0);

/** A local HTTP server answering each request, once its body has been read, with `handler`. */
async function listen(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<string> {
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => handler(req, res));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const completion = JSON.stringify({ id: "bench", object: "chat.completion", created: 0, model: "stand-in", choices: [{ index: 0, finish_reason: "stop", message: { role: "assistant", content: "Here is what our help centre says about that." } }] });
const model = await listen((_req, res) =>
  setTimeout(() => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(completion);
  }, modelDelay),
);
let posts = 0;
const receiver = await listen((req, res) => {
  if (req.method === "GET") {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ posts }));
    return;
  }
  posts++;
  res.writeHead(204).end();
});
console.log(JSON.stringify({ model, receiver }));
// the parent's end closes stdin: end with it, whatever happened to the parent
process.stdin.resume();
process.stdin.on("end", () => process.exit(0));
