import { describe, expect, it } from "vitest";
import { open, seal } from "./secret-box";

describe("secret-box", () => {
  it("round-trips and never stores the plaintext", () => {
    const sealed = seal("whsec_abc");
    expect(sealed).not.toContain("whsec_abc");
    expect(open(sealed)).toBe("whsec_abc");
    expect(seal("same")).not.toBe(seal("same"));
  });

  it("refuses a tampered value", () => {
    const [v, iv, tag, body] = seal("secret").split(".");
    const flipped = Buffer.from(body!, "base64url");
    flipped[0]! ^= 1;
    expect(() => open([v, iv, tag, flipped.toString("base64url")].join("."))).toThrow(/cannot decrypt/);
    expect(() => open("garbage")).toThrow(/malformed/);
  });
});
