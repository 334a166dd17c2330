import { expect, test } from "@playwright/test";
import { authFile, fixture, postMessage, snap } from "./fixture";

const liveChat = () => fixture().demo.channels.find((c) => c.name === "Live chat – Website")!;
const sales = () => fixture().demo.channels.find((c) => c.name === "WhatsApp – Sales")!;

test.describe("as an admin", () => {
  test.use({ storageState: authFile("admin") });

  test("enables the split at 30% and sees the toast; invalid values are blocked inline", async ({ page }, info) => {
    await page.goto(`/settings/chatbot/${liveChat().id}`);
    await expect(page.getByRole("heading", { name: "Traffic Split (A/B)" })).toBeVisible();
    await expect(page.getByText("All incoming chats are handled by the bot (100%).")).toBeVisible();
    await page.getByRole("switch", { name: "Enable traffic split" }).click();
    const input = page.getByLabel("Bot handles");
    for (const bad of ["150", "-5", "30%", "2.5", ""]) {
      await input.fill(bad);
      await expect(page.getByText("Enter a whole number between 0 and 100"), bad).toBeVisible();
      await expect(page.getByRole("button", { name: "Save" })).toBeDisabled();
    }
    await input.fill("30");
    await expect(page.getByText("~30% to bot, ~70% to human agents")).toBeVisible();
    await expect(page.getByText("When no agent is available, chats sent to human agents wait in the normal queue")).toBeVisible();
    await snap(page, info, "traffic-split-editing");
    await page.getByRole("button", { name: "Save" }).click();
    await expect(page.getByText("Traffic split updated: 30% bot / 70% human")).toBeVisible();
    await page.reload();
    await expect(page.getByLabel("Bot handles")).toHaveValue("30");
    await expect(page.getByTestId("split-saved")).toHaveText("Saved: 30% bot / 70% human");
    await snap(page, info, "traffic-split-saved");
  });

  test("a failed save keeps the prior value and offers Retry", async ({ page }, info) => {
    await page.goto(`/settings/chatbot/${liveChat().id}`);
    const before = (await page.getByTestId("split-saved").textContent())!;
    if (!(await page.getByRole("switch", { name: "Enable traffic split" }).getAttribute("aria-checked"))?.includes("true")) {
      await page.getByRole("switch", { name: "Enable traffic split" }).click();
    }
    await page.getByLabel("Bot handles").fill("45");
    // the first save request dies on the network; the report of the failure and the retry go through
    let aborted = false;
    await page.route("**/settings/chatbot/**", async (route) => {
      if (!aborted && route.request().method() === "POST") {
        aborted = true;
        await route.abort("failed");
      } else {
        await route.continue();
      }
    });
    await page.getByRole("button", { name: "Save" }).click();
    await expect(page.getByText("Couldn't save traffic split. Try again.")).toBeVisible();
    await expect(page.getByTestId("split-saved")).toHaveText(before);
    await snap(page, info, "traffic-split-failed");
    await page.getByRole("button", { name: "Retry" }).click();
    await expect(page.getByText("Traffic split updated: 45% bot / 55% human")).toBeVisible();
    await expect(page.getByTestId("split-saved")).toHaveText("Saved: 45% bot / 55% human");
  });

  test("the comparison shows both arms for the 30% channel and \"No data yet\" for a 0% channel", async ({ page, baseURL }, info) => {
    await page.goto(`/reports/bot-vs-human?channel=${sales().id}&range=30`);
    await expect(page.getByRole("heading", { name: "Bot vs human comparison" })).toBeVisible();
    const table = page.getByRole("table", { name: "Bot vs human comparison" });
    const conversations = table.getByRole("row", { name: /^Conversations/ });
    await expect(conversations.getByRole("cell").nth(0)).toHaveText(/^\d+$/);
    await expect(conversations.getByRole("cell").nth(1)).toHaveText(/^\d+$/);
    await expect(table.getByRole("row", { name: /^Resolution rate/ }).getByRole("cell").nth(1)).toHaveText(/^\d+%$/);
    await expect(page.getByText("Conversations per day, by group")).toBeVisible();
    await expect(page.locator(".recharts-surface").first()).toBeVisible();
    await expect(page.locator(".recharts-bar-rectangle")).not.toHaveCount(0);
    await snap(page, info, "bot-vs-human");

    // 0% bot on the live chat: every new conversation goes to the human arm
    const res = await page.request.put(`/api/channels/${liveChat().id}/traffic-split`, { data: { enabled: true, bot_percent: 0 } });
    expect(res.status()).toBe(200);
    for (let i = 0; i < 3; i++) {
      const sent = await postMessage(baseURL!, liveChat(), { conversationId: `e2e-zero-${Date.now()}-${i}`, messageId: "m1", text: "Halo, saya mau tanya ukuran baju" });
      expect(sent.json).toMatchObject({ variant: "human", reply: null });
    }
    await page.goto(`/reports/bot-vs-human?channel=${liveChat().id}&range=7`);
    const zero = page.getByRole("table", { name: "Bot vs human comparison" }).getByRole("row", { name: /^Resolution rate/ });
    await expect(zero.getByRole("cell").nth(0)).toHaveText("No data yet");
    await expect(page.getByTestId("parity")).toHaveText("No data yet");
    await snap(page, info, "bot-vs-human-zero");
  });
});

