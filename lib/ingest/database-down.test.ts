/**
 * Issue 16 item 5: while PostgreSQL is unreachable the incoming-message webhook answers 503 with Retry-After and
 * stores nothing; once it is back, the same delivery is stored (once) without restarting anything. The outage is real:
 * the handler's connections go through a local TCP relay to the PostgreSQL server, which the test cuts and restores.
 */
import { createServer, connect, type Server, type Socket } from "node:net";
import type { AddressInfo } from "node:net";
import { and, count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { openPostgres, type Db } from "@/db/client";
import { messages } from "@/db/schema";
import { answer503WhenDatabaseDown, isDatabaseUnavailable } from "@/lib/errors/database-unavailable";
import { onPostgresServer, seedQuietOrg, testDb } from "@/test/db";
import { handleIncomingMessage } from "./handle-incoming-message";
import { signWebhook } from "./sign";

/** A TCP relay to PostgreSQL that can be cut (every connection dropped, new ones refused) and restored on the same port. */
function relay(target: { host: string; port: number }) {
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  let port = 0;
  const listen = () =>
    new Promise<void>((resolve) => {
      server = createServer((client) => {
        const upstream = connect(target.port, target.host);
        for (const s of [client, upstream]) {
          sockets.add(s);
          s.on("close", () => sockets.delete(s));
          s.on("error", () => s.destroy());
        }
        client.pipe(upstream).pipe(client);
      });
      server.listen(port, "127.0.0.1", () => {
        port = (server!.address() as AddressInfo).port;
        resolve();
      });
    });
  return {
    listen,
    get port() {
      return port;
    },
    cut: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server!.close(() => resolve());
      }),
  };
}

let db: Db;
beforeAll(async () => {
  db = await testDb();
});

describe.runIf(onPostgresServer())("PostgreSQL unreachable (real outage through a relay)", () => {
  const link = relay({ host: "127.0.0.1", port: 5432 });
  let viaRelay: Awaited<ReturnType<typeof openPostgres>>;
  beforeAll(async () => {
    const url = new URL(inject("testDatabaseUrl")!);
    await link.listen();
    url.port = String(link.port);
    viaRelay = await openPostgres(url.toString(), { max: 4 });
  });
  afterAll(async () => {
    await viaRelay?.close().catch(() => undefined);
  });

  it("answers 503 with Retry-After and stores nothing while the database is down; the same delivery is stored once after it returns, without a restart", async () => {
    const org = await seedQuietOrg(db);
    const channel = org.channels[0]!;
    const raw = JSON.stringify({ channel_id: channel.id, conversation_id: `outage-${Date.now()}`, message_id: "m1", contact: { id: "wa:62814" }, text: "is the shop open today?", sent_at: new Date().toISOString() });
    const deliver = () =>
      answer503WhenDatabaseDown("incoming-message", () =>
        handleIncomingMessage(viaRelay.db, new Request("http://tandem.test/api/webhooks/incoming-message", { method: "POST", body: raw, headers: { "content-type": "application/json", ...signWebhook(channel.secret, raw) } })),
      );
    const stored = async () => (await db.select({ n: count() }).from(messages).where(and(eq(messages.orgId, org.orgId), eq(messages.sender, "customer"))))[0]!.n;

    // the handler's pool is connected when the outage starts (its open connections are cut with it)
    await viaRelay.db.select({ n: count() }).from(messages).where(eq(messages.orgId, org.orgId));
    expect(await stored()).toBe(0);
    await link.cut();
    const down = await deliver();
    expect(down.status).toBe(503);
    expect(down.headers.get("retry-after")).toBe("30");
    expect(await down.json()).toEqual({ error: expect.stringContaining("cannot reach its database") });
    const again = await deliver(); // a fresh connection is refused too
    expect(again.status).toBe(503);
    expect(await stored()).toBe(0);

    await link.listen();
    const up = await deliver();
    expect(up.status).toBe(200);
    expect((await deliver()).headers.get("x-tandem-duplicate")).toBe("true");
    expect(await stored()).toBe(1);
  }, 60_000);
});

describe("isDatabaseUnavailable", () => {
  it("recognises connection failures through wrapped causes, and nothing else", () => {
    const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" });
    expect(isDatabaseUnavailable(new Error("Failed query: insert …", { cause: refused }))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error("terminating connection due to administrator command"), { code: "57P01" }))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error("connection failure"), { code: "08006" }))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error("duplicate key"), { code: "23505" }))).toBe(false);
    expect(isDatabaseUnavailable(new Error("boom"))).toBe(false);
    expect(isDatabaseUnavailable(null)).toBe(false);
  });
});
