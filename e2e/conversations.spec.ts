import { expect, test } from "@playwright/test";
import { authFile, fixture, postMessage, REPLAYED_DIALOGUES, snap } from "./fixture";
import { DEMO_PASSWORD } from "@/lib/demo/seed-demo-org";

test.describe("as an admin", () => {
  test.use({ storageState: authFile("admin") });

  test("sees the replayed real conversations, opens one and reads its messages", async ({ page }, info) => {
    await page.goto("/conversations");
    await expect(page.getByText(`of ${REPLAYED_DIALOGUES} conversations`)).toBeVisible();
    const rows = page.locator("tbody tr");
    await expect(rows).toHaveCount(25);
    await snap(page, info, "conversations");

    const first = rows.first().getByRole("link");
    const preview = (await first.innerText()).slice(0, 40);
    await first.click();
    await expect(page).toHaveURL(/\/conversations\/[0-9a-f-]{36}$/);
    await expect(page.getByText("Customer", { exact: true }).first()).toBeVisible();
    await expect(page.getByText(preview.trim().split("\n")[0]!).first()).toBeVisible();
    await expect(page.getByText("AI agent", { exact: true }).first()).toBeVisible();
    await snap(page, info, "conversation-detail");
  });

  test("the first Tab reaches a skip link that moves focus past the navigation to the page", async ({ page }, info) => {
    await page.goto("/conversations");
    await page.keyboard.press("Tab");
    const skip = page.getByRole("link", { name: "Skip to main content" });
    await expect(skip).toBeFocused();
    await expect(skip).toBeVisible();
    await snap(page, info, "skip-link");
    await page.keyboard.press("Enter");
    await expect(page.locator("main#main")).toBeFocused();
  });

  test("sorts by message count and filters by channel and status", async ({ page }, info) => {
    await page.goto("/conversations");
    await page.getByRole("button", { name: /Messages/ }).click();
    await expect(page).toHaveURL(/sort=messages&dir=desc/);
    const counts = async () => (await page.locator("tbody tr td:nth-child(6)").allInnerTexts()).map(Number);
    await expect.poll(async () => { const c = await counts(); return c.length > 0 && c.every((n, i) => i === 0 || c[i - 1]! >= n); }).toBe(true);
    const desc = await counts();
    expect(desc[0]).toBeGreaterThan(desc.at(-1)!);
    await page.getByRole("button", { name: /Messages/ }).click();
    await expect(page).toHaveURL(/sort=messages&dir=asc/);
    // ascending starts at the smallest count (a queued human-arm conversation can have a single message)
    await expect.poll(async () => { const c = await counts(); return c.length > 0 && c.every((n, i) => i === 0 || c[i - 1]! <= n) && c[0]! <= Math.min(...desc); }).toBe(true);

    const { demo } = fixture();
    const whatsapp = demo.channels.find((c) => c.name.startsWith("WhatsApp"))!;
    await page.getByLabel("Filter by channel").selectOption(whatsapp.id);
    await expect(page).toHaveURL(new RegExp(`channel=${whatsapp.id}`));
    await expect.poll(async () => new Set(await page.locator("tbody tr td:nth-child(3)").allInnerTexts())).toEqual(new Set([whatsapp.name]));
    await expect(page.getByText(`of ${REPLAYED_DIALOGUES / demo.channels.length} conversations`)).toBeVisible();

    await page.getByLabel("Filter by status").selectOption("RESOLVED");
    await expect(page).toHaveURL(/status=RESOLVED/);
    await expect.poll(async () => new Set(await page.locator("tbody tr td:nth-child(5)").allInnerTexts())).toEqual(new Set(["Resolved"]));
    await snap(page, info, "conversations-filtered");
  });

  test("a new signed webhook message shows up after reload, with the bot's sourced reply", async ({ page, baseURL }, info) => {
    const { demo } = fixture();
    const text = `E2E ${Date.now()}: just wanted to check on the status of a refund`;
    const res = await postMessage(baseURL!, demo.channels[0]!, { conversationId: `e2e-${Date.now()}`, messageId: "m1", text });
    expect(res.status).toBe(200);
    await page.goto("/conversations");
    await page.reload();
    const row = page.locator("tbody tr", { hasText: text });
    await expect(row).toBeVisible();
    await row.getByRole("link").click();
    await expect(page.getByText("Sources: Refund Status — Checking on your refund", { exact: false })).toBeVisible();
    await snap(page, info, "webhook-conversation");
  });

  test("finds a customer by phone in another spelling (sealed at rest, matched by blind index); a name finds nothing", async ({ page, baseURL }, info) => {
    const { demo } = fixture();
    const digits = String(Date.now()).slice(-8);
    const text = `E2E ${digits}: my parcel has not arrived`;
    const res = await postMessage(baseURL!, demo.channels[0]!, {
      conversationId: `e2e-find-${digits}`, messageId: "m1", text,
      contact: { id: `wa:62813${digits}`, name: "Sari Lookup", phone: `+62 813-${digits.slice(0, 4)}-${digits.slice(4)}`, email: `sari.${digits}@example.co.id` },
    });
    expect(res.status).toBe(200);
    await page.goto("/conversations");
    const search = page.getByRole("searchbox", { name: "Customer" });
    await search.fill(`0813 ${digits.slice(0, 4)} ${digits.slice(4)}`);
    await search.press("Enter");
    await expect(page).toHaveURL(/customer=0813/);
    await expect(page.locator("tbody tr")).toHaveCount(1);
    await expect(page.locator("tbody tr").first()).toContainText("Sari Lookup");
    await expect(page.getByText("1–1 of 1 conversations")).toBeVisible();
    await snap(page, info, "conversations-find-customer");

    await search.fill(`SARI.${digits}@EXAMPLE.CO.ID`);
    await page.getByRole("button", { name: "Find" }).click();
    // the email search has landed (its row was already on screen from the phone search): typing earlier is overwritten
    await expect(page).toHaveURL(/customer=SARI/);
    await expect(page.locator("tbody tr").first()).toContainText("Sari Lookup");
    await search.fill("Sari Lookup");
    await search.press("Enter");
    await expect(page.getByText("No conversations with this customer.")).toBeVisible();
  });

  test("cannot open another organization's conversation by id", async ({ page, baseURL }, info) => {
    const { other } = fixture();
    const res = await postMessage(baseURL!, other.channels[0]!, { conversationId: `other-${Date.now()}`, messageId: "m1", text: "where is my order" });
    expect(res.status).toBe(200);
    // Next streams dynamic pages, so notFound() renders the 404 page under an already-sent 200 (documented behaviour)
    await page.goto(`/conversations/${res.json.conversation_id}`);
    await expect(page.getByRole("heading", { name: "We couldn't find that page" })).toBeVisible();
    await expect(page.getByText("where is my order")).toHaveCount(0);
    expect(await page.locator('meta[name="robots"][content="noindex"]').count()).toBeGreaterThan(0);
    await snap(page, info, "other-org-404");
  });

  test("sees reports and settings", async ({ page }, info) => {
    await page.goto("/reports");
    await expect(page.getByRole("heading", { name: "Reports" })).toBeVisible();
    await expect(page.getByText("Conversations by channel")).toBeVisible();
    await snap(page, info, "reports");
    await page.goto("/settings");
    await expect(page).toHaveURL(/\/settings\/organization$/);
    await expect(page.getByLabel("Time zone")).toHaveValue("Asia/Jakarta");
    await page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "Channels" }).click();
    await expect(page.getByRole("link", { name: "WhatsApp – Customer Care" })).toBeVisible();
    await page.goto("/approvals");
    // this org has no Chatwoot link: the page says how to get drafts here
    await expect(page.getByText("Chatwoot is not linked yet")).toBeVisible();
    await expect(page.getByRole("link", { name: "Settings › Chatwoot" })).toBeVisible();
    await snap(page, info, "approvals");
  });
});

