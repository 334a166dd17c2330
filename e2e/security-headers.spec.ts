import { expect, test } from "@playwright/test";
import { authFile, fixture } from "./fixture";
import { signWebhook } from "@/lib/ingest/sign";
import { DEMO_PASSWORD } from "@/lib/demo/seed-demo-org";

const EXPECTED = {
  "x-frame-options": "DENY",
  "x-content-type-options": "nosniff",
  "referrer-policy": "strict-origin-when-cross-origin",
};
/** API answers and other non-page responses: no framing, no plugins, no <base>, forms to this origin. */
const API_CSP = "frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'";

test.describe("security headers (issue 17)", () => {
  test.use({ storageState: authFile("supervisor") });

  test("every page and API answer forbids framing and sniffing; pages run scripts only with a fresh nonce", async ({ request }) => {
    const nonces = new Set<string>();
    for (const path of ["/login", "/approvals", "/monitoring", "/monitoring", "/api/conversations/export"]) {
      const res = await request.get(path, { maxRedirects: 0 });
      expect(res.status(), path).toBeLessThan(500);
      for (const [name, value] of Object.entries(EXPECTED)) expect(res.headers()[name], `${path} ${name}`).toBe(value);
      const csp = res.headers()["content-security-policy"] ?? "";
      if (path.startsWith("/api/")) {
        expect(csp).toBe(API_CSP);
        continue;
      }
      for (const directive of ["default-src 'self'", "frame-ancestors 'none'", "object-src 'none'", "base-uri 'self'", "form-action 'self'"]) expect(csp, `${path} ${directive}`).toContain(directive);
      const nonce = /script-src 'self' 'nonce-([A-Za-z0-9+/=]+)' 'strict-dynamic'/.exec(csp)?.[1];
      expect(nonce, `${path} script nonce`).toBeTruthy();
      nonces.add(nonce!);
      // Next puts the nonce on every script it renders
      const html = await res.text();
      const scripts = html.match(/<script\b[^>]*>/g) ?? [];
      expect(scripts.length, path).toBeGreaterThan(0);
      for (const tag of scripts) expect(tag, path).toContain(`nonce="${nonce}"`);
    }
    expect(nonces.size, "a fresh nonce per request").toBe(4);
  });

  test("a webhook's answer is neither cached nor compressed; pages still are compressed", async ({ baseURL }) => {
    const channel = fixture().other.channels[0]!;
    const body = JSON.stringify({ channel_id: channel.id, conversation_id: `no-transform-${Date.now()}`, message_id: "m1", contact: { id: "e2e-no-transform" }, text: "where is my order", sent_at: new Date().toISOString() });
    const headers = { "content-type": "application/json", "accept-encoding": "gzip, deflate, br", ...signWebhook(channel.secret, body) };
    const answer = await fetch(`${baseURL}/api/webhooks/incoming-message`, { method: "POST", body, headers });
    expect(answer.status).toBe(200);
    expect(answer.headers.get("cache-control")).toBe("no-store, no-transform");
    expect(answer.headers.get("content-encoding")).toBeNull();
    expect(((await answer.json()) as { message_id?: string }).message_id).toBeTruthy();
    // a refusal (wrong signature) answers the same way
    const refused = await fetch(`${baseURL}/api/webhooks/incoming-message`, { method: "POST", body, headers: { ...headers, "webhook-signature": "v1,AAAA" } });
    expect(refused.status).toBe(401);
    expect(refused.headers.get("cache-control")).toBe("no-store, no-transform");
    // pages keep Next's compression
    const page = await fetch(`${baseURL}/login`, { headers: { "accept-encoding": "gzip" } });
    expect(page.headers.get("content-encoding")).toBe("gzip");
  });

  test("under the policy the console still works: no script is blocked while signing in and opening pages", async ({ browser, baseURL }) => {
    const context = await browser.newContext({ storageState: undefined });
    const page = await context.newPage();
    const violations: string[] = [];
    page.on("console", (m) => { if (/Content Security Policy|Refused to (execute|load)/i.test(m.text())) violations.push(m.text()); });
    await page.goto(`${baseURL}/login`);
    await page.getByLabel("Email").fill("supervisor@demo.tandem.test");
    await page.getByLabel("Password").fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/conversations$/);
    await page.goto(`${baseURL}/monitoring`);
    await expect(page.getByRole("heading", { name: /Monitoring/ })).toBeVisible();
    expect(violations).toEqual([]);
    await context.close();
  });

  test("no page renders inside a frame on another origin", async ({ page, baseURL }) => {
    // the sign-in page needs no cookie, so it would render in the frame if framing were allowed
    const loaded = page.waitForResponse((r) => r.url().endsWith("/login"));
    await page.setContent(`<iframe id="f" src="${baseURL}/login"></iframe>`);
    expect((await loaded).status()).toBe(200);
    await page.waitForTimeout(1_000);
    await expect(page.frameLocator("#f").getByRole("button", { name: "Sign in" })).toHaveCount(0);
  });

  test("Auth.js reads at most 16 KB: a longer sign-in post is a 413 and signs nobody in; a normal one still signs in (issue 17 item 8)", async ({ playwright, baseURL }) => {
    const anonymous = await playwright.request.newContext({ baseURL, storageState: { cookies: [], origins: [] } });
    const csrf = (await (await anonymous.get("/api/auth/csrf")).json()) as { csrfToken: string };
    const form = { csrfToken: csrf.csrfToken, email: "owner@demo.tandem.test", password: DEMO_PASSWORD };
    const sessionCookie = async () => (await anonymous.storageState()).cookies.some((c) => /session-token/.test(c.name));
    const big = await anonymous.post("/api/auth/callback/credentials", { form: { ...form, padding: "x".repeat(20_000) }, maxRedirects: 0 });
    expect(big.status()).toBe(413);
    expect(await big.json()).toEqual({ error: "Body larger than 16384 bytes" });
    expect(await sessionCookie()).toBe(false);
    // the same form without the padding reaches Auth.js whole (the body is re-read from the buffered copy)
    const normal = await anonymous.post("/api/auth/callback/credentials", { form, maxRedirects: 0 });
    expect(normal.status()).toBe(302);
    expect(await sessionCookie()).toBe(true);
    await anonymous.dispose();
  });
});
