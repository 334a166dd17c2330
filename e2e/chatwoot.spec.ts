/**
 * Chatwoot human-in-the-loop (004_…) end to end in Chromium. A local Chatwoot stand-in (test/chatwoot-standin.ts,
 * every request validated against Chatwoot's OpenAPI description) plays the Chatwoot account: the owner links it in
 * Settings › Chatwoot, signed webhooks bring four customer questions, Tandem drafts them as private notes, an operator
 * works the drafts in the approvals drawer (approve, edit & approve, reject with an own reply, escalate) and grades
 * each sent one, and the replies arrive at the stand-in exactly once; a supervisor sees the escalated draft.
 */
import { createRequire } from "node:module";
import { expect, test, type Page } from "@playwright/test";
import { signChatwoot } from "@/lib/chatwoot/signature";
import { startChatwootStandin, type ChatwootStandin } from "@/test/chatwoot-standin";
import { chatwootFixture, outgoingMessage } from "@/test/chatwoot-payloads";
import { newDeviceKeys, startPushService, subscriptionInput } from "@/test/push-service-server";
import { expectNothingClipped } from "./console-pages";
import { fixture, setAvailability, signIn, snap } from "./fixture";

test.describe.configure({ mode: "serial" });

const ece = createRequire(import.meta.url)("http_ece") as {
  decrypt(body: Buffer, params: { version: "aes128gcm"; privateKey: import("node:crypto").ECDH; authSecret: string }): Buffer;
};

const SECRET = "cw-e2e-webhook-secret";
const INBOX = 12;
/** A question the demo's knowledge base answers with confidence above the draft threshold. */
const QUESTION = "What membership levels do you have and what are the benefits?";
let standin: ChatwootStandin;
let webhookUrl = "";

test.beforeAll(async () => {
  standin = await startChatwootStandin();
});
test.afterAll(async () => {
  await standin?.close();
});

/** Posts `json` to the link's webhook as Chatwoot does: signed over `"{timestamp}.{body}"`, with a delivery id. */
async function post(json: unknown, deliveryId: string): Promise<number> {
  const body = JSON.stringify(json);
  const timestamp = Math.floor(Date.now() / 1000);
  const res = await fetch(webhookUrl, {
    method: "POST",
    body,
    headers: { "content-type": "application/json", "x-chatwoot-timestamp": String(timestamp), "x-chatwoot-delivery": deliveryId, "x-chatwoot-signature": signChatwoot(SECRET, timestamp, body) },
  });
  return res.status;
}

/** A signed `message_created` delivery for a new Chatwoot conversation, like Chatwoot sends it. */
async function deliver(conversationId: number, content: string): Promise<number> {
  const json = chatwootFixture("message_created.incoming.json");
  json.id = 70_000 + conversationId;
  json.content = content;
  json.created_at = new Date().toISOString();
  json.inbox.id = INBOX;
  json.conversation.id = conversationId;
  json.conversation.inbox_id = INBOX;
  json.sender.id = 80_000 + conversationId;
  json.conversation.meta.sender.id = 80_000 + conversationId;
  json.sender.name = json.conversation.meta.sender.name = `Customer ${conversationId}`;
  return post(json, `e2e-${conversationId}`);
}

/** A colleague's public reply typed in Chatwoot's own app, as Chatwoot reports it. */
async function colleagueReplies(conversationId: number, content: string): Promise<number> {
  const json = outgoingMessage({ conversationId, content, messageId: 75_000 + conversationId });
  json.conversation.inbox_id = INBOX;
  return post(json, `e2e-reply-${conversationId}`);
}

/** The helpdesk reports another agent offline (signed conversation-events webhook), so new drafts go to our operator. */
async function setOffline(baseURL: string, email: string) {
  await setAvailability(baseURL, fixture().impact.channels.find((c) => c.name === "WhatsApp – Customer Care")!, email, "offline");
}

