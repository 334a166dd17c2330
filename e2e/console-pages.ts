import { AxeBuilder } from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";
import { fixture } from "./fixture";

/** The first link on `listPath` whose href matches `pattern` (a detail page to visit). */
async function firstLink(page: Page, listPath: string, pattern: RegExp): Promise<string> {
  await page.goto(listPath);
  let href: string | undefined;
  // the list may still be hydrating: look again for up to 10 s
  await expect
    .poll(async () => {
      const hrefs = await page.locator("main a[href]").evaluateAll((as) => as.map((a) => a.getAttribute("href") ?? ""));
      href = hrefs.find((h) => pattern.test(h));
      return href;
    }, { message: `a link matching ${pattern} on ${listPath}`, timeout: 10_000 })
    .toBeTruthy();
  return href!;
}

/**
 * Every page of the console an owner can open, detail pages included (ids read from the lists), for the
 * accessibility, phone and language walks (issue 19).
 */
export async function consolePages(page: Page): Promise<string[]> {
  const { demo } = fixture();
  const channel = demo.channels[0]!.id;
  return [
    "/conversations",
    await firstLink(page, "/conversations", /^\/conversations\/[0-9a-f-]{36}$/),
    "/monitoring",
    "/monitoring/devices",
    "/reports",
    "/reports/ai-agent-impact",
    "/reports/bot-vs-human",
    "/reports/approvals",
    "/approvals",
    "/profile",
    "/settings/organization",
    "/settings/members",
    "/settings/channels",
    `/settings/channels/${channel}`,
    "/settings/agents",
    await firstLink(page, "/settings/agents", /^\/settings\/agents\/[0-9a-f-]{36}$/),
    "/settings/chatbot",
    `/settings/chatbot/${channel}`,
    "/settings/knowledge",
    await firstLink(page, "/settings/knowledge", /^\/settings\/knowledge\/[0-9a-f-]{36}$/),
    "/settings/alerts",
    "/settings/chatwoot",
    "/settings/audit",
    "/settings/system",
  ];
}

/**
/**
 * Opens a console page and waits until it has rendered, not its loading skeleton: its `<h1>` is on screen.
 */
export async function openLoaded(page: Page, path: string): Promise<void> {
  await page.goto(path);
  await expect(page.locator("main h1").first()).toBeVisible();
}

/**
 * Runs axe (WCAG 2.1 A/AA rules) on the page as it is and fails the test (softly: the walk goes on, so one run lists every page) on any serious or critical violation, naming the rule,
 * its help and the first elements it found.
 */
export async function expectNoSeriousA11yViolations(page: Page, where: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const serious = results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${where}: ${v.id} (${v.impact}) ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")}`);
  expect.soft(serious, serious.join("\n")).toEqual([]);
}

/**
 * Nothing wider than the screen: the page does not scroll sideways (tables scroll inside their own box), and every
 * visible button, link and form control lies within the viewport's width.
 */
export async function expectNothingClipped(page: Page, where: string): Promise<void> {
  const { overflow, clipped, wide } = await page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const controls = [...document.querySelectorAll<HTMLElement>("main button, main a[href], main input, main select, main textarea, header button, header a[href]")];
    const clipped = controls
      .filter((el) => {
        const r = el.getBoundingClientRect();
        if (r.width === 0 || r.height === 0) return false;
        // inside a box that scrolls sideways on purpose (a wide table): reachable by scrolling it
        for (let p = el.parentElement; p; p = p.parentElement) {
          const s = getComputedStyle(p);
          if ((s.overflowX === "auto" || s.overflowX === "scroll") && p.scrollWidth > p.clientWidth) return false;
        }
        return r.left < -1 || r.right > width + 1;
      })
      .map((el) => `${el.tagName.toLowerCase()} "${(el.innerText || el.getAttribute("aria-label") || el.getAttribute("name") || "").trim().slice(0, 40)}"`);
    // what sticks out, for the failure message: the innermost elements past the right edge, outside any scroll box
    const inScroller = (el: Element) => {
      for (let p = el.parentElement; p; p = p.parentElement) {
        const s = getComputedStyle(p);
        if ((s.overflowX === "auto" || s.overflowX === "scroll") && p.scrollWidth > p.clientWidth) return true;
      }
      return false;
    };
    const wide = [...document.querySelectorAll("body *")]
      .filter((el) => el.getBoundingClientRect().right > width + 1 && !inScroller(el))
      .filter((el) => ![...el.children].some((c) => c.getBoundingClientRect().right > width + 1))
      .slice(0, 5)
      .map((el) => `${el.tagName.toLowerCase()}.${String(el.getAttribute("class") ?? "").split(" ").slice(0, 3).join(".")} "${(el.textContent ?? "").trim().slice(0, 30)}"`);
    return { overflow: document.documentElement.scrollWidth - width, clipped, wide };
  });
  expect.soft(clipped, `${where}: controls outside the screen: ${clipped.join(", ")}`).toEqual([]);
  expect.soft(overflow, `${where}: the page scrolls sideways by ${overflow}px (${wide.join(", ")})`).toBeLessThanOrEqual(1);
}

/**
 * Chooses the console language on the profile page, as a person would (`org` follows the organization), and waits
 * for the page to speak it.
 */
export async function chooseLanguage(page: Page, language: "id" | "en" | "org"): Promise<void> {
  await page.goto("/profile");
  await page.locator("#language").selectOption(language);
  await page.locator('section[aria-labelledby="language-title"]').getByRole("button").click();
  const expected = language === "en" ? "en" : "id"; // the demo org is Indonesian
  await expect(page.locator("html")).toHaveAttribute("lang", expected);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(expected === "id" ? "Profil Anda" : "Your profile");
}
