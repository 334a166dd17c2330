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

  it("splits close to the configured share over many rolls", () => {
    const n = 20_000;
    const bot = Array.from({ length: n }, () => decideArm({ ...on, botPercent: 30 })).filter((d) => d.variant === "bot").length;
    // 30% ± 1.5 points: > 6 standard deviations for n = 20,000
    expect(Math.abs(bot / n - 0.3)).toBeLessThan(0.015);
  });
});
