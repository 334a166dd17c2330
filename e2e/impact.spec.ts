/**
 * AI Agent Impact report (001_…) in Chromium. The e2e server seeds the "impact" org with 13 months of simulated
 * history (lib/demo/simulate-history.ts) and builds its datamart; "other-org" has only a few days of data (baseline
 * forming) plus, 11 months back, two datamart rows whose sums overflow the report's integer read — a real query
 * failure, used for the Error state.
 */
import { expect, test, type Page } from "@playwright/test";
import { formatRupiah } from "@/lib/impact/format-rupiah";
import { signIn, snap } from "./fixture";


/** Net AI resolutions in the page's range, from the page's own CSV export. */
async function containedFromCsv(page: Page, query: string): Promise<number> {
  const res = await page.request.get(`/api/reports/ai-agent-impact/export?${query}`);
  expect(res.status()).toBe(200);
  const [header, ...rows] = (await res.text()).trim().split("\n");
  const col = header!.split(",").indexOf("ai_resolved_net");
  return rows.reduce((sum, r) => sum + Number(r.split(",")[col]), 0);
}

/** Digits of a localized whole number ("1.234" or "1,234") as a number. */
const whole = (text: string) => Number(text.replace(/[^\d]/g, ""));

/**
 * Headline, tiles and bar tell one story (issue 15 item 4): the same base of conversations everywhere, the bar's
 * "AI resolved alone" equal to the headline's and the hero tile's percentage, and the four segments summing to 100.
 */
async function expectOneStory(page: Page) {
  const headline = await page.getByTestId("headline").innerText();
  const m = headline.match(/\((\d+)% of ([\d.,]+)\)/);
  expect(m, headline).not.toBeNull();
  const [headlinePct, base] = [Number(m![1]), whole(m![2]!)];
  expect(await page.getByTestId("containment").innerText()).toContain(`${headlinePct}%`);
  expect(whole((await page.getByTestId("containment").innerText()).match(/Of all ([\d.,]+) conversations/)![1]!)).toBe(base);
  expect(whole((await page.getByTestId("volume").innerText()).match(/of ([\d.,]+) conversations/)![1]!)).toBe(base);
  const journey = await page.getByTestId("journey").innerText();
  const percents = [...journey.matchAll(/(\d+)%/g)].map((p) => Number(p[1]));
  expect(percents).toHaveLength(4);
  expect(percents.reduce((a, b) => a + b, 0)).toBe(100);
  expect(percents[0]).toBe(headlinePct);
  const counts = [...journey.matchAll(/\(([\d.,]+)\)/g)].map((c) => whole(c[1]!));
  expect(counts.reduce((a, b) => a + b, 0)).toBe(base);
  await expect(page.getByText(`Of all ${m![2]} conversations in the period`)).toBeVisible();
}

