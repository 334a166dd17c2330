/**
 * Accessibility on every page (issue 19 item 5): axe's WCAG 2.1 A/AA rules find no serious or critical violation on
 * any console page, in English and in Bahasa Indonesia, nor on the sign-in page; the skip link is the first Tab stop
 * and lands on the page's content.
 */
import { expect, test } from "@playwright/test";
import { authFile } from "./fixture";
import { chooseLanguage, consolePages, expectNoSeriousA11yViolations, openLoaded } from "./console-pages";

test.describe("as an owner", () => {
  test.use({ storageState: authFile("owner") });

  test("every console page passes axe in English and in Bahasa Indonesia", async ({ page }) => {
    test.setTimeout(240_000);
    const pages = await consolePages(page);
    for (const path of pages) {
      await openLoaded(page, path);
      await expect(page.locator("html")).toHaveAttribute("lang", "en");
      await expectNoSeriousA11yViolations(page, `${path} (en)`);
    }
    await chooseLanguage(page, "id");
    try {
      for (const path of pages) {
        await openLoaded(page, path);
        await expect(page.locator("html")).toHaveAttribute("lang", "id");
        await expectNoSeriousA11yViolations(page, `${path} (id)`);
      }
    } finally {
      await chooseLanguage(page, "en");
    }
  });

  test("the first Tab stop skips the navigation to the page's content", async ({ page }) => {
    await page.goto("/settings/organization");
    await page.keyboard.press("Tab");
    const skip = page.getByRole("link", { name: "Skip to main content" });
    await expect(skip).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(page.locator("main#main")).toBeFocused();
    await page.keyboard.press("Tab");
    // the next stop is inside the page, not the header
    expect(await page.evaluate(() => Boolean(document.activeElement?.closest("main")))).toBe(true);
  });
});

test("the sign-in page passes axe in both languages", async ({ browser }) => {
  for (const [locale, heading] of [["en-US", "Sign in to Tandem"], ["id-ID", "Masuk ke Tandem"]] as const) {
    const context = await browser.newContext({ locale });
    const page = await context.newPage();
    await page.goto("/login");
    await expect(page.getByRole("heading", { name: heading })).toBeVisible();
    await expectNoSeriousA11yViolations(page, `/login (${locale})`);
    await context.close();
  }
});
