import { expect, test } from "@playwright/test";
import { authFile, snap } from "./fixture";

test.describe("as an admin", () => {
  test.use({ storageState: authFile("admin") });

  test("drafts an agent from a prompt, edits each step, sees an inline error, previews a refund question with its cited article, publishes and rolls back", async ({ page }, info) => {
    await page.goto("/settings/agents");
    await expect(page.getByRole("heading", { name: "AI agents" })).toBeVisible();
    // the demo org's published agent is listed
    await expect(page.getByRole("table", { name: "AI agents" }).getByText("Live", { exact: true })).toBeVisible();

    // too short a description is refused inline
    await page.getByLabel("Your business").fill("Shop");
    await page.getByRole("button", { name: "Draft agent" }).click();
    await expect(page.getByText(/at least 15 characters/)).toBeVisible();

    await page.getByLabel("Your business").fill("We are Kopi Kenangan Online, selling coffee beans and merchandise; customers ask about refunds, shipping and promo codes.");
    await page.getByRole("button", { name: "Draft agent" }).click();
    await expect(page).toHaveURL(/\/settings\/agents\/[0-9a-f-]{36}/);
    await expect(page.getByRole("heading", { name: /Kopi Kenangan Online Assistant/ })).toBeVisible();
    await expect(page.getByText("Built from your description and your knowledge collections")).toBeVisible();

    // step 1: profile
    await page.getByLabel("Name").fill("");
    await page.getByRole("button", { name: "Next: Capabilities" }).click();
    await expect(page.getByText("Name is required.")).toBeVisible();
    await expect(page.getByRole("button", { name: /Profile & behavior/ })).toHaveAttribute("aria-current", "step");
    await page.getByLabel("Name").fill("Kopi Helper");
    await expect(page.getByText("Name is required.")).toBeHidden();
    await page.getByLabel("Tone").selectOption("professional");
    await page.getByRole("button", { name: "Next: Capabilities" }).click();

    // step 2: capabilities — one per knowledge collection, drafted
    const first = page.getByRole("group", { name: "Capability 1" });
    await expect(first.getByLabel("Capability name")).toHaveValue("Help centre");
    await first.getByLabel("Capability ID").fill("Bad Id");
    await page.getByRole("button", { name: "Next: Routing" }).click();
    await expect(page.getByText(/Use 2–40 lowercase letters/)).toBeVisible();
    await first.getByLabel("Capability ID").fill("help");
    await page.getByRole("button", { name: "Next: Routing" }).click();

    // step 3: routing — an inline error on a bad message cap, then valid values
    await page.getByLabel("Message cap").fill("0");
    await page.getByRole("button", { name: "Save draft" }).click();
    await expect(page.getByText("Allow at least 1 message.")).toBeVisible();
    await snap(page, info, "agent-routing-error");
    await page.getByLabel("Message cap").fill("6");
    await expect(page.getByText("Allow at least 1 message.")).toBeHidden();
    await page.getByLabel("Confidence threshold (%)").fill("35");
    await page.getByRole("checkbox", { name: /WhatsApp – Sales/ }).check();
    await page.getByRole("button", { name: "Save draft" }).click();
    await expect(page.getByText("Saved — publish to put these changes live")).toBeVisible();

    // preview a refund question: a customer-facing answer in English in the agent's voice, citing the help-centre
    // article, with confidence and capability
    // the editor re-renders once after the save above: send again if that wiped the message before it went out
    await expect(async () => {
      await page.getByLabel("Preview message").fill("Hi, I just wanted to check on the status of a refund");
      await page.getByRole("button", { name: "Send" }).click();
      await expect(page.getByTestId("preview-bot-turn").first()).toBeVisible({ timeout: 5_000 });
    }).toPass({ timeout: 30_000 });
    const turn = page.getByTestId("preview-bot-turn").first();
    await expect(turn.getByRole("link", { name: "Refund Status — Checking on your refund" })).toBeVisible();
    await expect(turn.getByText("Answered", { exact: true })).toBeVisible();
    await expect(turn.getByText("Help centre", { exact: true })).toBeVisible();
    await expect(turn.getByText(/Kopi Helper.*we'll check your refund for you/s)).toBeVisible();
    // the reply itself (the turn also shows the internal guidance the human would get)
    const replyText = turn.locator("p").first();
    await expect(replyText).not.toContainText("[");
    await expect(replyText).not.toContainText("the customer");

    // …and an informal Indonesian question gets the Indonesian answer
    await page.getByLabel("Preview message").fill("kak bajunya kekecilan, bisa tukar ukuran?");
    await page.getByRole("button", { name: "Send" }).click();
    const second = page.getByTestId("preview-bot-turn").nth(1);
    await expect(second.getByRole("link", { name: /^Return Due to Size — Retur/ })).toBeVisible();
    await expect(second.getByText(/Kak/).first()).toBeVisible();
    await expect(second.locator("p").first()).not.toContainText("Anything else");
    await snap(page, info, "agent-preview");

    // with the help centre off, only staff guidance matches: the customer gets the hand-over message and the human the
    // guidance, cited
    await page.getByRole("button", { name: "2 Capabilities" }).click();
    await first.getByLabel("Enabled").uncheck();
    await page.getByRole("button", { name: "New chat" }).click();
    await page.getByLabel("Preview message").fill("I want to return a shirt because of the size");
    await page.getByRole("button", { name: "Send" }).click();
    const handover = page.getByTestId("preview-bot-turn").first();
    await expect(handover.getByText("Handed over", { exact: true })).toBeVisible();
    const guidance = handover.getByLabel("Internal guidance");
    await expect(guidance.getByText("Internal guidance for the human — not sent to the customer")).toBeVisible();
    await expect(guidance.getByRole("link", { name: /Procedure: return size|Return Due to Size/ })).toBeVisible();
    await expect(handover.locator("p").first()).not.toContainText("Procedure");
    await snap(page, info, "agent-preview-internal-guidance");
    await first.getByLabel("Enabled").check();

    // a question about another company's own account is handed over, and the preview says which company
    await page.getByRole("button", { name: "New chat", exact: true }).click();
    await page.getByLabel("Preview message").fill("@SpotifyCares my premium got charged twice this month, please refund one");
    await page.getByRole("button", { name: "Send" }).click();
    const other = page.getByTestId("preview-bot-turn").first();
    await expect(other.getByText("Handed over", { exact: true })).toBeVisible();
    await expect(other.getByLabel("Signals")).toContainText("about another company: Spotify");
    await snap(page, info, "agent-preview-other-company");

    // publish v1, change the tone and publish v2, then roll back to v1 (published again as v3)
    page.on("dialog", (dialog) => dialog.accept());
    await page.getByRole("button", { name: "Publish" }).click();
    await expect(page.getByText("Published version 1 — it answers its channels now")).toBeVisible();
    await page.getByRole("button", { name: /Profile & behavior/ }).click();
    await page.getByLabel("Tone").selectOption("formal");
    await page.getByRole("button", { name: "Publish" }).click();
    await expect(page.getByText("Published version 2 — it answers its channels now")).toBeVisible();
    await page.reload();
    const versions = page.getByRole("list", { name: "Published versions" });
    await expect(versions.getByRole("listitem")).toHaveCount(2);
    await versions.getByText("1 change from the previous version").click();
    await expect(versions.getByText("Tone", { exact: true })).toBeVisible();
    await versions.getByRole("button", { name: "Roll back to v1" }).click();
    await expect(page.getByText("Rolled back: version 3 restores version 1")).toBeVisible();
    await page.reload();
    await expect(versions.getByRole("listitem")).toHaveCount(3);
    await expect(versions.getByText("restores version 1")).toBeVisible();
    await expect(page.getByLabel("Tone")).toHaveValue("professional");
    await snap(page, info, "agent-versions");

    // the list shows it live on the channel it was given
    await page.goto("/settings/agents");
    const row = page.getByRole("row", { name: /Kopi Helper/ });
    await expect(row.getByText("Live", { exact: true })).toBeVisible();
    await expect(row.getByText("WhatsApp – Sales")).toBeVisible();
    await expect(row.getByText("v3")).toBeVisible();
  });
});

test.describe("as a supervisor", () => {
  test.use({ storageState: authFile("supervisor") });

  test("sees agents read-only: no draft form, no actions, editor disabled, no preview", async ({ page }) => {
    await page.goto("/settings/agents");
    await expect(page.getByText("You can view agents; owners and admins change them.")).toBeVisible();
    await expect(page.getByLabel("Your business")).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Pause" })).toHaveCount(0);
    await page.getByRole("link", { name: "Busana Nusantara Assistant" }).click();
    await expect(page.getByLabel("Name")).toBeDisabled();
    await expect(page.getByRole("button", { name: "Publish" })).toHaveCount(0);
    await expect(page.getByRole("complementary", { name: "Preview" })).toHaveCount(0);
  });
});

test.describe("as an agent", () => {
  test.use({ storageState: authFile("agent") });

  test("has no access to AI agent settings", async ({ page }) => {
    const response = await page.goto("/settings/agents");
    expect(response?.status()).toBe(403);
  });
});

test.describe("CSV export", () => {
  test.use({ storageState: authFile("supervisor") });

  test("a supervisor downloads the agents as CSV", async ({ page }) => {
    await page.goto("/settings/agents");
    const download = page.waitForEvent("download");
    await page.getByRole("link", { name: "Export CSV" }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^ai-agents-\d{4}-\d{2}-\d{2}\.csv$/);
    const text = await (await file.createReadStream()).toArray().then((chunks) => Buffer.concat(chunks).toString("utf8"));
    expect(text.split("\n")[0]).toBe("name,status,status_label,channels,published_version,unpublished_changes,last_edited_at,last_edited_by");
    expect(text).toContain("Busana Nusantara Assistant,live,Live,");
  });
});