async function grade(page: Page, tone: number, accuracy: number, policy: number) {
  const form = page.getByRole("form", { name: "Grade the draft" });
  await expect(form).toBeVisible();
  for (const [name, value] of [["Tone", tone], ["Accuracy", accuracy], ["Policy", policy]] as const) {
    await form.getByRole("group", { name: new RegExp(`^${name}`) }).getByLabel(String(value), { exact: true }).check();
  }
  await form.getByRole("button", { name: "Save grades" }).click();
  await expect(page.getByText("Grades saved")).toBeVisible();
  await expect(form).toBeHidden();
}

// the "impact" org (seeded by the e2e server) plays the Chatwoot customer, so the demo org's counts stay as replayed
test.describe("as the owner", () => {
  test("links Chatwoot, maps an inbox and tests the connection", async ({ page }, info) => {
    await signIn(page, "owner@impact.tandem.test");
    await page.goto("/settings/chatwoot");
    await page.getByLabel("Chatwoot address").fill(standin.url);
    await page.getByLabel("Account id").fill(String(standin.accountId));
    await page.getByLabel("API access token").fill(standin.token);
    await page.getByLabel("Webhook secret").fill(SECRET);
    await page.getByLabel("Chatwoot inbox id").fill(String(INBOX));
    await page.getByLabel("Tandem channel").selectOption({ label: "WhatsApp – Customer Care" });
    await page.getByRole("button", { name: "Link Chatwoot" }).click();
    await expect(page.getByText("Chatwoot link saved")).toBeVisible();
    webhookUrl = (await page.getByTestId("chatwoot-webhook-url").textContent())!.replace(/^https?:\/\/[^/]+/, new URL(page.url()).origin);
    expect(webhookUrl).toMatch(/\/api\/webhooks\/chatwoot\/[0-9a-f-]{36}$/);
    // the secrets are write-only
    await expect(page.getByLabel("API access token")).toHaveValue("");
    await expect(page.locator("body")).not.toContainText(standin.token);
    await page.getByRole("button", { name: "Test connection" }).click();
    await expect(page.getByText(/Connected as .* \(account 3, \d+ inbox/)).toBeVisible();
    await snap(page, info, "chatwoot-linked");
    // the triage rules are the org's: add an escalation word, and a bad threshold is refused inline
    const rules = page.getByRole("region", { name: "Triage rules" });
    const words = rules.getByLabel("Escalate to a human without a draft");
    await words.fill(`${await words.inputValue()}\nchargeback`);
    await rules.getByLabel("Draft only at or above this confidence (%)").fill("200");
    await rules.getByRole("button", { name: "Save rules" }).click();
    await expect(rules.getByText("Please fix the errors above.")).toBeVisible();
    await rules.getByLabel("Draft only at or above this confidence (%)").fill("50");
    await rules.getByRole("button", { name: "Save rules" }).click();
    await expect(page.getByText("Triage rules saved")).toBeVisible();
    await page.reload();
    await expect(page.getByRole("region", { name: "Triage rules" }).getByLabel("Escalate to a human without a draft")).toHaveValue(/chargeback/);
    // a wrongly signed delivery is refused, and the admin sees it counted under the webhook URL (issue 17 item 3)
    await expect(page.getByTestId("signature-refusals")).toHaveCount(0);
    const res = await fetch(webhookUrl, { method: "POST", body: "{}", headers: { "x-chatwoot-timestamp": String(Math.floor(Date.now() / 1000)), "x-chatwoot-delivery": "bad", "x-chatwoot-signature": "sha256=00" } });
    expect(res.status).toBe(401);
    // a webhook answer: never cached, never gzipped (fetch asks for gzip)
    expect(res.headers.get("cache-control")).toBe("no-store, no-transform");
    expect(res.headers.get("content-encoding")).toBeNull();
    await page.reload();
    await expect(page.getByTestId("signature-refusals")).toContainText("1 request to this webhook URL in the last 24 hours had a missing, stale or wrong signature");
  });
});

test.describe("as an operator (agent)", () => {
  test("works three drafts end to end and escalates a fourth; the replies reach Chatwoot once", async ({ page, baseURL }, info) => {
    for (const email of ["agent2@impact.tandem.test", "agent3@impact.tandem.test"]) await setOffline(baseURL!, email);
    await signIn(page, "agent@impact.tandem.test");
    await page.goto("/approvals");
    // online, so new drafts are assigned to this operator
    const toggle = page.getByRole("switch", { name: "Available for conversations" });
    if ((await toggle.getAttribute("aria-checked")) !== "true") {
      await toggle.click();
      await expect(toggle).toHaveAttribute("aria-checked", "true");
    }
    for (const id of [9101, 9102, 9103, 9104]) expect(await deliver(id, QUESTION)).toBe(202);
    // drafted in the background: four private notes in the seed's format
    await expect.poll(() => standin.notes().length, { timeout: 30_000 }).toBe(4);
    expect(standin.notes()[0]!.content).toMatch(/^🤖 AI Draft \(Confidence: (0\.\d\d|1\.00)\)[\s\S]*📚 Sources:[\s\S]*⚠️ Review before sending$/);
    expect(standin.invalidRequests()).toEqual([]);

    await page.reload();
    const queue = page.getByRole("table", { name: "Approvals queue" });
    await expect(queue.getByRole("row")).toHaveCount(5); // header + 4
    await snap(page, info, "approvals-queue");

    // 1. keyboard: focus the first row, Enter opens the drawer; approve as is
    await queue.getByRole("row").nth(1).focus();
    await page.keyboard.press("Enter");
    const drawer = page.getByRole("complementary", { name: "Approval" });
    const draft = (await drawer.getByTestId("draft").textContent())!;
    await snap(page, info, "approvals-drawer");
    await drawer.getByRole("button", { name: "Approve", exact: true }).click();
    await expect(page.getByText(/Approved\. The reply was sent/)).toBeVisible();
    await grade(page, 5, 5, 4);

    // 2. edit & approve
    await page.goto("/approvals");
    await queue.getByRole("row").nth(1).click();
    await drawer.getByRole("button", { name: "Edit & approve" }).click();
    await drawer.getByLabel("Edit the reply").fill(`${draft}\n\nTerima kasih!`);
    await drawer.getByRole("button", { name: "Approve edited reply" }).click();
    await expect(page.getByText(/Edited and approved\. The reply was sent/)).toBeVisible();
    await grade(page, 4, 4, 5);

    // 3. reject with an own reply
    await page.goto("/approvals");
    await queue.getByRole("row").nth(1).click();
    await drawer.getByRole("button", { name: "Reject" }).click();
    await drawer.getByLabel("Write your own reply").fill("Hi! Our membership has three levels; I'll send you the details by email.");
    await drawer.getByRole("button", { name: "Reject draft and send my reply" }).click();
    await expect(page.getByText(/Rejected\. The reply was sent/)).toBeVisible();
    await grade(page, 2, 3, 4);

    // 4. escalate with a reason
    await page.goto("/approvals");
    await queue.getByRole("row").nth(1).click();
    await drawer.getByRole("button", { name: "Escalate" }).click();
    await drawer.getByLabel("Why escalate to a supervisor?").fill("Customer asks about a corporate membership deal");
    await drawer.getByRole("button", { name: "Escalate" }).click();
    await expect(page.getByText("Escalated to your supervisors")).toBeVisible();
    await expect(page.getByText("No AI drafts are waiting for approval.")).toBeVisible();

    // exactly three public replies, with the texts decided
    const replies = standin.replies().map((r) => r.content);
    expect(replies).toHaveLength(3);
    expect(replies[0]).toBe(draft);
    expect(replies[1]).toBe(`${draft}\n\nTerima kasih!`);
    expect(replies[2]).toBe("Hi! Our membership has three levels; I'll send you the details by email.");
    expect(standin.invalidRequests()).toEqual([]);
    await page.goto("/approvals?tab=sent");
    await expect(queue.getByRole("row")).toHaveCount(4);
    await snap(page, info, "approvals-sent");
  });
});

test.describe("as a supervisor", () => {
  test("sees the escalated draft with its reason on a phone, answers it there, and reads the approvals report", async ({ page }, info) => {
    // the supervisor works this one on the phone the escalation push reached (issue 19 item 2: the drawer at 390 px)
    await page.setViewportSize({ width: 390, height: 844 });
    await signIn(page, "supervisor@impact.tandem.test");
    await page.goto("/approvals?tab=escalated");
    const queue = page.getByRole("table", { name: "Approvals queue" });
    await expect(queue.getByRole("row")).toHaveCount(2);
    await queue.getByRole("row").nth(1).click();
    await expect(page.getByText("Escalated: Customer asks about a corporate membership deal")).toBeVisible();
    await snap(page, info, "approvals-escalated");
    await expectNothingClipped(page, "approvals drawer on a phone");
    // the supervisor answers it with their own reply (no further escalation offered)
    const drawer = page.getByRole("complementary", { name: "Approval" });
    await expect(drawer.getByRole("button", { name: "Escalate" })).toHaveCount(0);
    await drawer.getByRole("button", { name: "Reject" }).click();
    await drawer.getByLabel("Write your own reply").fill("Our corporate team will contact you today about a company membership.");
    await drawer.getByRole("button", { name: "Reject draft and send my reply" }).click();
    await expect(page.getByText(/Rejected\. The reply was sent/)).toBeVisible();
    expect(standin.replies().map((r) => r.content)).toContain("Our corporate team will contact you today about a company membership.");
    expect(standin.replies()).toHaveLength(4);
    await page.goto("/reports/approvals");
    await expect(page.getByText("Acceptance rate")).toBeVisible();
    // 2 of 4 decided drafts accepted (approved, edited); the two rejected ones are not
    await expect(page.getByText("50%").first()).toBeVisible();
    await snap(page, info, "approvals-report");
  });
});

test.describe("when Chatwoot moves on without the draft (issue 18)", () => {
  const whatsapp = () => fixture().impact.channels.find((c) => c.name === "WhatsApp – Customer Care")!;

  test("a draft overtaken by a colleague's reply in Chatwoot can't be sent, and waits under Overtaken", async ({ page, baseURL }, info) => {
    await setAvailability(baseURL!, whatsapp(), "agent@impact.tandem.test", "online");
    for (const email of ["agent2@impact.tandem.test", "agent3@impact.tandem.test"]) await setOffline(baseURL!, email);
    await signIn(page, "agent@impact.tandem.test");
    const notes = standin.notes().length;
    expect(await deliver(9201, QUESTION)).toBe(202);
    await expect.poll(() => standin.notes().length, { timeout: 30_000 }).toBe(notes + 1);
    await page.goto("/approvals");
    await page.getByRole("table", { name: "Approvals queue" }).getByRole("row", { name: /Customer 9201/ }).click();
    const drawer = page.getByRole("complementary", { name: "Approval" });
    await expect(drawer.getByRole("button", { name: "Approve", exact: true })).toBeVisible();

    // meanwhile a colleague answers the customer in Chatwoot
    expect(await colleagueReplies(9201, "Hi! We have Silver, Gold and Platinum — see you there.")).toBe(202);
    await expect.poll(async () => (await (await page.request.get("/approvals?tab=superseded")).text()).includes("Customer 9201"), { timeout: 30_000 }).toBe(true);
    const replies = standin.replies().length;
    // the drawer still open from before: Approve is refused with the reason
    await drawer.getByRole("button", { name: "Approve", exact: true }).click();
    await expect(drawer.getByText("Someone already answered this customer, so this draft can no longer be sent.")).toBeVisible();
    expect(standin.replies()).toHaveLength(replies);
    await snap(page, info, "approval-overtaken-refused");
    // reopened, it says so and offers no decision; it is listed under Overtaken
    await page.goto("/approvals?tab=superseded");
    await page.getByRole("table", { name: "Approvals queue" }).getByRole("row", { name: /Customer 9201/ }).click();
    await expect(drawer.getByTestId("superseded")).toHaveText("Someone already answered this customer, so this draft can no longer be sent.");
    await expect(drawer.getByRole("button", { name: "Approve", exact: true })).toHaveCount(0);
    await expect(drawer.getByRole("link", { name: /Open in Chatwoot/ })).toHaveAttribute("href", `${standin.url}/app/accounts/${standin.accountId}/conversations/9201`);
    await snap(page, info, "approval-overtaken");
  });

  test("an operator registers this laptop under Notifications and gets the push when a draft waits past the org's reminder", async ({ page, browser, baseURL }, info) => {
    test.setTimeout(240_000);
    const push = await startPushService();
    const keys = newDeviceKeys();
    const endpoint = push.endpoint("operator-laptop");
    try {
      // the owner shortens the operator's reminder from the seed's 30 minutes to 1 (a test can't wait half an hour)
      const owner = await (await browser.newContext()).newPage();
      await signIn(owner, "owner@impact.tandem.test");
      await owner.goto("/settings/chatwoot");
      const rules = owner.getByRole("region", { name: "Triage rules" });
      await rules.getByLabel("Remind the operator by push after a draft waits (minutes)").fill("1");
      await rules.getByRole("button", { name: "Save rules" }).click();
      await expect(owner.getByText("Triage rules saved")).toBeVisible();

      // the operator registers this device from Notifications
      await signIn(page, "agent@impact.tandem.test");
      await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Notifications" }).click();
      await expect(page.getByRole("heading", { name: "Push notifications" })).toBeVisible();
      expect((await page.request.post("/api/push/subscriptions", { data: subscriptionInput(endpoint, keys, "Operator's laptop") })).status()).toBe(201);
      await page.reload();
      await expect(page.getByRole("list", { name: "Devices" }).getByText("Operator's laptop")).toBeVisible();

      const notes = standin.notes().length;
      expect(await deliver(9202, QUESTION)).toBe(202);
      await expect.poll(() => standin.notes().length, { timeout: 30_000 }).toBe(notes + 1);
      // the scheduler's every-minute sweep fires the reminder once the minute has passed
      await expect.poll(() => push.requests.filter((r) => r.path.endsWith("/operator-laptop")).length, { timeout: 180_000, intervals: [2_000] }).toBe(1);
      const request = push.requests.find((r) => r.path.endsWith("/operator-laptop"))!;
      const payload = JSON.parse(ece.decrypt(request.body, { version: "aes128gcm", privateKey: keys.ecdh, authSecret: keys.auth }).toString("utf8")) as { title: string; body: string; url: string };
      expect(payload.title).toMatch(/^Draft waiting \d+ min · Tandem$/);
      expect(payload.body).toMatch(/draft for Customer 9202 has waited \d+ minutes? for approval/);
      expect(payload.url).toMatch(/^\/approvals\?id=[0-9a-f-]{36}$/);
      await page.goto(payload.url);
      await expect(page.getByRole("complementary", { name: "Approval" }).getByRole("heading", { name: "Customer 9202" })).toBeVisible();
      await snap(page, info, "operator-reminder-opened");

      await rules.getByLabel("Remind the operator by push after a draft waits (minutes)").fill("30");
      await rules.getByRole("button", { name: "Save rules" }).click();
      await expect(owner.getByText("Triage rules saved").first()).toBeVisible();
    } finally {
      await push.close();
    }
  });
});
