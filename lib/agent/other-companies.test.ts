/**
 * Questions about another company's own account or product are off-topic (issue 14 item 5): a customer who writes
 * "@SpotifyCares I was charged twice" or "how do I reset my Netflix password?" to the shop gets the hand-over, not the
 * shop's billing or password answer — while a shop question that names a company the shop's knowledge mentions (a
 * payment method, a courier) is still answered, and an e-mail address or "my Gmail inbox" names no company.
 * On the demo knowledge base, through `runAgent` and the signed incoming-message webhook.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { knowledgeArticles, messages } from "@/db/schema";
import { handleIncomingMessage } from "@/lib/ingest/handle-incoming-message";
import { upsertArticles } from "@/lib/knowledge/upsert-articles";
import { seedTestOrg, testDb } from "@/test/db";
import { serve } from "@/test/http";
import { postIncomingMessage } from "@/test/incoming-message";
import { defaultAgentConfig } from "./config-schema";
import { runAgent } from "./engine";
import { namedCompanies, otherCompaniesIn } from "./other-companies";
import { OTHER_COMPANY } from "./signal-details";

let db: Db;
let org: Awaited<ReturnType<typeof seedTestOrg>>;
let other: Awaited<ReturnType<typeof seedTestOrg>>;

const ask = (text: string, orgId = org.orgId) =>
  runAgent(db, { orgId, config: defaultAgentConfig("both", "Nadia"), history: [{ sender: "customer", content: text }] });

async function topicOf(articleId: string | undefined): Promise<string | null> {
  if (!articleId) return null;
  const [row] = await db.select({ topicKey: knowledgeArticles.topicKey }).from(knowledgeArticles).where(eq(knowledgeArticles.id, articleId));
  return row?.topicKey ?? null;
}

beforeAll(async () => {
  db = await testDb();
  [org, other] = [await seedTestOrg(db), await seedTestOrg(db)];
  // the other org resells streaming vouchers: Netflix is its business
  await upsertArticles(db, {
    orgId: other.orgId,
    articles: [
      {
        collection: "Vouchers",
        sourceKey: "vouchers:netflix",
        title: "Netflix gift vouchers",
        body: "We sell Netflix gift vouchers of Rp 100.000 and Rp 200.000. The code arrives by e-mail within 5 minutes of payment.",
        language: "en",
        audience: "customer",
        examples: ["do you sell Netflix vouchers?", "how do I redeem my Netflix voucher?", "my Netflix voucher code did not arrive"],
      },
    ],
  });
});

describe("namedCompanies: which other companies a message names", () => {
  it.each([
    ["@SpotifyCares I was charged twice this month", ["Spotify"]],
    ["@AskPlayStation I can't log in to my PS4", ["PlayStation"]],
    ["Hey @gmail I can't get into my account", ["Gmail"]],
    ["How do I reset my Gmail password? I'm locked out of my Google account.", ["Gmail", "Google"]],
    ["min pulsa Telkomsel sy kepotong terus", ["Telkomsel"]],
    ["My GrabFood order never arrived, can you refund me?", ["Grab"]],
    // the customer's own account with a service the list does not have, written as a name
    ["How do I reset my Zalando password?", ["Zalando"]],
    ["my Canva Pro subscription was charged twice", ["Canva Pro"]],
    ["cara reset password akun Bibit gimana?", ["Bibit"]],
    ["I can't log in to my Spotify account", ["Spotify"]],
    ["How do I freeze my Celebrity Fitness membership?", ["Celebrity Fitness"]],
    ["kak sy lupa password akun Pluang, gmn cara resetnya ya", ["Pluang"]],
  ])("%s → %j", (text, names) => {
    expect(namedCompanies(text).map((c) => c.name)).toEqual(names);
  });

  it.each([
    "my email is rina.putri@gmail.com, I forgot my password",
    "The password reset link never arrived in my Gmail inbox",
    "do you have this jacket in XL?",
    "I'll grab the black one in size M",
    "kak mau ajukan pengembalian dana",
    "is it the same as the one on www.netflix.com/shop?",
    "my telegram is @rinap, message me there",
    // Indonesian chat words and shop questions that look like a service's name
    "kak mau psn 2 pcs kaos hitam",
    "wajib vidio unboxing ya kak kalo mau retur?",
    "bisa COD di stasiun KRL Bekasi?",
    "jaringan lagi pln bgt, websitenya gak kebuka",
    "sudah transfer via m-BCA tapi status masih belum lunas",
    "driver gojek blm dateng ambil paket sy",
    "akun ig kalian apa kak?",
    "aplikasinya ada di play store gak?",
    "Your site isn't mobile friendly at all",
    "paket XL isi berapa pcs?",
    "the site keeps crashing on my iPhone",
    // a bank, an e-wallet or a courier: how the customer pays or ships
    "I still haven't seen the refund in my Mandiri account",
    "min sale mulai jam brp? mau siapin saldo ShopeePay dulu",
    "I can't log in to my JNE account to track it",
    // which of the customer's accounts, in lower case or as a capitalised qualifier; a bank app; a line break
    "min akun sy terkunci gmn",
    "kak akun diblokir kenapa ya",
    "min akun kena hack tolong dibantu",
    "kak mau bikin akun baru gmn?",
    "login di akun suami sy bisa gak kak?",
    "aplikasi error kak, gak bisa checkout",
    "langganan bulanan sy kok kepotong 2x",
    "My Business account was charged twice",
    "I can't log in to my Gold membership",
    "the discount doesn't show in my Android app",
    "akun Member Saya kok gak dapet poin",
    "sudah bayar lewat aplikasi BRImo tapi status belum lunas",
    "sy sudah transfer dari akun BCA\nTolong dicek ya kak",
    "refund ke akun Mandiri\nMakasih",
    "I can't log in to my Amazon account to compare prices",
    "my ſpotify account",
  ])("names none: %s", (text) => {
    expect(namedCompanies(text)).toEqual([]);
  });

  it("keeps the phrase that named the company: the longest alias there, or the company's name for a handle", () => {
    expect(namedCompanies("paket data Telkomsel habis, @Telkomsel tolong")).toEqual([{ name: "Telkomsel", phrases: ["Telkomsel", "paket data telkomsel", "telkomsel"] }]);
  });
});

describe("otherCompaniesIn: a company the org's own knowledge mentions is the shop's business", () => {
  it("a phrase the help centre uses is not another company's; the same company's phrase it never uses is", async () => {
    // the demo help centre has "I switched from Telkomsel to XL and got a new number" as an example question
    expect(await otherCompaniesIn(db, { orgId: org.orgId, text: "I switched from Telkomsel to XL, please update my number" })).toEqual([]);
    expect(await otherCompaniesIn(db, { orgId: org.orgId, text: "min pulsa Telkomsel sy kepotong terus" })).toEqual(["Telkomsel"]);
  });

  it("an unlisted name the help centre uses is the shop's own (akun Busana), one it never uses is not (akun Pluang)", async () => {
    expect(namedCompanies("kak akun Busana sy kok gak bisa login?").map((c) => c.name)).toEqual(["Busana"]);
    expect(await otherCompaniesIn(db, { orgId: org.orgId, text: "kak akun Busana sy kok gak bisa login?" })).toEqual([]);
    expect(await otherCompaniesIn(db, { orgId: org.orgId, text: "kak akun Pluang sy kok gak bisa login?" })).toEqual(["Pluang"]);
  });

  it("the agent's own words never make a listed company the shop's: an instruction naming Netflix does not", async () => {
    const ownWords = "Hand over questions about Netflix or Spotify accounts.";
    expect(await otherCompaniesIn(db, { orgId: org.orgId, text: "How do I reset my Netflix password?", ownWords })).toEqual(["Netflix"]);
  });

  it("is decided per organization: Netflix is another company's for the shop, not for the org that sells Netflix vouchers", async () => {
    expect(await otherCompaniesIn(db, { orgId: org.orgId, text: "my Netflix voucher code did not arrive" })).toEqual(["Netflix"]);
    expect(await otherCompaniesIn(db, { orgId: other.orgId, text: "my Netflix voucher code did not arrive" })).toEqual([]);
  });

  it("runs no query and returns [] when no company is named", async () => {
    const noDatabase = new Proxy({}, { get: () => { throw new Error("test: the database was used"); } }) as Db;
    expect(await otherCompaniesIn(noDatabase, { orgId: org.orgId, text: "how do I reset my password?" })).toEqual([]);
  });

  it("a name the agent's own words use (the shop's name) is not another company's", async () => {
    const text = "I can't log in to my Kain Sejahtera account";
    expect(await otherCompaniesIn(db, { orgId: org.orgId, text })).toEqual(["Kain Sejahtera"]);
    expect(await otherCompaniesIn(db, { orgId: org.orgId, text, ownWords: "Kain Sejahtera Assistant\nWe are Kain Sejahtera, a fabric shop." })).toEqual([]);
  });
});

describe("the answering engine hands over a question about another company's account", () => {
  it.each([
    ["How do I reset my Netflix password?", "How do I reset my password?", "Netflix"],
    ["@DropboxSupport I want to change my mobile number.", "I want to change my mobile number.", "Dropbox"],
    ["kak tagihan langganan Spotify premium sy kepotong 2x bulan ini", "kak tagihan langganan premium sy kepotong 2x bulan ini", "Spotify"],
    ["min lupa password akun Spotify", "min lupa password akun", "Spotify"],
  ])("%s — handed over with confidence 0 (the same words about the shop are answered)", async (aboutThem, aboutUs, company) => {
    const shop = await ask(aboutUs);
    expect(shop.action, `"${aboutUs}" is answered`).toBe("answer");
    const out = await ask(aboutThem);
    expect(out).toMatchObject({ action: "handover", confidence: 0, sources: [] });
    expect(out.signals).toEqual([{ signal: "low_confidence", value: 0, threshold: 0.7, detail: `${OTHER_COMPANY}: ${company}` }]);
  });

  it("answers a shop question naming a listed company the help centre mentions (Telkomsel), from the phone-number article", async () => {
    const text = "I switched from Telkomsel to XL and got a new number, please update it on my account";
    expect(namedCompanies(text).map((c) => c.name)).toEqual(["Telkomsel"]);
    const out = await ask(text);
    expect(out.action).toBe("answer");
    expect(out.signals).toEqual([]);
    expect(await topicOf(out.sources[0]?.articleId)).toBe("manage_account/manage_change_phone");
  });

  it("answers the org that sells Netflix vouchers about its Netflix vouchers", async () => {
    const out = await ask("my Netflix voucher code did not arrive", other.orgId);
    expect(out.signals.map((s) => s.detail ?? null)).not.toContain(`${OTHER_COMPANY}: Netflix`);
    expect(out.action).toBe("answer");
  });
});

describe("through the signed incoming-message webhook", () => {
  let server: Awaited<ReturnType<typeof serve>>;
  beforeAll(async () => {
    server = await serve((req) => handleIncomingMessage(db, req));
  });
  afterAll(() => server.close());

  it("a tweet to another brand is handed over, and the stored bot message carries the low_confidence signal naming it", async () => {
    const res = await postIncomingMessage(server.url, org.channels[0]!, {
      conversationId: `conv-other-company-${Date.now()}`,
      messageId: "msg-other-company-1",
      contactId: "wa:6281200077",
      text: "@RockstarSupport I need help with removing 2FA on my account",
    });
    expect(res.status).toBe(200);
    const json = (await res.json()) as { reply: { message_id: string; action: string; confidence: number } };
    expect(json.reply).toMatchObject({ action: "handover", confidence: 0 });
    const [bot] = await db.select().from(messages).where(eq(messages.id, json.reply.message_id));
    expect(bot).toMatchObject({ sender: "bot", agentAction: "handover" });
    expect(bot!.signals).toEqual([expect.objectContaining({ signal: "low_confidence", detail: `${OTHER_COMPANY}: Rockstar Games` })]);
    // the same question without the brand is the shop's two-factor answer
    expect(await topicOf((await ask("I need help with removing 2FA on my account")).sources[0]?.articleId)).toBe("account_access/reset_2fa");
  });
});