test.describe("owner of an org with 13 months of AI history", () => {
  test("opens the report from Reports, sets the cost assumption and sees hours and rupiah appear", async ({ page }, info) => {
    await signIn(page, "owner@impact.tandem.test");
    await page.getByRole("link", { name: "Reports" }).click();
    await page.getByRole("link", { name: "AI agent impact" }).click();
    await expect(page.getByRole("heading", { name: "AI agent impact" })).toBeVisible();
    await expect(page.getByTestId("headline")).toContainText("in 10 conversations on its own");
    await expect(page.getByTestId("containment")).toContainText(/\d+%/);
    await expect(page.getByTestId("containment")).toContainText("customers who asked again within 48 hours are left out");
    await page.getByTestId("containment").getByText("How is this counted?").click();
    await expect(page.getByTestId("containment-gap")).toContainText("Before leaving out customers who asked again");
    for (const id of ["volume", "after-hours", "reopen", "sentiment", "turns"]) await expect(page.getByTestId(id).getByTestId("verdict")).toBeVisible();
    await expectOneStory(page);
    await expect(page.getByTestId("forecast")).toContainText("Over the next 4 weeks");
    // no figure before the org's own assumption (IMPACT-S04 AC-3)
    await expect(page.getByTestId("work")).toContainText("Set your assumption to see hours and value saved");
    await expect(page.getByTestId("rupiah")).toHaveCount(0);
    await snap(page, info, "impact-owner-before-assumption");

    await page.getByTestId("work").getByRole("button", { name: "Set your assumption" }).click();
    const dialog = page.getByRole("dialog", { name: "Your cost assumption" });
    await expect(dialog).toBeVisible();
    await dialog.getByLabel("Agent cost per hour (Rp)").fill("-5");
    await dialog.getByLabel("Average minutes per conversation").fill("abc");
    await dialog.getByRole("button", { name: "Save" }).click();
    await expect(dialog.getByText("Enter at least Rp 1.000 an hour.")).toBeVisible();
    await expect(dialog.getByText("Enter minutes as a number.")).toBeVisible();
    await snap(page, info, "impact-cost-invalid");
    await dialog.getByLabel("Agent cost per hour (Rp)").fill("50.000");
    await dialog.getByLabel("Average minutes per conversation").fill("6");
    await dialog.getByRole("button", { name: "Save" }).click();
    // the action re-renders 13 months of report before it answers: allow a loaded CI machine its time
    await expect(page.getByText("Cost assumption saved")).toBeVisible({ timeout: 20_000 });
    await expect(dialog).toBeHidden();

    const contained = await containedFromCsv(page, "range=30");
    // contained × 6 min → hours × Rp 50.000 (IMPACT-S04 AC-1)
    await expect(page.getByTestId("rupiah")).toHaveText(`≈ ${formatRupiah(((contained * 6) / 60) * 50_000)}`);
    await expect(page.getByTestId("work")).toContainText("Not an audited figure");
    // the hours shown × the rate give the rupiah shown (same unrounded minutes, issue 15)
    const hours = (contained * 6) / 60;
    const locale = "id-ID"; // the demo org's locale (lib/demo/seed-demo-org.ts)
    await expect(page.getByTestId("work")).toContainText(`${hours.toLocaleString(locale, { maximumFractionDigits: 1 })} hours`);
    await expect(page.getByTestId("headline")).toContainText(`about ${hours.toLocaleString(locale, { maximumFractionDigits: 1 })} hours of your team's time, worth ${formatRupiah(hours * 50_000)}`);
    await snap(page, info, "impact-owner-with-assumption");
  });

  test("changing the range changes the numbers; the CSV has one row per day", async ({ page }, info) => {
    await signIn(page, "admin@impact.tandem.test");
    await page.goto("/reports/ai-agent-impact");
    const month = await page.getByTestId("volume").innerText();
    await page.getByLabel("Date range").selectOption("365");
    await expect(page).toHaveURL(/range=365/);
    await expect(page.getByTestId("volume")).not.toHaveText(month);
    await expect(page.getByTestId("headline")).toContainText("In the last 12 months");
    await expectOneStory(page);
    await snap(page, info, "impact-12-months");
    const csv = await page.request.get("/api/reports/ai-agent-impact/export?range=7");
    expect(csv.headers()["content-type"]).toContain("text/csv");
    expect((await csv.text()).trim().split("\n")).toHaveLength(1 + 7);
  });
});

test("a supervisor sees the figures but no cost editor", async ({ page }, info) => {
  await signIn(page, "supervisor@impact.tandem.test");
  await page.goto("/reports/ai-agent-impact");
  await expect(page.getByTestId("containment")).toContainText(/\d+%/);
  await expect(page.getByRole("button", { name: /Cost assumption|Set your assumption|Edit assumption/ })).toHaveCount(0);
  await snap(page, info, "impact-supervisor");
});

test("an agent has no report entry and gets no data", async ({ page }) => {
  await signIn(page, "agent@impact.tandem.test");
  await expect(page.getByRole("link", { name: "Reports" })).toHaveCount(0);
  const res = await page.goto("/reports/ai-agent-impact");
  expect(res?.status()).not.toBe(200);
  await expect(page.getByText("AI agent impact")).toHaveCount(0);
  const csv = await page.request.get("/api/reports/ai-agent-impact/export?range=30");
  expect(csv.status()).toBe(404);
});

test.describe("an org with little data", () => {
  test("shows Baseline forming with volume only, and the Error state with Retry when the read fails", async ({ page }, info) => {
    await signIn(page, "owner@other.tandem.test");
    await page.goto("/reports/ai-agent-impact");
    await expect(page.getByTestId("baseline-forming")).toContainText("Baseline forming");
    await expect(page.getByTestId("containment")).toContainText("Baseline forming");
    await expect(page.getByTestId("containment")).not.toContainText("%");
    await snap(page, info, "impact-baseline-forming");

    await page.getByLabel("Date range").selectOption("365");
    await expect(page.getByText("We couldn't load your report. Try again.")).toBeVisible();
    await snap(page, info, "impact-error");
    await page.getByRole("button", { name: "Retry" }).click();
    await expect(page.getByText("We couldn't load your report. Try again.")).toBeVisible();
    await expect(page.getByRole("button", { name: "Retry" })).toBeEnabled();
    // the rest of the app still works
    await page.getByLabel("Date range").selectOption("30");
    await expect(page.getByTestId("baseline-forming")).toBeVisible();
  });
});
