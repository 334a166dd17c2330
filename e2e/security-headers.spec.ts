import { expect, test } from "@playwright/test";
import { authFile } from "./fixture";

const EXPECTED = {
  "content-security-policy": "frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'",
  "x-frame-options": "DENY",
  "x-content-type-options": "nosniff",
  "referrer-policy": "strict-origin-when-cross-origin",
};

test.describe("security headers (issue 17)", () => {
  test.use({ storageState: authFile("supervisor") });

  test("every page and API answer forbids framing and sniffing", async ({ request }) => {
    for (const path of ["/login", "/approvals", "/monitoring", "/api/conversations/export"]) {
      const res = await request.get(path, { maxRedirects: 0 });
      expect(res.status(), path).toBeLessThan(500);
      for (const [name, value] of Object.entries(EXPECTED)) expect(res.headers()[name], `${path} ${name}`).toBe(value);
    }
  });

  test("no page renders inside a frame on another origin", async ({ page, baseURL }) => {
    // the sign-in page needs no cookie, so it would render in the frame if framing were allowed
    const loaded = page.waitForResponse((r) => r.url().endsWith("/login"));
    await page.setContent(`<iframe id="f" src="${baseURL}/login"></iframe>`);
    expect((await loaded).status()).toBe(200);
    await page.waitForTimeout(1_000);
    await expect(page.frameLocator("#f").getByRole("button", { name: "Sign in" })).toHaveCount(0);
  });
});
