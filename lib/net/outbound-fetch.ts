/**
 * Outbound HTTP to addresses customers configure — push services, the channel's outbound reply URL, Chatwoot —
 * only to public addresses (issue 17 item 7), with `request-filtering-agent`: the name is resolved when the
 * connection is made and an address that is not public unicast (loopback, private, link-local such as the cloud
 * metadata 169.254.169.254, unique-local, carrier-grade NAT, reserved, 0.0.0.0) is refused before a byte is sent —
 * also for a name that changes after the URL was saved (DNS rebinding). Node's built-in `fetch` cannot take an
 * `http.Agent`, so requests go through `node:http`/`node:https` and come back as a WHATWG `Response`. Redirects are
 * never followed (a redirect could aim the request at an internal address); callers see the 3xx.
 *
 * `TANDEM_PUSH_ALLOW_PRIVATE_ENDPOINTS=1` (tests, or services on your own network) turns the check off; the model
 * client (lib/agent/model-client.ts) turns it off for the operator's own model endpoint (`allowPrivate`), using this
 * for its keep-alive `node:http` transport — so a model endpoint that redirects is an HTTP error there too.
 */
import http from "node:http";
import https from "node:https";
import { RequestFilteringHttpAgent, RequestFilteringHttpsAgent } from "request-filtering-agent";
import { env } from "@/lib/config/env";

/** The most of a response body read (1 MB): push services, reply receivers and Chatwoot answer far less. */
export const MAX_OUTBOUND_RESPONSE_BYTES = 1_000_000;

/** A request refused because its host is, or resolves to, an address that is not public. */
export class BlockedAddressError extends Error {
  constructor(readonly url: string, detail: string) {
    super(`${new URL(url).host} is not a public address (${detail})`);
    this.name = "BlockedAddressError";
  }
}

type Agents = { http: http.Agent; https: https.Agent };
const agents = new Map<boolean, Agents>();

/** One keep-alive agent pair per mode, reused across requests (push bursts reach one push service many times). */
function agentFor(protocol: "http:" | "https:", allowPrivate: boolean): http.Agent {
  let pair = agents.get(allowPrivate);
  if (!pair) {
    const options = { keepAlive: true, allowPrivateIPAddress: allowPrivate };
    pair = { http: new RequestFilteringHttpAgent(options), https: new RequestFilteringHttpsAgent(options) };
    agents.set(allowPrivate, pair);
  }
  return protocol === "https:" ? pair.https : pair.http;
}

const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

function bodyOf(body: RequestInit["body"]): string | Uint8Array | undefined {
  if (body === undefined || body === null) return undefined;
  if (typeof body === "string" || body instanceof Uint8Array) return body;
  throw new TypeError("outboundFetch sends a string or Uint8Array body");
}

/**
 * `fetch` for customer-configured URLs: only public addresses, checked at connect time; redirects not followed.
 * @param init method, headers, body (string or Uint8Array) and signal; `redirect` is always `manual`
 * @param options.allowPrivate skip the check (default: `TANDEM_PUSH_ALLOW_PRIVATE_ENDPOINTS=1`)
 * @returns the response (body cut at {@link MAX_OUTBOUND_RESPONSE_BYTES})
 * @throws BlockedAddressError when the host is, or resolves to, a non-public address; the request's network error,
 *   or the signal's abort reason
 */
export function outboundFetch(
  url: string,
  init: RequestInit = {},
  { allowPrivate = env().TANDEM_PUSH_ALLOW_PRIVATE_ENDPOINTS === "1" }: { allowPrivate?: boolean } = {},
): Promise<Response> {
  const target = new URL(url);
  if (target.protocol !== "http:" && target.protocol !== "https:") return Promise.reject(new TypeError(`Only http(s) URLs are fetched, not ${target.protocol}`));
  const body = bodyOf(init.body);
  const headers = Object.fromEntries(new Headers(init.headers).entries());
  const client = target.protocol === "https:" ? https : http;
  const protocol = target.protocol;
  return new Promise<Response>((resolve, reject) => {
    const req = client.request(
      target,
      {
        method: init.method ?? "GET",
        headers: body === undefined ? headers : { ...headers, "content-length": String(Buffer.byteLength(body)) },
        agent: agentFor(protocol, allowPrivate),
        signal: init.signal ?? undefined,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on("data", (chunk: Buffer) => {
          if (size < MAX_OUTBOUND_RESPONSE_BYTES) chunks.push(chunk);
          size += chunk.length;
        });
        res.on("error", reject);
        res.on("end", () => {
          const status = res.statusCode ?? 0;
          if (status < 200 || status > 599) return reject(new Error(`Unusable HTTP status ${status} from ${target.host}`));
          const responseHeaders = new Headers();
          for (const [name, value] of Object.entries(res.headers)) {
            if (value !== undefined) responseHeaders.set(name, Array.isArray(value) ? value.join(", ") : value);
          }
          const payload = NULL_BODY_STATUSES.has(status) ? null : Buffer.concat(chunks).subarray(0, MAX_OUTBOUND_RESPONSE_BYTES);
          resolve(new Response(payload, { status, statusText: res.statusMessage ?? "", headers: responseHeaders }));
        });
      },
    );
    req.on("error", (error: Error) => reject(/is not allowed\. Because/.test(error.message) ? new BlockedAddressError(url, error.message) : error));
    req.end(body);
  });
}

/** {@link outboundFetch} in the shape of the global `fetch`, for clients that take a fetch implementation. */
export const publicFetch: typeof fetch = (input, init) => {
  if (input instanceof Request) throw new TypeError("publicFetch takes a URL and init, not a Request");
  return outboundFetch(String(input), init);
};
