import { writeFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { authFile, snap } from "./fixture";

test.describe("as an admin", () => {
  test.use({ storageState: authFile("admin") });

  test("imports a CSV FAQ twice without duplicates, sees bad rows listed, previews a search and edits an article", async ({ page }, info) => {
    const good = info.outputPath("faq-ongkir.csv");
    writeFileSync(good, 'question,answer\n"How long does delivery to Surabaya take?","Delivery to Surabaya takes 2-3 working days with JNE REG."\n"Can I pay with GoPay?","Yes, GoPay and OVO are accepted at checkout."\n');
    const bad = info.outputPath("faq-bad.csv");
    writeFileSync(bad, 'question,answer\n"Do you ship to Bali?",""\n"",Some answer\n');

    await page.goto("/settings/knowledge");
    await expect(page.getByRole("heading", { name: "Knowledge" })).toBeVisible();
    await page.getByLabel("Collection", { exact: true }).fill("Ongkir FAQ");

    await page.getByLabel("File", { exact: true }).setInputFiles(bad);
    await page.getByRole("button", { name: "Import" }).click();
    await expect(page.getByText("2 problems in the file; nothing was imported.")).toBeVisible();
    const problems = page.getByRole("list", { name: "Problems in the file" });
    await expect(problems.getByText("row 2:")).toBeVisible();
    await expect(problems.getByText("row 3:")).toBeVisible();
    await snap(page, info, "knowledge-bad-file");

    await page.getByLabel("File", { exact: true }).setInputFiles(good);
    await page.getByRole("button", { name: "Import" }).click();
    await expect(page.getByText("Imported faq-ongkir.csv: 2 added, 0 updated")).toBeVisible();
    await page.getByLabel("File", { exact: true }).setInputFiles(good);
    await page.getByRole("button", { name: "Import" }).click();
    await expect(page.getByText("Imported faq-ongkir.csv: 0 added, 2 updated")).toBeVisible();
    await page.reload();
    await expect(page.getByRole("link", { name: "Ongkir FAQ (2)" })).toBeVisible();

    await page.getByLabel("Customer question").fill("delivery Surabaya");
    await page.getByRole("button", { name: "Search", exact: true }).click();
    const results = page.getByRole("list", { name: "Preview results" });
    await expect(results.getByRole("link").first()).toHaveText("How long does delivery to Surabaya take?");
    await snap(page, info, "knowledge");

    await results.getByRole("link").first().click();
    await expect(page.getByRole("heading", { name: "How long does delivery to Surabaya take?" })).toBeVisible();
    await page.getByLabel("Title").fill("");
    await page.getByRole("button", { name: "Save article" }).click();
    await expect(page.getByText("Enter a title.")).toBeVisible();
    await page.getByLabel("Title").fill("Delivery time to Surabaya");
    await page.getByRole("combobox", { name: "Audience" }).selectOption("internal");
    await page.getByLabel("Example questions").fill("how long to Surabaya?\nSurabaya delivery time");
    await page.getByRole("button", { name: "Save article" }).click();
    await expect(page.getByText("Article saved")).toBeVisible();
    await expect(page.getByRole("heading", { name: "Delivery time to Surabaya" })).toBeVisible();
    await expect(page.getByText("Internal guidance", { exact: true })).toBeVisible();
    await snap(page, info, "knowledge-article");

    // the list shows the audience and the number of example questions, and filters by audience
    await page.getByRole("link", { name: "← Knowledge" }).click();
    await page.getByRole("link", { name: "Ongkir FAQ (2)" }).click();
    await page.getByRole("navigation", { name: "Filter by audience" }).getByRole("link", { name: "Internal guidance (1)" }).click();
    const rows = page.getByRole("table", { name: "Articles" }).getByRole("row");
    await expect(rows).toHaveCount(2);
    await expect(rows.nth(1).getByRole("cell")).toHaveText(["Delivery time to Surabaya", "Internal guidance", "Ongkir FAQ", "English", "2", /./]);
  });
});

test.describe("as a supervisor", () => {
  test.use({ storageState: authFile("supervisor") });

  test("sees the knowledge base read-only", async ({ page }) => {
    await page.goto("/settings/knowledge");
    await expect(page.getByText("You can view the knowledge base; owners and admins change it.")).toBeVisible();
    await expect(page.getByRole("button", { name: "Import" })).toHaveCount(0);
    await page.getByRole("table", { name: "Articles" }).getByRole("link").first().click();
    await expect(page.getByRole("button", { name: "Save article" })).toHaveCount(0);
  });
});
