import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, type Page, type TestInfo } from "@playwright/test";
import { DEMO_PASSWORD } from "@/lib/demo/seed-demo-org";
import type { SeededOrg } from "@/lib/demo/seed-demo-org";
import { signWebhook } from "@/lib/ingest/sign";

/** Ids and secrets of the orgs the e2e server seeded (written by scripts/e2e-server.ts). */
export function fixture(): { demo: SeededOrg; other: SeededOrg; impact: SeededOrg } {
  return JSON.parse(readFileSync(path.resolve(".data/e2e/fixture.json"), "utf8"));
}

/** The setup replays the first 60 real IBM dialogues through the signed webhook, like `npm run demo` does. */
export const REPLAYED_DIALOGUES = 60;

export const authFile = (role: string) => path.resolve(`e2e/.auth/${role}.json`);

/** Posts one signed customer message to the incoming-message webhook, like a channel would. */
export async function postMessage(
  baseURL: string,
  channel: { id: string; secret: string },
  { conversationId, messageId, text, contact = { id: "e2e-contact", name: "E2E Customer" } }: { conversationId: string; messageId: string; text: string; contact?: { id: string; name?: string; phone?: string; email?: string } },
): Promise<{ status: number; json: { conversation_id: string } & Record<string, unknown> }> {
  const body = JSON.stringify({ channel_id: channel.id, conversation_id: conversationId, message_id: messageId, contact, text, sent_at: new Date().toISOString() });
  const res = await fetch(`${baseURL}/api/webhooks/incoming-message`, { method: "POST", body, headers: { "content-type": "application/json", ...signWebhook(channel.secret, body) } });
  return { status: res.status, json: await res.json() };
}

/** The helpdesk reports an agent on- or offline (the signed conversation-events webhook of `channel`). */
export async function setAvailability(baseURL: string, channel: { id: string; secret: string }, email: string, availability: "online" | "offline"): Promise<void> {
  const body = JSON.stringify({ channel_id: channel.id, type: "agent.availability_changed", agent_email: email, availability });
  const res = await fetch(`${baseURL}/api/webhooks/conversation-events`, { method: "POST", body, headers: { "content-type": "application/json", ...signWebhook(channel.secret, body) } });
  expect(res.status).toBe(200);
}

/** Full-page screenshot attached to the report and saved in the test's output folder. */
export async function snap(page: Page, info: TestInfo, name: string): Promise<void> {
  const file = info.outputPath(`${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  await info.attach(name, { path: file, contentType: "image/png" });
}

/** Signs in through the login form (for orgs without a saved storage state). */
export async function signIn(page: Page, email: string): Promise<void> {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/conversations$/);
}
