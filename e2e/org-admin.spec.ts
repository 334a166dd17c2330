import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { expect, test, type Page } from "@playwright/test";
import { authFile, fixture, snap } from "./fixture";
import { signWebhook } from "@/lib/ingest/sign";

const run = promisify(execFile);
const unique = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

async function postSigned(baseURL: string, channelId: string, secret: string, text: string) {
  const body = JSON.stringify({
    channel_id: channelId, conversation_id: `e2e-rot-${unique()}`, message_id: "m1", contact: { id: "rot" }, text, sent_at: new Date().toISOString(),
  });
  const res = await fetch(`${baseURL}/api/webhooks/incoming-message`, { method: "POST", body, headers: { "content-type": "application/json", ...signWebhook(secret, body) } });
  return res.status;
}

/** Accepts the next window.confirm() of the page. */
function acceptConfirm(page: Page) {
  page.once("dialog", (d) => void d.accept());
}

test.describe("as the owner", () => {
  test.use({ storageState: authFile("owner") });

  test("invites an agent, who sets a password via the link and signs in; deactivating them ends their session", async ({ page, browser }, info) => {
    const email = `e2e-agent-${unique()}@demo.tandem.test`;
    await page.goto("/settings/members");
    await expect(page.getByRole("heading", { name: "Members" })).toBeVisible();
    await page.getByLabel("Email", { exact: true }).fill(email);
    await page.getByLabel("Role", { exact: true }).selectOption("agent");
    await page.getByRole("button", { name: "Create invitation" }).click();
    await expect(page.getByText(`Invitation created for ${email}`)).toBeVisible();
    const link = (await page.getByTestId("invite-link").textContent())!;
    expect(link).toMatch(/\/invite\/[A-Za-z0-9_-]{40,}$/);
    await expect(page.getByRole("cell", { name: email })).toBeVisible(); // pending invitations
    await snap(page, info, "members-invite");

    const signedOut = { storageState: { cookies: [], origins: [] } };
    const invitee = await browser.newContext(signedOut);
    const p2 = await invitee.newPage();
    await p2.goto(link);
    await expect(p2.getByRole("heading", { name: /Join / })).toBeVisible();
    await snap(p2, info, "invite-accept");
    await p2.getByLabel("Your name").fill("Rina Agent");
    await p2.getByLabel("Password", { exact: true }).fill("short");
    await p2.getByLabel("Repeat password").fill("short");
    await p2.getByRole("button", { name: "Set password and join" }).click();
    await expect(p2.getByText("Use at least 10 characters.")).toBeVisible();
    await p2.getByLabel("Password", { exact: true }).fill("rina-strong-pass-1");
    await p2.getByLabel("Repeat password").fill("rina-strong-pass-1");
    await p2.getByRole("button", { name: "Set password and join" }).click();
    await expect(p2).toHaveURL(/\/login\?/);
    await expect(p2.getByText("You've joined. Sign in to continue.")).toBeVisible();
    await expect(p2.getByLabel("Email")).toHaveValue(email);
    await p2.getByLabel("Password").fill("rina-strong-pass-1");
    await p2.getByRole("button", { name: "Sign in" }).click();
    // a new member reads the organization's language (Indonesian for the demo org) until they choose on their profile
    await expect(p2.getByRole("heading", { name: "Percakapan" })).toBeVisible();
    await expect(p2.locator("html")).toHaveAttribute("lang", "id");
    await expect(p2.getByRole("navigation", { name: "Utama" }).getByRole("link", { name: "Pengaturan" })).toHaveCount(0);

    // the link works once
    const p3 = await (await browser.newContext(signedOut)).newPage();
    await p3.goto(link);
    await expect(p3.getByRole("heading", { name: "This invitation was already used" })).toBeVisible();

    // the owner deactivates the new agent: their next request is signed out
    await page.reload();
    const row = page.getByTestId(`member-${email}`);
    await expect(row).toBeVisible();
    acceptConfirm(page);
    await row.getByRole("button", { name: "Deactivate" }).click();
    await expect(page.getByText("Member deactivated")).toBeVisible();
    await expect(row.getByText("Deactivated", { exact: true })).toBeVisible();
    await p2.reload();
    await expect(p2).toHaveURL(/\/login/);
    await invitee.close();
  });

  test("changes the plan flags and sees the change in the audit log", async ({ page }, info) => {
    await page.goto("/settings/organization");
    const forecast = page.getByLabel(/Impact forecast/);
    const was = await forecast.isChecked();
    await forecast.setChecked(!was);
    await page.getByRole("button", { name: "Save plan and features" }).click();
    await expect(page.getByText("Plan and features saved")).toBeVisible();
    await page.goto("/settings/audit?area=flags");
    await expect(page.getByRole("cell", { name: "Plan and features changed" }).first()).toBeVisible();
    // the change in plain words, never the raw field name (issue 19 item 4)
    const onOff = (v: boolean) => (v ? "on" : "off");
    await expect(page.getByText(`Impact forecast: ${onOff(was)} → ${onOff(!was)}`).first()).toBeVisible();
    await expect(page.getByText(/aiAgentImpactReportForecast/)).toHaveCount(0);
    await snap(page, info, "audit-log");
    // put it back for other tests
    await page.goto("/settings/organization");
    await page.getByLabel(/Impact forecast/).setChecked(was);
    await page.getByRole("button", { name: "Save plan and features" }).click();
    await expect(page.getByText("Plan and features saved")).toBeVisible();
  });
});

