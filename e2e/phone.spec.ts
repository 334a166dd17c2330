/**
 * The console on a phone (issue 19 item 2), 390 × 844 like the supervisor's phone the web push lands on:
 * - the navigation collapses into a menu that reaches every section (Monitoring with its badge) and Sign out;
 * - every console page fits the screen: nothing scrolls sideways, no control is cut off (tables scroll inside their
 *   own box), with a screenshot of each;
 * - alert → conversation → take over works with the thumb.
 */
import { expect, test, type Page } from "@playwright/test";
import { authFile, fixture, postMessage, snap } from "./fixture";
import { consolePages, expectNothingClipped, openLoaded } from "./console-pages";

test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

async function openMenu(page: Page) {
  await page.getByRole("button", { name: "Menu" }).click();
  return page.getByRole("navigation", { name: "Main" });
}

test.describe("as a supervisor", () => {
  test.use({ storageState: authFile("supervisor") });

  test("the menu reaches every section and Sign out; it closes on navigation and on Escape", async ({ page }, info) => {
    await page.goto("/conversations");
    // the inline navigation is not shown on a phone: one menu button instead
    await expect(page.getByRole("navigation", { name: "Main" })).toHaveCount(0);
    const nav = await openMenu(page);
    for (const name of ["Conversations", /Monitoring/, "Reports", "Approvals"]) await expect(nav.getByRole("link", { name })).toBeVisible();
    await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Close menu" })).toHaveAttribute("aria-expanded", "true");
    await snap(page, info, "phone-menu-open");
    await expectNothingClipped(page, "menu open");

    await nav.getByRole("link", { name: /Monitoring/ }).click();
    await expect(page).toHaveURL(/\/monitoring$/);
    await expect(page.getByRole("navigation", { name: "Main" })).toHaveCount(0);

    await openMenu(page);
    await page.keyboard.press("Escape");
    await expect(page.getByRole("navigation", { name: "Main" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Menu" })).toBeFocused();
  });

  test("alert → conversation → take over on a phone", async ({ page, baseURL }, info) => {
    const { demo } = fixture();
    const text = `E2E phone ${Date.now()}: my video got taken down for copyright, please help`;
    const res = await postMessage(baseURL!, demo.channels[0]!, { conversationId: `e2e-phone-${Date.now()}`, messageId: "m1", text });
    expect(res.status).toBe(200);
    const conversationId = res.json.conversation_id;
    // the alert reaches the feed once the webhook's transaction is committed
    await expect(async () => {
      await page.goto("/monitoring");
      await expect(page.getByRole("list", { name: "Alerts" }).getByRole("link", { name: "Open conversation" }).first()).toBeVisible({ timeout: 2_000 });
    }).toPass({ timeout: 15_000 });
    await snap(page, info, "phone-monitoring");
    await expectNothingClipped(page, "/monitoring");
    let opened = false;
    for (const link of await page.getByRole("list", { name: "Alerts" }).getByRole("link", { name: "Open conversation" }).all()) {
      const href = (await link.getAttribute("href"))!;
      const r = await page.request.get(href, { maxRedirects: 0 });
      if (r.headers()["location"]?.includes(conversationId)) {
        await link.scrollIntoViewIfNeeded();
        await link.tap();
        opened = true;
        break;
      }
    }
    expect(opened, "an alert links to the new conversation").toBe(true);
    await expect(page).toHaveURL(new RegExp(`/conversations/${conversationId}`));
    const actions = page.getByRole("region", { name: "Actions" });
    await actions.getByRole("button", { name: "Take over" }).tap();
    await expect(page.getByText("You have this conversation now. The AI agent stops answering it.")).toBeVisible();
    await expect(actions.getByRole("button", { name: "Take over" })).toHaveCount(0);
    await snap(page, info, "phone-conversation-taken-over");
    await expectNothingClipped(page, "conversation");
  });
});

test.describe("as an owner", () => {
  test.use({ storageState: authFile("owner") });

  test("every console page fits a 390 px screen", async ({ page }, info) => {
    test.setTimeout(180_000);
    for (const path of await consolePages(page)) {
      await openLoaded(page, path);
      await expectNothingClipped(page, path);
      await snap(page, info, `phone${path.replace(/\/[0-9a-f-]{36}/g, "/id").replaceAll("/", "-")}`);
    }
  });
});
