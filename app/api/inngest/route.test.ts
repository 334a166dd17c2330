import { describe, expect, it } from "vitest";
import { GET, POST, PUT } from "./route";

describe("/api/inngest without an Inngest engine (issue 17)", () => {
  it("answers GET, PUT and POST with a clear 404, never the SDK's 500", async () => {
    for (const handler of [GET, PUT, POST]) {
      const res = await handler(new Request("http://tandem.test/api/inngest", { method: "POST", body: "{}" }), {});
      expect(res.status).toBe(404);
      expect(await res.json()).toEqual({ error: expect.stringContaining("No Inngest engine is configured") });
    }
  });
});
