/**
 * A local Web Push service for tests: a plain HTTP server on 127.0.0.1 (port 0) that records every request (method,
 * path, headers, raw body) and answers with the status a test chooses, plus browser-side subscription keys. The
 * app's transport (`sendPushRequest` in lib/alerts/deliver-push.ts: web-push builds the request, fetch sends it)
 * accepts http endpoints, so the real protocol runs over a real socket. Free of any test runner (Playwright uses it
 * too); `test/push-service.ts` adds the Vitest lifecycle.
 */
import { createECDH, randomBytes, randomUUID, type ECDH } from "node:crypto";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

// --- the push service ---------------------------------------------------------------------------------------------

export type PushServiceRequest = { method: string; path: string; headers: IncomingHttpHeaders; body: Buffer };

export type PushService = {
  /** `http://127.0.0.1:<port>` — the VAPID `aud` */
  origin: string;
  /** a fresh device endpoint on this service: `<origin>/push/<id>` */
  endpoint: (id?: string) => string;
  /** every request received, in order */
  requests: PushServiceRequest[];
  /** the status to answer a request with (default 201); change it between deliveries */
  respond: (request: PushServiceRequest) => number;
  close: () => Promise<void>;
};

/**
 * Starts the push service.
 * @param respond status per request (default: always 201)
 */
export async function startPushService(respond: (request: PushServiceRequest) => number = () => 201): Promise<PushService> {
  const service = { requests: [] as PushServiceRequest[], respond } as PushService;
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const request: PushServiceRequest = { method: req.method ?? "", path: req.url ?? "", headers: req.headers, body: Buffer.concat(chunks) };
    service.requests.push(request);
    const status = service.respond(request);
    res.writeHead(status, status === 201 ? { location: `${service.origin}/message/${randomUUID()}` } : {});
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  service.origin = `http://127.0.0.1:${port}`;
  service.endpoint = (id = randomUUID()) => `${service.origin}/push/${id}`;
  service.close = async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return service;
}

// --- the browser side -----------------------------------------------------------------------------------------------

export type DeviceKeys = {
  /** the subscription's key pair (receiver side of the aes128gcm ECDH) */
  ecdh: ECDH;
  /** uncompressed P-256 public key, base64url (`PushSubscription.keys.p256dh`) */
  p256dh: string;
  /** 16 random bytes (`PushSubscription.keys.auth`) */
  authSecret: Buffer;
  auth: string;
};

/** A browser's subscription keys, as `PushManager.subscribe` would make them. */
export function newDeviceKeys(): DeviceKeys {
  const ecdh = createECDH("prime256v1");
  ecdh.generateKeys();
  const authSecret = randomBytes(16);
  return { ecdh, p256dh: ecdh.getPublicKey().toString("base64url"), authSecret, auth: authSecret.toString("base64url") };
}

/** The body `saveSubscription` accepts for a device on `endpoint` (`PushSubscription.toJSON()` plus a label). */
export function subscriptionInput(endpoint: string, keys: DeviceKeys, label = "Test device"): { endpoint: string; keys: { p256dh: string; auth: string }; label: string } {
  return { endpoint, keys: { p256dh: keys.p256dh, auth: keys.auth }, label };
}
