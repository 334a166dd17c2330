import { describe, expect, it } from "vitest";
import { endpointAllowed } from "./push-subscriptions";

describe("endpointAllowed (push endpoints the server will POST to)", () => {
  it.each([
    "https://fcm.googleapis.com/fcm/send/abc",
    "https://updates.push.services.mozilla.com/wpush/v2/abc",
    "https://web.push.apple.com/QGx",
    "https://8.8.8.8/push",
  ])("accepts a public https push service: %s", (url) => {
    expect(endpointAllowed(url, false)).toBe(true);
  });

  it.each([
    "http://fcm.googleapis.com/fcm/send/abc",
    "https://127.0.0.1/push",
    "https://localhost:8443/push",
    "https://10.1.2.3/push",
    "https://172.20.0.5/push",
    "https://192.168.1.10/push",
    "https://169.254.169.254/latest/meta-data",
    "https://[::1]/push",
    "https://[fd00::1]/push",
    "https://printer.local/push",
    "https://localhost./push",
  ])("refuses http, loopback, private and link-local targets: %s", (url) => {
    expect(endpointAllowed(url, false)).toBe(false);
  });

  it("allows them when private endpoints are explicitly allowed (tests, own push service)", () => {
    expect(endpointAllowed("http://127.0.0.1:9999/push", true)).toBe(true);
  });
});
