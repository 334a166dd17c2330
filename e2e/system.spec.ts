import { expect, test } from "@playwright/test";
import { authFile, fixture, postMessage, snap } from "./fixture";

test.describe("Settings › System", () => {
  test.describe("as the owner", () => {
    test.use({ storageState: authFile("owner") });

    test("shows the in-process scheduler running every job and each channel's deliveries, refusals by reason", async ({ page, baseURL }, info) => {
      const channel = fixture().demo.channels[0]!;
      const id = `e2e-system-${Date.now()}`;
      expect((await postMessage(baseURL!, channel, { conversationId: id, messageId: "m1", text: "where is my order?" })).status).toBe(200);
      const forged = await postMessage(baseURL!, { id: channel.id, secret: "whsec_" + Buffer.alloc(24, 9).toString("base64") }, { conversationId: id, messageId: "m2", text: "hi" });
      expect(forged.status).toBe(401);

      await page.goto("/settings/system");
      await expect(page.getByRole("heading", { name: "System", level: 1 })).toBeVisible();
      await expect(page.getByText("inside the Tandem server (no Inngest engine is configured)")).toBeVisible();
      const jobs = page.getByRole("table", { name: "Scheduled jobs" });
      await expect(jobs.getByRole("row")).toHaveCount(9); // header + 8 jobs
      const sweep = jobs.getByRole("row", { name: /Approval timeouts and SLA breaches/ });
      await expect(sweep).toContainText("Every minute");
      // the every-minute job has run on its own in the server (nobody asked for it): reload until its first tick is recorded
      await expect(async () => {
        await page.reload();
        await expect(sweep).toContainText("Completed", { timeout: 1_000 });
      }).toPass({ timeout: 90_000, intervals: [5_000] });
      await expect(sweep).toContainText("Healthy");

      const deliveries = page.getByRole("table", { name: "Webhook deliveries by channel" });
      const row = deliveries.getByRole("row", { name: new RegExp(channel.name) });
      await expect(row).toContainText(/[1-9]\d* accepted/);
      await expect(row).toContainText("Invalid or missing webhook signature: ");
      await snap(page, info, "system-owner");
    });

    test("shows the outbox and retries a failed push, which then completes", async ({ page }, info) => {
      await page.goto("/settings/system");
      await expect(page.getByRole("alert").filter({ hasText: "1 failed background task needs attention" })).toBeVisible();
      await expect(page.getByTestId("outbox-failed")).toContainText("1");
      const failed = page.getByRole("table", { name: "Failed background work" });
      const row = failed.getByRole("row", { name: /Alert push/ });
      await expect(row).toContainText("push service answered 503");
      await expect(row).toContainText("8");
      await snap(page, info, "system-outbox-failed");
      await row.getByRole("button", { name: /^Retry/ }).click();
      await expect(page.getByText("Queued again. It is being sent now.")).toBeVisible();
      // dispatched right after the answer: the row leaves the failed list and counts as done
      await expect(async () => {
        await page.reload();
        await expect(page.getByTestId("outbox-failed")).toContainText("0", { timeout: 1_000 });
      }).toPass({ timeout: 30_000, intervals: [1_000] });
      await expect(page.getByRole("table", { name: "Failed background work" })).toHaveCount(0);
    });
  });

  test.describe("as a supervisor", () => {
    test.use({ storageState: authFile("supervisor") });

    test("reads the System page from the settings menu", async ({ page }, info) => {
      await page.goto("/settings/channels");
      await page.getByRole("link", { name: "System" }).click();
      await expect(page).toHaveURL(/\/settings\/system$/);
      await expect(page.getByRole("table", { name: "Scheduled jobs" })).toBeVisible();
      await expect(page.getByRole("table", { name: "Webhook deliveries by channel" })).toBeVisible();
      // reads the outbox, without Retry (owners and admins act on it)
      await expect(page.getByTestId("outbox-pending")).toBeVisible();
      await expect(page.getByRole("button", { name: /^Retry/ })).toHaveCount(0);
      await snap(page, info, "system-supervisor");
    });
  });
});