test.describe("as an admin", () => {
  test.use({ storageState: authFile("admin") });

  test("creates a channel, copies the secret, runs the signed curl example and sees it in the delivery log; rotates the secret", async ({ page, context, baseURL }, info) => {
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: baseURL });
    const name = `E2E WhatsApp ${unique()}`;
    await page.goto("/settings/channels");
    await page.getByLabel("Name").fill(name);
    await page.getByLabel("Type").selectOption("whatsapp");
    await page.getByRole("button", { name: "Create channel" }).click();
    await expect(page.getByText(`Channel "${name}" created`)).toBeVisible();
    const secret = (await page.getByTestId("revealed-secret").textContent())!;
    expect(secret).toMatch(/^whsec_/);
    await page.getByRole("button", { name: "Copy secret" }).click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
    await snap(page, info, "channel-created");

    const curl = (await page.getByTestId("curl-example").textContent())!;
    const { stdout } = await run("bash", ["-c", curl]);
    expect(JSON.parse(stdout)).toMatchObject({ handled_by: expect.any(String), conversation_id: expect.any(String) });

    await page.getByRole("link", { name: `Open ${name}` }).click();
    await expect(page.getByRole("heading", { name })).toBeVisible();
    const channelId = (await page.getByTestId("channel-id").textContent())!;
    await expect(page.getByText(secret)).toHaveCount(0); // masked from now on
    await expect(page.getByTestId("masked-secret")).toHaveText(new RegExp(`${secret.slice(-4).replace(/[+/]/g, "\\$&")}$`));
    const log = page.getByRole("table", { name: "Delivery log" });
    await expect(log.getByRole("cell", { name: "200", exact: true })).toHaveCount(1);
    await expect(log.getByRole("cell", { name: "message", exact: true })).toBeVisible();

    // a bad signature is refused and counted above the log (issue 17 item 3: anyone can send those, so they never
    // fill the delivery log), with a hint at what to check
    expect(await postSigned(baseURL!, channelId, "whsec_" + Buffer.alloc(32, 7).toString("base64"), "hi")).toBe(401);
    await page.reload();
    await expect(page.getByTestId("signature-refusals")).toContainText("1 request naming this channel in the last 24 hours had a missing or wrong signature");
    await expect(log.getByRole("cell", { name: "401", exact: true })).toHaveCount(0);

    // rotation: the new secret is shown once, and the old one keeps working during the overlap
    acceptConfirm(page);
    await page.getByRole("button", { name: "Rotate secret" }).click();
    await expect(page.getByText("Secret rotated. The old secret works for 24 more hours.")).toBeVisible();
    const rotated = (await page.getByTestId("revealed-secret").textContent())!;
    expect(rotated).not.toBe(secret);
    await expect(page.getByText(/The previous secret is accepted until/)).toBeVisible();
    await snap(page, info, "channel-rotated");
    expect(await postSigned(baseURL!, channelId, rotated, "new secret")).toBe(200);
    expect(await postSigned(baseURL!, channelId, secret, "old secret during overlap")).toBe(200);
    await page.reload();
    await expect(page.getByText(/The previous secret is still accepted until/)).toBeVisible();
    await expect(log.getByRole("cell", { name: "200", exact: true })).toHaveCount(3);
    await snap(page, info, "channel-detail");
  });

  test("edits business hours: an overlapping range is refused, valid ranges and a holiday are saved", async ({ page }, info) => {
    await page.goto("/settings/organization");
    const saturday = page.getByTestId("hours-Saturday");
    await saturday.getByRole("button", { name: "Add range on Saturday" }).click();
    await saturday.getByRole("button", { name: "Add range on Saturday" }).click();
    const ranges = saturday.locator('input[type="time"]');
    const count = await ranges.count();
    // last two ranges: 15:00–18:00 and 17:00–19:00 overlap
    await ranges.nth(count - 4).fill("15:00");
    await ranges.nth(count - 3).fill("18:00");
    await ranges.nth(count - 2).fill("17:00");
    await ranges.nth(count - 1).fill("19:00");
    await page.getByRole("button", { name: "Save organization" }).click();
    await expect(page.getByText(/Saturday 17:00–19:00 overlaps 15:00–18:00/)).toBeVisible();
    await snap(page, info, "business-hours-error");
    await ranges.nth(count - 2).fill("18:30");
    await page.getByLabel("Holiday date").fill("2026-12-25");
    await page.getByRole("button", { name: "Add holiday" }).click();
    await page.getByRole("button", { name: "Save organization" }).click();
    await expect(page.getByText("Organization settings saved")).toBeVisible();
    await page.reload();
    await expect(page.getByTestId("hours-Saturday").locator('input[type="time"]')).toHaveCount(count);
    await expect(page.getByText("2026-12-25")).toBeVisible();
    await snap(page, info, "organization");
  });
});

