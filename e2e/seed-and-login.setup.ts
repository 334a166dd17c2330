import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test as setup } from "@playwright/test";
import { buildReplay, parseDialogues } from "@/lib/demo/ibm-dialogues";
import { replay } from "@/lib/demo/replay";
import { DEMO_PASSWORD } from "@/lib/demo/seed-demo-org";
import { authFile, fixture, REPLAYED_DIALOGUES } from "./fixture";

setup("replay real conversations through the webhook", async ({ baseURL }) => {
  const { demo } = fixture();
  const dialogues = parseDialogues(readFileSync(path.resolve("db/seed-data/ibm-twitter-care/dialogues.jsonl"), "utf8")).slice(0, REPLAYED_DIALOGUES);
  const items = buildReplay(dialogues, { channelIds: demo.channels.map((c) => c.id) });
  const stats = await replay(items, {
    secrets: new Map(demo.channels.map((c) => [c.id, c.secret])),
    send: (body, headers) => fetch(`${baseURL}/api/webhooks/incoming-message`, { method: "POST", body, headers }),
  });
  expect(stats.failed).toBe(0);
  expect(stats.ok).toBe(items.length);
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
