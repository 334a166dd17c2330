import { errorFunction } from "simple-statistics";
import { describe, expect, it } from "vitest";
import { decideArm } from "./decide-arm";

const on = { orgSplitEnabled: true, channelSplitEnabled: true };

describe("decideArm (000_… BTS-S02)", () => {
  it("keeps every conversation on the bot without a variant when the split is off", () => {
    expect(decideArm({ ...on, orgSplitEnabled: false, botPercent: 0 }, 0)).toEqual({ variant: null, botPercent: null });
    expect(decideArm({ ...on, channelSplitEnabled: false, botPercent: 0 }, 0)).toEqual({ variant: null, botPercent: null });
  });

  it("sends roll < bot_percent to the bot and the rest to humans (AC-1, AC-2)", () => {
    expect(decideArm({ ...on, botPercent: 30 }, 29)).toMatchObject({ variant: "bot", botPercent: 30 });
    expect(decideArm({ ...on, botPercent: 30 }, 30)).toMatchObject({ variant: "human", botPercent: 30 });
    expect(decideArm({ ...on, botPercent: 0 }, 0)).toMatchObject({ variant: "human" });
    expect(decideArm({ ...on, botPercent: 100 }, 99)).toMatchObject({ variant: "bot" });
  });

  it.each([[null], [150], [-1], [2.5], ["30"]])("fails safe to the bot with a reason for bot_percent %s (ERR-1)", (botPercent) => {
    expect(decideArm({ ...on, botPercent }, 0)).toEqual({ variant: null, botPercent: null, fallbackReason: "invalid_bot_percent" });
  });

  it("fails safe to the bot when the config could not be read: null flags (the read failed) or a field that throws (ERR-1)", () => {
    expect(decideArm({ orgSplitEnabled: null, channelSplitEnabled: null, botPercent: null }, 0)).toEqual({ variant: null, botPercent: null, fallbackReason: "config_read_failed" });
    expect(decideArm({ ...on, channelSplitEnabled: null, botPercent: 30 }, 0)).toEqual({ variant: null, botPercent: null, fallbackReason: "config_read_failed" });
    const throwing = {
      ...on,
      get botPercent(): unknown {
        throw new Error("config unreadable");
      },
    };
    expect(decideArm(throwing, 0)).toEqual({ variant: null, botPercent: null, fallbackReason: "config_unreadable" });
    // a flag that is not a boolean is ambiguous, not "off"
    expect(decideArm({ ...on, orgSplitEnabled: "yes" as unknown as boolean, botPercent: 30 }, 0)).toEqual({ variant: null, botPercent: null, fallbackReason: "config_unreadable" });
  });

  it("lands 10,000 decisions at bot_percent 30 within ±1.5 points of 30 %", () => {
    const n = 10_000;
    const p = 0.3;
    const tolerance = 0.015;
    // Statistical bound: the bot count is Binomial(n, p), so the observed share has σ = √(p(1−p)/n) ≈ 0.00458 and the
    // tolerance is z = 0.015 / σ ≈ 3.27 σ. A correct splitter fails this test with probability
    // 2·(1 − Φ(z)) ≈ 0.0011 — asserted below to be under 0.2 %. Φ is computed from simple-statistics' errorFunction
    // (Φ(z) = ½ + ½·erf(z/√2)): its cumulativeStdNormalProbability table is rounded to Φ(3.27) = 0.999, which would
    // overstate the bound as exactly 0.002.
    const sigma = Math.sqrt((p * (1 - p)) / n);
    const phi = (z: number) => 0.5 + 0.5 * errorFunction(z / Math.SQRT2);
    const falseFailure = 2 * (1 - phi(tolerance / sigma));
    expect(falseFailure).toBeLessThan(0.002);

    const decisions = Array.from({ length: n }, () => decideArm({ ...on, botPercent: 30 }));
    const bot = decisions.filter((d) => d.variant === "bot").length;
    expect(Math.abs(bot / n - p)).toBeLessThan(tolerance);
    // every decision is tagged and carries the percentage in force
    expect(decisions.every((d) => (d.variant === "bot" || d.variant === "human") && d.botPercent === 30)).toBe(true);
    // rolls are whole numbers 0..99 and every one of them occurs (a missed value has probability 0.99^10000 ≈ 2e-44)
    const rolls = new Set(decisions.map((d) => ("roll" in d ? d.roll : -1)));
    expect([...rolls].sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, i) => i));
  });

  it("sends every conversation to humans at 0 % and every one to the bot at 100 % (AC-2, AC-3)", () => {
    const zero = Array.from({ length: 2_000 }, () => decideArm({ ...on, botPercent: 0 }));
    expect(zero.every((d) => d.variant === "human" && d.botPercent === 0)).toBe(true);
    const hundred = Array.from({ length: 2_000 }, () => decideArm({ ...on, botPercent: 100 }));
    expect(hundred.every((d) => d.variant === "bot" && d.botPercent === 100)).toBe(true);
    // the edges of the roll too
    expect(decideArm({ ...on, botPercent: 0 }, 0).variant).toBe("human");
    expect(decideArm({ ...on, botPercent: 100 }, 99).variant).toBe("bot");
  });
});
