import { describe, expect, it } from "vitest";
import { safeCallbackPath } from "./callback-path";

describe("safeCallbackPath (deep links survive sign-in, never to another origin)", () => {
  it("keeps a same-origin path with its query and hash", () => {
    expect(safeCallbackPath("/reports/bot-vs-human?range=7")).toBe("/reports/bot-vs-human?range=7");
    expect(safeCallbackPath("/conversations/3f0c9c1e-1111-4a4a-8b8b-000000000000")).toBe("/conversations/3f0c9c1e-1111-4a4a-8b8b-000000000000");
    expect(safeCallbackPath("/approvals#drawer")).toBe("/approvals#drawer");
    expect(safeCallbackPath("/a/../approvals")).toBe("/approvals");
  });

  it("refuses anything that could lead to another origin, the login page itself and junk", () => {
    for (const bad of [
      "//evil.example/x", "/\\evil.example", "/\\/evil.example", "https://evil.example/", "http:/evil.example", "javascript:alert(1)",
      "evil.example", " /approvals", "/appr\tovals", "/x\u0000", "", "/login", "/login?callbackUrl=/x", `/${"a".repeat(2_001)}`,
    ]) {
      expect(safeCallbackPath(bad), bad).toBeNull();
    }
    for (const bad of [null, undefined, 42, {}, ["/approvals"]]) expect(safeCallbackPath(bad)).toBeNull();
  });
});
