/**
 * `/api/inngest` with an Inngest engine configured (`INNGEST_DEV=1`, set before the environment is first read: it is
 * read once per process): the body limit in front of the SDK (issue 17 item 8).
 */
import { describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  process.env.INNGEST_DEV = "1";
});

const { GET, POST, PUT } = await import("./route");

/** A body of `bytes` zero bytes, streamed in 1 MB chunks with no declared length (as a chunked upload). */
function streamed(bytes: number): ReadableStream<Uint8Array> {
  let left = bytes;
  return new ReadableStream({
    pull(controller) {
      if (left <= 0) return controller.close();
      const n = Math.min(left, 1 << 20);
      left -= n;
      controller.enqueue(new Uint8Array(n));
    },
  });
}

describe("/api/inngest with an engine: body limit (issue 17 item 8)", () => {
  it("refuses a body over Inngest's 32 MB run-state ceiling with a 413 before the SDK reads it, declared or streamed", async () => {
    for (const handler of [POST, PUT]) {
      const init = { method: "POST", body: streamed(33 * 1024 * 1024), duplex: "half" } as RequestInit;
      const res = await handler(new Request("http://tandem.test/api/inngest?fnId=x&stepId=step", init), {});
      expect(res.status).toBe(413);
      expect(await res.json()).toEqual({ error: "Body larger than 33554432 bytes" });
    }
  });

  it("hands a body under the limit to the SDK, which answers it (not a 404, not a 413)", async () => {
    const introspection = await GET(new Request("http://tandem.test/api/inngest"), {});
    expect(introspection.status).toBe(200);
    expect(await introspection.json()).toMatchObject({ function_count: expect.any(Number) });
    // a call for a function this app doesn't serve: the SDK itself reads it and refuses it
    const call = await POST(new Request("http://tandem.test/api/inngest?fnId=no-such-function&stepId=step", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ event: { name: "x", data: {} }, events: [], steps: {}, ctx: { run_id: "r", attempt: 0 } }) }), {});
    // (the dev-mode SDK answers an unknown function with its own 500: what matters here is that it read the call)
    expect(call.status).not.toBe(413);
    expect(await call.json()).toMatchObject({ message: expect.stringContaining('Function "no-such-function" was not found in this app') });
  });
});