test.describe("as an agent", () => {
  test.use({ storageState: authFile("agent") });

  test("is refused Settings with a not-available page and has no Settings link", async ({ page }, info) => {
    await page.goto("/conversations");
    const nav = page.getByRole("navigation", { name: "Main" });
    await expect(nav.getByRole("link", { name: "Conversations" })).toBeVisible();
    await expect(nav.getByRole("link", { name: "Settings" })).toHaveCount(0);
    const response = await page.goto("/settings");
    expect(response?.status()).toBe(403);
    await expect(page.getByRole("heading", { name: "This page is not available for your role" })).toBeVisible();
    await snap(page, info, "agent-settings-forbidden");
  });
});

test.describe("signed out", () => {
  test("is sent to the login page, and a wrong password gets a clear error", async ({ page }, info) => {
    await page.goto("/conversations");
    await expect(page).toHaveURL(/\/login/);
    await page.getByLabel("Email").fill("admin@demo.tandem.test");
    await page.getByLabel("Password").fill("not-the-password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("alert").filter({ hasText: /./ })).toHaveText("That email and password don't match an account.");
    await snap(page, info, "login-error");
  });

  test("five wrong passwords lock the account: the sixth try, even with the right password, is refused with the wait", async ({ page }, info) => {
    // an account no other test signs in with
    const email = "agent3@other.tandem.test";
    for (let i = 0; i < 5; i++) {
      await page.goto("/login"); // a fresh form each time (the previous answer resets it)
      await page.getByLabel("Email").fill(email);
      await page.getByLabel("Password").fill(`guess-${i}`);
      await page.getByRole("button", { name: "Sign in" }).click();
      await expect(page.getByRole("alert").filter({ hasText: /./ })).toHaveText(i < 4 ? "That email and password don't match an account." : "Too many wrong passwords for this account. Try again in a minute.");
    }
    await page.goto("/login");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("alert").filter({ hasText: /./ })).toHaveText("Too many wrong passwords for this account. Try again in a minute.");
    await expect(page).toHaveURL(/\/login/);
    await snap(page, info, "login-locked");
  });

  test("30 failed sign-ins from one address stop that address, right password included; another address signs in", async ({ browser, baseURL }, info) => {
    test.setTimeout(120_000);
    // no proxy in front of the test server: the address is the X-Forwarded-For the client sends (README, Security)
    const address = () => `198.51.100.${Math.floor(Math.random() * 250) + 1}, 203.0.113.${Math.floor(Math.random() * 250) + 1}`;
    const here = await browser.newContext({ baseURL, extraHTTPHeaders: { "x-forwarded-for": address() } });
    const page = await here.newPage();
    const tryOnce = async (email: string, password: string) => {
      await page.goto("/login");
      await page.getByLabel("Email").fill(email);
      await page.getByLabel("Password").fill(password);
      await page.getByRole("button", { name: "Sign in" }).click();
      return page.getByRole("alert").filter({ hasText: /./ });
    };
    for (let i = 0; i < 30; i++) await expect(await tryOnce(`nobody-${i}-${Date.now()}@example.com`, "guess-password")).toContainText(/match an account|from your network/);
    await expect(await tryOnce("supervisor@demo.tandem.test", DEMO_PASSWORD)).toHaveText("Too many failed sign-ins from your network. Try again in 15 minutes.");
    await expect(page).toHaveURL(/\/login/);
    await snap(page, info, "login-network-limited");
    await here.close();

    const elsewhere = await browser.newContext({ baseURL, extraHTTPHeaders: { "x-forwarded-for": address() } });
    const other = await elsewhere.newPage();
    await other.goto("/login");
    await other.getByLabel("Email").fill("supervisor@demo.tandem.test");
    await other.getByLabel("Password").fill(DEMO_PASSWORD);
    await other.getByRole("button", { name: "Sign in" }).click();
    await expect(other).toHaveURL(/\/conversations$/);
    await elsewhere.close();
  });

  test("a deep link survives sign-in; a callback to another site is ignored", async ({ page }, info) => {
    await page.goto("/reports/bot-vs-human?range=7");
    await expect(page).toHaveURL(/\/login\?callbackUrl=%2Freports%2Fbot-vs-human%3Frange%3D7$/);
    await page.getByLabel("Email").fill("supervisor@demo.tandem.test");
    await page.getByLabel("Password").fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/reports\/bot-vs-human\?range=7$/);
    await expect(page.getByRole("heading", { name: "Bot vs human comparison" })).toBeVisible();
    await snap(page, info, "deep-link-after-sign-in");

    await page.context().clearCookies();
    await page.goto("/login?callbackUrl=%2F%5Cevil.example%2Fphish");
    await page.getByLabel("Email").fill("supervisor@demo.tandem.test");
    await page.getByLabel("Password").fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/conversations$/);
  });

  test("gets 401 from the CSV export", async ({ request }) => {
    const res = await request.get("/api/conversations/export");
    expect(res.status()).toBe(401);
  });
});

test.describe("as a supervisor", () => {
  test.use({ storageState: authFile("supervisor") });

  test("exports the conversations table as CSV; a customer's formula is exported as text", async ({ request, baseURL }) => {
    const formula = '=HYPERLINK("http://evil.example/x","Refund form")';
    const id = `e2e-csv-${Date.now()}`;
    expect((await postMessage(baseURL!, fixture().demo.channels[0]!, { conversationId: id, messageId: "m1", text: formula })).status).toBe(200);
    const res = await request.get("/api/conversations/export");
    expect(res.status()).toBe(200);
    expect(res.headers()["content-type"]).toContain("text/csv");
    const text = await res.text();
    const lines = text.trim().split("\n");
    expect(lines[0]).toBe("id,channel,contact,first_message,handled_by,status,status_label,variant,messages,created_at,last_message_at");
    expect(lines.length).toBeGreaterThan(REPLAYED_DIALOGUES);
    expect(text).toContain(`"'=HYPERLINK(""http://evil.example/x"",""Refund form"")"`);
    expect(text).not.toMatch(/,"?=HYPERLINK/);
  });
});
