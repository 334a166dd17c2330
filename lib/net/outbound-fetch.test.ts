/**
 * Issue 17 item 7: customer-configured URLs are fetched only at public addresses, judged when the connection is made.
 * A local receiver stands in for an internal service: reached directly with the private-endpoint flag on, refused
 * by address literal and by a name resolving to it (`localhost`) with the flag off — and the receiver never sees the
 * request. The address ranges are `request-filtering-agent`'s.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BlockedAddressError, outboundFetch, publicFetch } from "./outbound-fetch";

let hits = 0;
let port = 0;
const seen: { method?: string; ttl?: string | string[]; length?: string }[] = [];
const server = createServer((req, res) => {
  hits += 1;
  seen.push({ method: req.method, ttl: req.headers.ttl, length: req.headers["content-length"] });
  if (req.url === "/redirect") return res.writeHead(302, { location: "http://169.254.169.254/" }).end();
  res.end("internal secret");
});
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("outboundFetch", () => {
  it("with the private-endpoint flag, a local receiver is reached: status, headers, body; redirects are not followed", async () => {
    const res = await outboundFetch(`http://127.0.0.1:${port}/hook`, { method: "POST", body: new Uint8Array([1, 2]), headers: { TTL: "60" } }, { allowPrivate: true });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("internal secret");
    expect(seen.at(-1)).toEqual({ method: "POST", ttl: "60", length: "2" });
    const redirected = await outboundFetch(`http://127.0.0.1:${port}/redirect`, {}, { allowPrivate: true });
    expect(redirected.status).toBe(302);
    expect(redirected.headers.get("location")).toBe("http://169.254.169.254/");
  });

  it("without it, an address literal on a private range is refused before connecting", async () => {
    const before = hits;
    for (const url of [`http://127.0.0.1:${port}/`, `http://[::1]:${port}/`, "http://169.254.169.254/latest/meta-data/", "https://10.0.0.5/", "http://[::ffff:127.0.0.1]/", "http://0.0.0.0/"]) {
      await expect(outboundFetch(url, {}, { allowPrivate: false })).rejects.toBeInstanceOf(BlockedAddressError);
    }
    expect(hits).toBe(before);
  });

  it("without it, a name that resolves to a private address is refused at connect time, with the address named", async () => {
    const before = hits;
    const error = await outboundFetch(`http://localhost:${port}/`, { method: "POST", body: "x" }, { allowPrivate: false }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BlockedAddressError);
    expect((error as Error).message).toMatch(/^localhost:\d+ is not a public address \(DNS lookup (127\.0\.0\.1|::1).*private IP address/);
    expect(hits).toBe(before);
  });

  it("publicFetch (the Chatwoot client's default) follows the private-endpoint flag (on in tests)", async () => {
    expect(await (await publicFetch(`http://127.0.0.1:${port}/`)).text()).toBe("internal secret");
    expect(() => publicFetch(new Request(`http://127.0.0.1:${port}/`))).toThrow(TypeError);
  });
});
