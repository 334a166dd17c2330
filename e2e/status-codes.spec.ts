/**
 * Real status codes over HTTP (issue 19 item 6): a page that doesn't exist, or isn't in the caller's organization,
 * answers 404 with the not-found page; a page the role may not open answers 403 with the forbidden page — also where
 * the page has a loading skeleton (the check runs before anything streams).
 */
import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { authFile } from "./fixture";

test.describe("as an owner", () => {
  test.use({ storageState: authFile("owner") });

  test("unknown pages and other organizations' records answer 404", async ({ request }) => {
    for (const path of ["/no-such-page", `/conversations/${randomUUID()}`, "/conversations/not-a-uuid", `/settings/agents/${randomUUID()}`, `/settings/knowledge/${randomUUID()}`, `/settings/channels/${randomUUID()}`, `/settings/chatbot/${randomUUID()}`]) {
      const res = await request.get(path);
      expect(res.status(), path).toBe(404);
      expect(await res.text(), path).toContain("find that page");
    }
  });

  test("pages of the role answer 200", async ({ request }) => {
    for (const path of ["/conversations", "/monitoring", "/reports/bot-vs-human", "/reports/ai-agent-impact", "/settings/system", "/approvals"]) {
      expect((await request.get(path)).status(), path).toBe(200);
    }
  });
});

test.describe("as an agent", () => {
  test.use({ storageState: authFile("agent") });

  test("pages outside the role answer 403, and reports don't exist for it (404)", async ({ request }) => {
    for (const path of ["/monitoring", "/settings/system", "/settings/organization", "/settings/members"]) {
      const res = await request.get(path);
      expect(res.status(), path).toBe(403);
      expect(await res.text(), path).toContain("This page is not available for your role");
    }
    for (const path of ["/reports", "/reports/bot-vs-human", "/reports/ai-agent-impact", "/reports/approvals"]) {
      expect((await request.get(path)).status(), path).toBe(404);
    }
    // the agent's own pages
    for (const path of ["/conversations", "/approvals", "/monitoring/devices", "/profile"]) expect((await request.get(path)).status(), path).toBe(200);
  });
});
