import { describe, expect, it } from "vitest";
import { formatDay, formatInZone, isoInZone } from "./format";

describe("dates as the reader writes them", () => {
  it("a local day keeps its calendar date in any locale, with or without the year (chart axes)", () => {
    expect(formatDay("2026-11-23", "id-ID")).toBe("23 Nov 2026");
    expect(formatDay("2026-11-23", "id-ID", { withYear: false })).toBe("23 Nov");
    expect(formatDay("2026-08-17", "id-ID", { withYear: false })).toBe("17 Agu");
    expect(formatDay("2026-11-23", "en-US")).toBe("Nov 23, 2026");
    // the first and last day of a year do not slip into the neighbouring one
    expect(formatDay("2026-01-01", "en-GB")).toBe("1 Jan 2026");
    expect(formatDay("2026-12-31", "en-GB")).toBe("31 Dec 2026");
  });

  it("an instant in the org's zone, named as Indonesians do (WIB), and as ISO with its offset for CSV", () => {
    expect(formatInZone("2026-12-02T14:37:00Z", "Asia/Jakarta")).toBe("2 Des 2026, 21.37 WIB");
    expect(isoInZone("2026-12-02T14:37:00Z", "Asia/Jakarta")).toBe("2026-12-02T21:37:00+07:00");
    expect(isoInZone("2026-12-02T14:37:00Z", "Asia/Makassar")).toBe("2026-12-02T22:37:00+08:00");
  });
});
