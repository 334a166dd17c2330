/**
 * Messages about another company's own product, account or service (issue 14 item 5: off-topic is handed over): a
 * shop's bot is asked to reset a Gmail password, refund a GrabFood order or fix a PS4 login — often in the very words
 * of a shop question ("charged twice", "can't log in"), so retrieval alone answers them from the shop's own account
 * and billing articles. The companies are domain data (`other-companies.json`); a company the org's own knowledge
 * names (a payment method, a courier, a brand it sells) is never "another company" for that org.
 */
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { executeRows } from "@/db/execute-rows";
import { isContentWord } from "./normalize-query";
import data from "./other-companies.json";

type Company = { name: string; aliases: string[]; handles: string[] };

const COMPANIES: readonly Company[] = data.companies;

/** Banks, cards, e-wallets, couriers and marketplaces: a customer's own account with them is a shop question. */
const SHOP_PARTNERS: ReadonlySet<string> = new Set(data.shopPartners.names);

/** Whether an unlisted name is one of {@link SHOP_PARTNERS} ("Mandiri", "Bank Mandiri", "ShopeePay", "Mandiri Syariah"). */
function isShopPartner(name: string): boolean {
  const lower = name.toLowerCase();
  return SHOP_PARTNERS.has(lower) || [...SHOP_PARTNERS].some((p) => lower.startsWith(`${p} `));
}

/** A handle entry this long or longer also matches handles that start with it (`spotify` → `@SpotifyCares`). */
const MIN_HANDLE_PREFIX = 4;

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** `phrase` as a whole word or phrase, case-insensitive: no letter, digit or apostrophe right before it, no letter or digit after. */
const wholePhrase = (phrase: string) => new RegExp(`(?<![\\p{L}\\p{N}'’])${escape(phrase).replace(/ /g, "\\s+")}(?![\\p{L}\\p{N}])`, "iu");

/** Every alias → its company. */
const BY_ALIAS = new Map<string, Company>(COMPANIES.flatMap((company) => company.aliases.map((alias) => [alias, company] as const)));
/**
 * Every alias in one pattern (one pass over the message, longest first so "paket data telkomsel" wins over
 * "telkomsel"), each as a whole word or phrase ({@link wholePhrase}: "isn't mobile" says no "t mobile").
 */
const ALIASES = new RegExp(
  `(?<![\\p{L}\\p{N}'’])(?:${[...BY_ALIAS.keys()]
    .sort((a, b) => b.length - a.length)
    .map((alias) => escape(alias).replace(/ /g, "\\s+"))
    .join("|")})(?![\\p{L}\\p{N}])`,
  "giu",
);

/**
 * The customer's own account with a service, named as a name: "my Zalando password", "my Canva Pro subscription",
 * "akun Bibit sy". The name (1–3 capitalised words) is another company's when the org's knowledge and its agent's
 * own profile never use it and it is no {@link SHOP_PARTNERS} name — the services {@link COMPANIES} does not list.
 * Orders, parcels and balances are not such nouns: "my Nike order" is a shop order of Nike shoes, "saldo ShopeePay"
 * how the customer pays.
 */
const ACCOUNT_NOUNS = "account|password|username|login|subscription|membership|app";
const MY_NAMED_ACCOUNT = new RegExp(`(?<![\\p{L}])[Mm][Yy]\\s+((?:\\p{Lu}[\\p{L}\\p{N}'’&.+-]*\\s+){1,3}?)(?:${ACCOUNT_NOUNS})(?![\\p{L}])`, "gu");
/**
 * The same in Indonesian chat, where a service's name is often in lower case: "lupa password akun pluang, gmn?",
 * "ganti no hp di akun ruangguru?" — one word after akun/aplikasi/langganan that ends the phrase (punctuation, the
 * end, or a pronoun, particle or question word follows). Verb forms (di-, ter-, ber-, me-, ke-: "akun diblokir",
 * "akun terkunci") and words that say nothing ("akun sy") are none.
 */
const NAMED_AKUN_LOWER =
  /(?<![\p{L}])(?:akun|aplikasi|apk|langganan)\s+(\p{Ll}[\p{Ll}\p{N}]{3,})(?=\s*(?:[,.?!]|$)|\s+(?:sy|saya|aku|ku|gw|gue|ya|kak|min|gmn|gimana|kok|kenapa|knp|udah|udh|dong)(?![\p{L}]))/gu;
const VERB_FORM = /^(?:di|ter|ber|me|ke)/u;
const NAMED_AKUN = /(?<![\p{L}])(?:akun|password|sandi|langganan|aplikasi|apk)\s+((?:\p{Lu}[\p{L}\p{N}'’&.+-]*)(?:\s+\p{Lu}[\p{L}\p{N}'’&.+-]*){0,2})/gu;

/** E-mail addresses and links: they name a provider ("rina@gmail.com") without being about it. */
const ADDRESSES = /[\w.%+-]+@[\w-]+(?:\.[\w-]+)+|https?:\s*\/\/\S+|www\.\S+/giu;
/** A social-media handle: `@` not inside an e-mail address. */
const HANDLE = /(?<![\p{L}\p{N}._%+-])@([A-Za-z0-9_]{2,30})/gu;

