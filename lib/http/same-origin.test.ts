/** Issue 17 item 8: which requests count as coming from this site. */
import { describe, expect, it } from "vitest";
import { isSameOrigin } from "./same-origin";

const req = (headers: Record<string, string>, url = "http://tandem.example.com/api/x") => new Request(url, { method: "POST", headers });

describe("isSameOrigin", () => {
  it("accepts this site's origin, behind a proxy too, and non-browser clients without Origin", () => {
    expect(isSameOrigin(req({ origin: "http://tandem.example.com", host: "tandem.example.com" }))).toBe(true);
    expect(isSameOrigin(req({ origin: "https://console.tandem.id", host: "127.0.0.1:3000", "x-forwarded-host": "console.tandem.id" }))).toBe(true);
    expect(isSameOrigin(req({}))).toBe(true);
    expect(isSameOrigin(req({ "sec-fetch-site": "same-origin" }))).toBe(true);
  });

  it("refuses another site, a look-alike host, another port, an opaque or malformed origin, and cross-site fetch metadata", () => {
    for (const origin of ["https://evil.example", "http://tandem.example.com.evil.example", "http://tandem.example.com:8080", "null", "not a url"]) {
      expect(isSameOrigin(req({ origin, host: "tandem.example.com" })), origin).toBe(false);
    }
    expect(isSameOrigin(req({ "sec-fetch-site": "cross-site" }))).toBe(false);
    expect(isSameOrigin(req({ "sec-fetch-site": "same-site" }))).toBe(false);
  });
});
