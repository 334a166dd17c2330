import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test as setup } from "@playwright/test";
import { parseDialogues } from "@/lib/demo/ibm-dialogues";
import { runDemoTraffic } from "@/lib/demo/run-demo-traffic";
import { DEMO_PASSWORD } from "@/lib/demo/seed-demo-org";
import { authFile, fixture, REPLAYED_DIALOGUES } from "./fixture";

setup("replay real conversations and their outcomes through the webhooks", async ({ baseURL }) => {
  const { demo } = fixture();
  const dialogues = parseDialogues(readFileSync(path.resolve("db/seed-data/ibm-twitter-care/dialogues.jsonl"), "utf8")).slice(0, REPLAYED_DIALOGUES);
  const { messages, outcomes } = await runDemoTraffic({ baseUrl: baseURL!, seeded: demo, dialogues });
  expect(messages.failed).toBe(0);
  expect(messages.ok).toBeGreaterThan(REPLAYED_DIALOGUES);
  expect(outcomes.failed).toBe(0);
  expect(outcomes.ok).toBeGreaterThan(0);
});

for (const role of ["owner", "admin", "supervisor", "agent"] as const) {
  setup(`log in as ${role}`, async ({ page }) => {
    await page.goto("/login");
    await page.getByLabel("Email").fill(`${role}@demo.tandem.test`);
    await page.getByLabel("Password").fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/conversations$/);
    await expect(page.getByRole("heading", { name: "Conversations" })).toBeVisible();
    await page.context().storageState({ path: authFile(role) });
  });
}
