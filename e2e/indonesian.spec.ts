/**
 * The main journeys in Bahasa Indonesia (issue 19 item 1; named to run after e2e/conversations.spec.ts, which counts the replayed conversations): a signed-out visitor whose browser prefers Indonesian
 * signs in in Indonesian; a supervisor chooses Bahasa Indonesia on the profile page and works an alert — monitoring,
 * the conversation, take over — then approvals and reports, every screen in Indonesian with `lang="id"`, dates in
 * the org's zone ("WIB"); an owner saves organization settings and exports CSV with Indonesian status words. Each
 * switches back to English at the end (the rest of the suite reads English).
 */
import { expect, test } from "@playwright/test";
import { DEMO_PASSWORD } from "@/lib/demo/seed-demo-org";
import { authFile, fixture, postMessage, snap } from "./fixture";
import { chooseLanguage } from "./console-pages";

test.describe("signed out, with an Indonesian browser", () => {
  test.use({ locale: "id-ID" });

  test("the sign-in page speaks Indonesian, and so does a wrong password", async ({ page }, info) => {
    await page.goto("/login");
    await expect(page.locator("html")).toHaveAttribute("lang", "id");
    await expect(page.getByRole("heading", { name: "Masuk ke Tandem" })).toBeVisible();
    await page.getByLabel("Email").fill("owner@demo.tandem.test");
    await page.getByLabel("Kata sandi").fill(`${DEMO_PASSWORD}-wrong`);
    await page.getByRole("button", { name: "Masuk" }).click();
    await expect(page.locator("form").getByRole("alert")).toHaveText("Email dan kata sandi tersebut tidak cocok dengan akun mana pun.");
    await snap(page, info, "id-login-refused");
  });
});

test.describe("as a supervisor who reads Bahasa Indonesia", () => {
  test.use({ storageState: authFile("supervisor") });

  test("works an alert, then approvals and reports, in Indonesian", async ({ page, baseURL }, info) => {
    await chooseLanguage(page, "id");
    try {
      const nav = page.getByRole("navigation", { name: "Utama" });
      for (const name of ["Percakapan", /Pemantauan/, "Laporan", "Persetujuan"]) await expect(nav.getByRole("link", { name })).toBeVisible();
      await expect(page.getByRole("button", { name: "Keluar", exact: true })).toBeVisible();

      const { demo } = fixture();
      const res = await postMessage(baseURL!, demo.channels[0]!, { conversationId: `e2e-id-${Date.now()}`, messageId: "m1", text: `E2E ${Date.now()}: akun youtube saya diblokir, tolong bantu` });
      expect(res.status).toBe(200);
      const conversationId = res.json.conversation_id;

      await nav.getByRole("link", { name: /Pemantauan/ }).click();
      await expect(page.getByRole("heading", { level: 1, name: "Pemantauan" })).toBeVisible();
      await expect(page.getByRole("heading", { name: "Kegagalan terkini" })).toBeVisible();
      // the alerts themselves are told in Indonesian, not only the page around them
      await expect(page.getByRole("list", { name: "Peringatan" }).getByText(/tidak dapat menjawab pelanggan|menyerahkan pelanggan|mengalami error/).first()).toBeVisible();
      await snap(page, info, "id-monitoring");

      await page.goto(`/conversations/${conversationId}`);
      await expect(page.locator("html")).toHaveAttribute("lang", "id");
      await expect(page.getByText(/WIB/).first()).toBeVisible();
      const actions = page.getByRole("region", { name: "Tindakan" });
      await actions.getByRole("button", { name: "Ambil alih" }).click();
      await expect(page.getByText("Percakapan ini sekarang Anda tangani. Agen AI berhenti membalasnya.")).toBeVisible();
      await expect(actions.getByRole("button", { name: "Ambil alih" })).toHaveCount(0);
      await snap(page, info, "id-conversation-taken-over");

      await page.goto("/conversations");
      await expect(page.getByRole("heading", { level: 1, name: "Percakapan" })).toBeVisible();
      // statuses in plain Indonesian words, never the raw value
      await expect(page.getByRole("table").getByText("Ditangani agen").first()).toBeVisible();
      await expect(page.getByRole("table").getByText("ASSIGNED")).toHaveCount(0);

      await page.goto("/approvals");
      await expect(page.getByRole("heading", { level: 1, name: "Persetujuan" })).toBeVisible();

      await page.goto("/reports/bot-vs-human?range=7");
      await expect(page.locator("html")).toHaveAttribute("lang", "id");
      await expect(page.getByRole("heading", { level: 1 })).not.toHaveText(/Bot vs human/i);
      await snap(page, info, "id-bot-vs-human");
    } finally {
      await chooseLanguage(page, "en");
    }
  });
});

test.describe("as an owner who reads Bahasa Indonesia", () => {
  test.use({ storageState: authFile("owner") });

  test("exports conversations with Indonesian status words and the org's time zone", async ({ page }) => {
    await chooseLanguage(page, "id");
    try {
      const csv = await page.request.get("/api/conversations/export?view=all");
      expect(csv.status()).toBe(200);
      const [header, ...rows] = (await csv.text()).trim().split("\n");
      expect(header).toBe("id,channel,contact,first_message,handled_by,status,status_label,variant,messages,created_at,last_message_at");
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.join("\n")).toMatch(/,(Terbuka|Menunggu agen|Ditangani agen|Selesai),/);
      // times in Asia/Jakarta with their offset, not UTC
      expect(rows[0]).toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+07:00/);
    } finally {
      await chooseLanguage(page, "en");
    }
  });

  test("the server's refusals and form errors arrive in Indonesian", async ({ page }) => {
    await chooseLanguage(page, "id");
    try {
      await page.goto("/settings/channels");
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      // an empty name is refused by the server's schema, in the reader's language
      await page.getByRole("button", { name: "Buat kanal" }).click();
      await expect(page.getByText("Masukkan nama kanal.")).toBeVisible();
      // a name the org already uses is refused by the database constraint, in the reader's language
      const existing = (await page.getByRole("table").locator("tbody tr td").first().textContent())!.trim();
      await page.getByLabel("Nama", { exact: true }).fill(existing);
      await page.getByRole("button", { name: "Buat kanal" }).click();
      await expect(page.getByText(`Kanal bernama "${existing}" sudah ada.`).first()).toBeVisible();
      await expect(page.getByText(/already exists/)).toHaveCount(0);
      // a NUL character the database can't store is a field error on that field, before anything is written (issue 17)
      await page.getByLabel("Nama", { exact: true }).fill("Toko\u0000Jaya");
      await page.getByRole("button", { name: "Buat kanal" }).click();
      await expect(page.getByText("Teks ini berisi karakter yang tidak bisa disimpan (karakter NUL atau emoji yang rusak). Hapus karakter itu lalu coba lagi.")).toBeVisible();
      await expect(page.getByText("Terjadi kesalahan")).toHaveCount(0);
      await expect(page.getByRole("table").getByText(/^Toko/)).toHaveCount(0);
      // the agent editor checks each step in the browser, in the reader's language too
      await page.goto("/settings/agents");
      await page.locator('a[href^="/settings/agents/"]').first().click();
      await page.getByLabel("Nama", { exact: true }).first().fill("");
      await page.getByRole("button", { name: /^Berikutnya/ }).first().click();
      await expect(page.getByText("Nama wajib diisi.")).toBeVisible();
      await expect(page.getByText("Name is required.")).toHaveCount(0);
    } finally {
      await chooseLanguage(page, "en");
    }
  });
});