function handleCompany(handle: string): Company | undefined {
  const h = handle.toLowerCase().replace(/_/g, "");
  return COMPANIES.find((c) => c.handles.some((entry) => h === entry || (entry.length >= MIN_HANDLE_PREFIX && h.startsWith(entry))));
}

/** A company a message names: its name, and the phrases that named it (the aliases as written in the list). */
export type NamedCompany = { name: string; phrases: string[] };

/** The listed company an unlisted-looking name is (by its name or an alias), if any. */
function listedAs(name: string): Company | undefined {
  const lower = name.toLowerCase();
  return COMPANIES.find((c) => c.name.toLowerCase() === lower || c.aliases.includes(lower));
}

/**
 * The other companies a message names or addresses: a listed company ({@link COMPANIES}) by an alias as a whole word
 * ("my Netflix password", "paket data Telkomsel") or by a handle it is addressed to (`@AskPlayStation`, whose phrase
 * is the company's name); and the customer's own account with any service written as a name ("my Zalando password",
 * "akun Bibit sy": {@link MY_NAMED_ACCOUNT}, {@link NAMED_AKUN}) or, in Indonesian chat, in lower case ("akun
 * pluang": {@link NAMED_AKUN_LOWER}), whose phrase is that name. E-mail addresses and
 * links are not read ("my email is rina@gmail.com" names no company).
 * @param text the customer's message(s)
 * @returns each company once, listed ones in list order, then the others in the order named; [] when none is named
 */
export function namedCompanies(text: string): NamedCompany[] {
  const phrases = new Map<string, Set<string>>();
  const add = (name: string, phrase: string) => phrases.set(name, (phrases.get(name) ?? new Set()).add(phrase));
  for (const match of text.matchAll(HANDLE)) {
    const company = handleCompany(match[1]!);
    if (company) add(company.name, company.name);
  }
  const plain = text.replace(ADDRESSES, " ");
  for (const match of plain.matchAll(ALIASES)) {
    const alias = match[0].toLowerCase().replace(/\s+/g, " ");
    add(BY_ALIAS.get(alias)!.name, alias);
  }
  const unlisted: string[] = [];
  for (const re of [MY_NAMED_ACCOUNT, NAMED_AKUN, NAMED_AKUN_LOWER]) {
    for (const match of plain.matchAll(re)) {
      const name = match[1]!.trim().replace(/[.'’]+$/u, "");
      if (re === NAMED_AKUN_LOWER && (VERB_FORM.test(name) || !isContentWord(name))) continue;
      const listed = listedAs(name);
      if (listed) add(listed.name, listed.name);
      else if (name.length > 1 && !isShopPartner(name)) {
        if (!phrases.has(name)) unlisted.push(name);
        add(name, name);
      }
    }
  }
  const listed = COMPANIES.filter((c) => phrases.has(c.name)).map((c) => c.name);
  return [...listed, ...unlisted].map((name) => ({ name, phrases: [...phrases.get(name)!] }));
}

/**
 * The other companies a message is about, for this org (002_… answering engine; issue 14 item 5 — off-topic handed
 * over): those of {@link namedCompanies} named by a phrase that the agent's own words (`ownWords`: its name, persona
 * and instructions) never use and that appears in none of the org's articles (title, example questions or body,
 * either audience; matched as each article's language stems it, so the match is by stemmed words in order, not
 * letter for letter). A phrase the org's knowledge uses is the shop's business ("switched from Telkomsel to XL"
 * where the help centre says so); "pulsa Telkomsel kepotong" is not. One indexed query, only when a company is named.
 * @param params.orgId tenant whose knowledge decides
 * @param params.text the customer's message(s)
 * @param params.ownWords the agent's own words (the shop's name among them), compared case-insensitively
 * @returns company names, [] when the message names none that is another company's for this org
 */
export async function otherCompaniesIn(db: Db, { orgId, text, ownWords = "" }: { orgId: string; text: string; ownWords?: string }): Promise<string[]> {
  const phrases = namedCompanies(text)
    .flatMap((c) => c.phrases.map((phrase) => ({ name: c.name, phrase })))
    .filter(({ phrase }) => !wholePhrase(phrase).test(ownWords));
  if (phrases.length === 0) return [];
  const rows = await executeRows<{ i: number; known: boolean }>(
    db,
    sql`SELECT c.i,
          EXISTS (SELECT 1 FROM knowledge_articles a WHERE a.org_id = ${orgId} AND a.language = 'id' AND a.search @@ c.id_query)
          OR EXISTS (SELECT 1 FROM knowledge_articles a WHERE a.org_id = ${orgId} AND a.language <> 'id' AND a.search @@ c.en_query) AS known
        FROM (VALUES ${sql.join(
          phrases.map(({ phrase }, i) => sql`(${i}::int, phraseto_tsquery('indonesian', ${phrase}), phraseto_tsquery('english', ${phrase}))`),
          sql`, `,
        )}) AS c(i, id_query, en_query)`,
  );
  const known = new Set(rows.filter((r) => r.known).map((r) => Number(r.i)));
  return [...new Set(phrases.filter((_, i) => !known.has(i)).map((p) => p.name))];
}