test.describe("as a supervisor", () => {
  test.use({ storageState: authFile("supervisor") });

  test("sees the split read-only and is refused a direct save", async ({ page }) => {
    await page.goto(`/settings/chatbot/${sales().id}`);
    await expect(page.getByText("You can view the traffic split; owners and admins change it.")).toBeVisible();
    await expect(page.getByRole("switch", { name: "Enable traffic split" })).toBeDisabled();
    await expect(page.getByRole("button", { name: "Save" })).toHaveCount(0);
    const res = await page.request.put(`/api/channels/${sales().id}/traffic-split`, { data: { enabled: true, bot_percent: 90 } });
    expect(res.status()).toBe(403);
  });
});

test.describe("as an agent", () => {
  test.use({ storageState: authFile("agent") });

  test("cannot open the chatbot settings or save a split, and can go online", async ({ page }) => {
    const res = await page.goto(`/settings/chatbot/${sales().id}`);
    expect(res?.status()).toBe(403);
    const put = await page.request.put(`/api/channels/${sales().id}/traffic-split`, { data: { enabled: true, bot_percent: 90 } });
    expect(put.status()).toBe(403);
    await page.goto("/conversations");
    const toggle = page.getByRole("switch", { name: "Available for conversations" });
    const wasOnline = (await toggle.getAttribute("aria-checked")) === "true";
    await toggle.click();
    await expect(page.getByText(wasOnline ? /You're offline/ : /You're online/)).toBeVisible();
    await expect(toggle).toHaveAttribute("aria-checked", wasOnline ? "false" : "true");
  });
});

test.describe("with the flag off", () => {
  test("the section is absent and a crafted request is refused", async ({ browser }) => {
    const owner = await browser.newContext({ storageState: authFile("owner") });
    const admin = await browser.newContext({ storageState: authFile("admin") });
    const ownerPage = await owner.newPage();
    const setFlag = async (on: boolean) => {
      await ownerPage.goto("/settings/organization");
      await ownerPage.getByLabel(/Bot-vs-human traffic split/).setChecked(on);
      await ownerPage.getByRole("button", { name: "Save plan and features" }).click();
      await expect(ownerPage.getByText("Plan and features saved")).toBeVisible();
    };
    await setFlag(false);
    try {
      const page = await admin.newPage();
      await page.goto(`/settings/chatbot/${sales().id}`);
      await expect(page.getByRole("heading", { name: "WhatsApp – Sales" })).toBeVisible();
      await expect(page.getByRole("heading", { name: "Traffic Split (A/B)" })).toHaveCount(0);
      const res = await page.request.put(`/api/channels/${sales().id}/traffic-split`, { data: { enabled: true, bot_percent: 90 } });
      expect(res.status()).toBe(403);
      await page.goto(`/settings/chatbot/${sales().id}`);
      await expect(page.getByRole("heading", { name: "Traffic Split (A/B)" })).toHaveCount(0);
    } finally {
      await setFlag(true);
      await owner.close();
      await admin.close();
    }
    // turning the flag off stopped the channel's split (issue 15 item 5); it stays off when the flag comes back, and
    // the refused request persisted nothing: the kept percentage is still 30, not 90
    const check = await browser.newContext({ storageState: authFile("admin") });
    const page = await check.newPage();
    await page.goto(`/settings/chatbot/${sales().id}`);
    await expect(page.getByTestId("split-saved")).toHaveText("Saved: off — the bot handles 100%");
    await page.getByRole("switch", { name: "Enable traffic split" }).click();
    await expect(page.getByLabel("Bot handles")).toHaveValue("30");
    await page.getByRole("button", { name: "Save" }).click();
    await expect(page.getByTestId("split-saved")).toHaveText("Saved: 30% bot / 70% human");
    await check.close();
  });
});
