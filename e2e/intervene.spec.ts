/**
 * Acting where the alert lands (issue 18 item 1) in Chromium against `next start` (named to run after
 * e2e/conversations.spec.ts, which counts the replayed conversations): a supervisor opens the alert of a conversation the AI failed, takes it over, replies — the channel's outbound reply URL (a local receiver) gets it
 * once, a refused one shows Retry — resolves it, and sees the monitoring figures move. An agent lands on "Mine".
 */
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { authFile, fixture, postMessage, setAvailability, snap } from "./fixture";

type Received = { headers: IncomingHttpHeaders; body: string };

/** Sets (or clears, with "") the channel's outbound reply URL as an admin, through Settings › Channels. */
async function setOutboundUrl(browser: Browser, channelId: string, url: string) {
  const context = await browser.newContext({ storageState: authFile("admin") });
  const page = await context.newPage();
  await page.goto(`/settings/channels/${channelId}`);
  await page.getByLabel("URL", { exact: true }).fill(url);
  await page.getByRole("region", { name: "Outbound reply URL" }).getByRole("button", { name: "Save" }).click();
  await expect(page.getByText(url ? "Outbound reply URL saved" : "Outbound reply URL cleared")).toBeVisible();
  await context.close();
}

/** The monitoring feed's link of the alert raised on `conversationId` (a GET of the link only redirects). */
async function alertLinkFor(page: Page, conversationId: string): Promise<string> {
  await page.goto("/monitoring");
  const links = await page.getByRole("list", { name: "Alerts" }).getByRole("link", { name: "Open conversation" }).evaluateAll((as) => as.slice(0, 15).map((a) => a.getAttribute("href")!));
  for (const href of links) {
    const res = await page.request.get(href, { maxRedirects: 0 });
    if (res.headers()["location"]?.includes(conversationId)) return href;
  }
  throw new Error(`no alert link leads to ${conversationId}`);
}