test.describe("as a supervisor", () => {
  test.use({ storageState: authFile("supervisor") });

  test("sees channels read-only and is refused organization, members and audit", async ({ page }, info) => {
    await page.goto("/settings");
    await expect(page).toHaveURL(/\/settings\/channels$/);
    await expect(page.getByText("You can view channels; owners and admins change them.")).toBeVisible();
    await expect(page.getByRole("button", { name: "Create channel" })).toHaveCount(0);
    await page.getByRole("link", { name: "WhatsApp – Customer Care" }).click();
    await expect(page.getByRole("button", { name: "Rotate secret" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: /Archive/ })).toHaveCount(0);
    await expect(page.getByRole("table", { name: "Delivery log" })).toBeVisible();
    await snap(page, info, "supervisor-channel");
    for (const path of ["/settings/organization", "/settings/members", "/settings/audit"]) {
      const res = await page.goto(path);
      expect(res?.status(), path).toBe(403);
    }
    const csv = await page.request.get("/api/audit/export");
    expect(csv.status()).toBe(403);
  });
});

test.describe("across organizations", () => {
  test.use({ storageState: authFile("admin") });

  test("another org's channel page, delivery log export and audit entries are out of reach", async ({ page }) => {
    const { other } = fixture();
    const channelId = other.channels[0]!.id;
    await page.goto(`/settings/channels/${channelId}`);
    await expect(page.getByText(other.channels[0]!.name)).toHaveCount(0);
    await expect(page.getByRole("heading", { name: "We couldn't find that page" })).toBeVisible();
    const csv = await page.request.get(`/api/channels/${channelId}/deliveries/export`);
    expect(csv.status()).toBe(200);
    expect((await csv.text()).trim().split("\n")).toEqual(["received_at,endpoint,event,status_code,latency_ms,error,delivery_id"]);
    const audit = await page.request.get("/api/audit/export");
    expect(await audit.text()).not.toContain("Other Org");
  });
});
