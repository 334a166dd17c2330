import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { neutralizeFormula, toCsv } from "./to-csv";

describe("CSV exports never carry a live formula (issue 17)", () => {
  it("prefixes text cells that start like a formula; other text, numbers and dates are unchanged", () => {
    const csv = toCsv(
      [
        ['=HYPERLINK("http://evil.example","click")', "+62 812", "-1+A1", "@SUM(A1)", "\tx", "\rx", "Rina = happy", 5, -3, "-0.500"],
      ],
      { header: true, columns: ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"] },
    );
    const [row] = parse(csv, { columns: true }) as Record<string, string>[];
    expect(row).toEqual({ a: `'=HYPERLINK("http://evil.example","click")`, b: "'+62 812", c: "'-1+A1", d: "'@SUM(A1)", e: "'\tx", f: "'\rx", g: "Rina = happy", h: "5", i: "-3", j: "-0.500" });
    expect(neutralizeFormula("Where is my order?")).toBe("Where is my order?");
  });
});
