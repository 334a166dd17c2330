/**
 * `afterResponse` outside a Next.js request scope (a route handler called directly, as the route tests and scripts do):
 * the work runs at once instead of being dropped with "`after` was called outside a request scope", and its failure is
 * logged, never thrown at the caller.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { afterResponse } from "./after-response";

afterEach(() => vi.restoreAllMocks());

describe("afterResponse outside a request scope", () => {
  it("starts the work at once, without the caller awaiting it", async () => {
    let done = false;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    afterResponse("test", async () => {
      await gate;
      done = true;
    });
    expect(done).toBe(false);
    release();
    await vi.waitFor(() => expect(done).toBe(true));
  });

  it("logs a failure of the work with its label and never throws", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    expect(() => afterResponse("outbox-retry", () => Promise.reject(new Error("engine down")))).not.toThrow();
    await vi.waitFor(() => expect(warn).toHaveBeenCalledWith("[outbox-retry] work after the response failed:", "engine down"));
  });
});