test.describe("as a supervisor", () => {
  test.use({ storageState: authFile("supervisor") });

  test("opens an alert, takes over, replies (delivered once; a refused one is retried), resolves, and monitoring shows it", async ({ page, browser, baseURL }, info) => {
    const received: Received[] = [];
    const statuses: number[] = [];
    const receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        received.push({ headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
        res.writeHead(statuses.shift() ?? 200).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
    const { demo } = fixture();
    const channel = demo.channels[0]!;
    await setOutboundUrl(browser, channel.id, `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/replies`);
    try {
      // a question the AI can't answer: it hands over and raises an alert
      const text = `E2E ${Date.now()}: my youtube channel got suspended, please help`;
      const res = await postMessage(baseURL!, channel, { conversationId: `e2e-act-${Date.now()}`, messageId: "m1", text });
      expect(res.status).toBe(200);
      // the precondition, with the webhook's whole answer when it does not hold (this test once found no alert: CI,
      // 2026-12-05, passed on retry)
      expect(res.json.reply, JSON.stringify(res.json)).toMatchObject({ action: "handover", signals: expect.arrayContaining([expect.objectContaining({ signal: "low_confidence" })]) });
      const conversationId = res.json.conversation_id;

      let alertLink = "";
      // the alert is raised after the webhook's transaction commits: look until it is on the feed
      await expect(async () => { alertLink = await alertLinkFor(page, conversationId); }).toPass({ timeout: 15_000 });
      await page.goto(alertLink);
      await expect(page).toHaveURL(new RegExp(`/conversations/${conversationId}\\?alert=`));
      await expect(page.getByRole("status").filter({ hasText: "Opened from an alert" })).toBeVisible();
      const actions = page.getByRole("region", { name: "Actions" });
      await expect(actions.getByRole("button", { name: "Take over" })).toBeVisible();
      await snap(page, info, "conversation-before-take-over");

      await actions.getByRole("button", { name: "Take over" }).click();
      await expect(page.getByText("You have this conversation now. The AI agent stops answering it.")).toBeVisible();
      await expect(page.getByRole("complementary").getByText("Assigned", { exact: true })).toBeVisible();
      await expect(actions.getByRole("button", { name: "Take over" })).toHaveCount(0);

      // the first reply is refused by the receiver: saved, not delivered, with Retry
      statuses.push(400);
      const box = page.getByLabel("Reply to the customer");
      await box.fill("Hi! Sorry about your channel. I'm looking into it now.");
      await page.getByRole("button", { name: "Send reply" }).click();
      await expect(page.getByText(/Reply saved but not delivered \(HTTP 400\)/)).toBeVisible();
      await expect(box).toHaveValue("");
      const failed = page.getByTestId("delivery").filter({ hasText: "Not delivered" });
      await expect(failed).toContainText("HTTP 400");
      await snap(page, info, "conversation-reply-failed");
      await failed.getByRole("button", { name: "Retry" }).click();
      await expect(page.getByText("Reply sent to the customer.")).toBeVisible();
      await expect(page.getByTestId("delivery")).toHaveText("Delivered via the channel");

      // a second reply, sent with Ctrl+Enter, goes out once
      await box.fill("Could you send me the channel's link?");
      await box.press("Control+Enter");
      await expect(page.getByTestId("delivery")).toHaveCount(2);
      await expect(page.getByTestId("delivery").nth(1)).toHaveText("Delivered via the channel");
      const bodies = received.map((r) => JSON.parse(r.body) as { message_id: string; sender: string; text: string });
      expect(bodies.map((b) => b.text)).toEqual([
        "Hi! Sorry about your channel. I'm looking into it now.",
        "Hi! Sorry about your channel. I'm looking into it now.",
        "Could you send me the channel's link?",
      ]);
      expect(new Set(bodies.map((b) => b.sender))).toEqual(new Set(["agent"]));
      // the refused attempt and the retry carry the same webhook-id: a receiver that kept the first drops the second
      expect(received[0]!.headers["webhook-id"]).toBe(received[1]!.headers["webhook-id"]);

      await actions.getByLabel("Resolve as").selectOption({ label: "Our team resolved it" });
      await actions.getByRole("button", { name: "Resolve" }).click();
      await expect(page.getByText("Conversation resolved.")).toBeVisible();
      await expect(page.getByTestId("closed-reason")).toHaveText("Closed by an agent; the AI never answered");
      await expect(page.getByRole("region", { name: "Actions" })).toHaveCount(0);
      await expect(page.getByLabel("Reply to the customer")).toHaveCount(0);
      await snap(page, info, "conversation-resolved");

      await page.goto("/monitoring");
      const item = page.getByRole("list", { name: "Alerts" }).getByRole("listitem").filter({ has: page.locator(`a[href="${alertLink}"]`) });
      await expect(item).toContainText(/opened after \d+/);
      await expect(item).toContainText(/taken over by Sari Wulandari after \d+/);
      const summary = page.getByRole("region", { name: "Summary" });
      await expect(summary.getByText("Median time to open (7 days)")).toBeVisible();
      await expect(summary.getByText("Not opened yet")).toHaveCount(0);
      await expect(summary.getByText("No interventions yet")).toHaveCount(0);
      await snap(page, info, "monitoring-after-intervention");
    } finally {
      await setOutboundUrl(browser, channel.id, "");
      receiver.close();
    }
  });
});

test.describe("as an agent", () => {
  test.use({ storageState: authFile("agent") });

  test("lands on Mine, takes a conversation from the Queue and finds it under Mine", async ({ page, baseURL }, info) => {
    const { demo } = fixture();
    // offline, so auto-assignment leaves the new conversation in the queue for a person to take
    await page.goto("/conversations");
    const availability = page.getByRole("switch", { name: "Available for conversations" });
    const wasOnline = (await availability.getAttribute("aria-checked")) === "true";
    if (wasOnline) {
      await availability.click();
      await expect(availability).toHaveAttribute("aria-checked", "false");
    }
    // the other agents, online since the demo's replay, go offline through the helpdesk's webhook
    const others = ["agent2@demo.tandem.test", "agent3@demo.tandem.test"];
    for (const email of others) await setAvailability(baseURL!, demo.channels[0]!, email, "offline");
    const res = await postMessage(baseURL!, demo.channels[0]!, { conversationId: `e2e-queue-${Date.now()}`, messageId: "m1", text: `E2E ${Date.now()}: my youtube channel got suspended, help` });
    const conversationId = res.json.conversation_id;
    expect(res.json.status).toBe("WAITING_ASSIGN_AGENT");
    await page.goto("/conversations");
    const views = page.getByRole("navigation", { name: "Views" });
    await expect(views.getByRole("button", { name: "Mine" })).toHaveAttribute("aria-current", "page");
    await snap(page, info, "conversations-mine");
    await views.getByRole("button", { name: "Queue" }).click();
    await expect(page).toHaveURL(/view=queue/);
    await expect(page.locator(`a[href="/conversations/${conversationId}"]`)).toBeVisible();
    await page.locator(`a[href="/conversations/${conversationId}"]`).click();
    await page.getByRole("region", { name: "Actions" }).getByRole("button", { name: "Take over" }).click();
    await expect(page.getByText("You have this conversation now.")).toBeVisible();
    // an agent has no outbound URL on this channel: the reply box says why instead
    await expect(page.getByTestId("reply-blocked")).toContainText("outbound reply URL, and this channel has none");
    await page.goto("/conversations?view=mine");
    await expect(page.locator(`a[href="/conversations/${conversationId}"]`)).toBeVisible();
    if (wasOnline) {
      await availability.click();
      await expect(availability).toHaveAttribute("aria-checked", "true");
    }
    for (const email of others) await setAvailability(baseURL!, demo.channels[0]!, email, "online");
  });
});
