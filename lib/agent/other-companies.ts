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
const LISTED_NAMES: ReadonlySet<string> = new Set(COMPANIES.map((c) => c.name));

/** Banks, cards, e-wallets, couriers and marketplaces: a customer's own account with them is a shop question. */
const SHOP_PARTNERS: ReadonlySet<string> = new Set(data.shopPartners.names);

/** Whether an unlisted name is one of {@link SHOP_PARTNERS} ("Mandiri", "Bank Mandiri", "ShopeePay", "Mandiri Syariah"). */
function isShopPartner(name: string): boolean {
  const lower = name.toLowerCase();
  return SHOP_PARTNERS.has(lower) || data.shopPartners.names.some((p) => lower.startsWith(`${p} `));
}

/** A handle entry this long or longer also matches handles that start with it (`spotify` → `@SpotifyCares`). */
const MIN_HANDLE_PREFIX = 4;

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** `phrase` as a whole word or phrase, case-insensitive: no letter, digit or apostrophe right before it, no letter or digit after. */
const wholePhrase = (phrase: string) => new RegExp(`(?<![\\p{L}\\p{N}'’])${escape(phrase).replace(/ /g, "\\s+")}(?![\\p{L}\\p{N}])`, "iu");

/** Every alias → its company (aliases are lower case, one space between words). */
const BY_ALIAS = new Map<string, Company>(COMPANIES.flatMap((company) => company.aliases.map((alias) => [alias, company] as const)));
/**
 * Every alias in one pattern (one pass over the message, longest first so "paket data telkomsel" wins over
 * "telkomsel"), each as a whole word or phrase ({@link wholePhrase}: no letter, digit or apostrophe before it).
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
 * "akun Bibit sy". The name (1–3 capitalised words on one line, each word's own letters, digits and `'&+-`) is
 * another company's when it is no {@link SHOP_PARTNERS} name and no {@link QUALIFIERS} word, and the org's knowledge
 * and its agent's own profile never use it — the services {@link COMPANIES} does not list. Orders, parcels and
 * balances are not such nouns: "my Nike order" is a shop order of Nike shoes, "saldo ShopeePay" how the customer
 * pays. A name written in lower case is not read (Indonesian chat writes "akun baru", "akun suami", "aplikasi error"
 * in the same way as a service's name).
 */
const NAME_WORD = "\\p{Lu}[\\p{L}\\p{N}'’&+-]*";
const ACCOUNT_NOUNS = "account|password|username|login|subscription|membership|app";
const MY_NAMED_ACCOUNT = new RegExp(`(?<![\\p{L}])[Mm][Yy][^\\S\\n]+((?:${NAME_WORD}[^\\S\\n]+){1,3}?)(?:${ACCOUNT_NOUNS})(?![\\p{L}])`, "gu");
const NAMED_AKUN = new RegExp(`(?<![\\p{L}])(?:akun|password|sandi|langganan|aplikasi|apk)[^\\S\\n]+(${NAME_WORD}(?:[^\\S\\n]+${NAME_WORD}){0,2})`, "gu");

/**
 * Capitalised words that say which of the customer's accounts, not whose: "my Business account", "my Gold
 * membership", "my Android app", "akun Member Saya". Lower case.
 */
const QUALIFIERS = new Set(
  (
    "business personal main old new first second third work home guest customer seller buyer partner affiliate reseller " +
    "student family kids mom dad mother father wife husband son daughter sister brother friend email e-mail order shop store " +
    "online mobile web android ios iphone ipad desktop app member membership premium gold silver bronze platinum vip loyalty " +
    "rewards reward points basic free trial annual monthly yearly the this that our your its " +
    "baru lama utama kedua bisnis pribadi suami istri anak mama papa ibu ayah adik kakak teman temen toko member saya sy aku kak min"
  ).split(" "),
);
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
 * "akun Bibit sy": {@link MY_NAMED_ACCOUNT}, {@link NAMED_AKUN}), whose phrase is that name. E-mail addresses and
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
    // a letter that folds to an alias's only under Unicode case folding ("ſpotify") names nothing
    const company = BY_ALIAS.get(alias);
    if (company) add(company.name, alias);
  }
  const unlisted: string[] = [];
  for (const re of [MY_NAMED_ACCOUNT, NAMED_AKUN]) {
    for (const match of plain.matchAll(re)) {
      const name = unlistedName(match[1]!);
      if (!name) continue;
      if (!phrases.has(name)) unlisted.push(name);
      add(name, name);
    }
  }
  const listed = COMPANIES.filter((c) => phrases.has(c.name)).map((c) => c.name);
  return [...listed, ...unlisted].map((name) => ({ name, phrases: [...phrases.get(name)!] }));
}

/**
 * The service a name of {@link MY_NAMED_ACCOUNT} or {@link NAMED_AKUN} stands for, or null: its words up to the first
 * {@link QUALIFIERS} word or word that says nothing ("Premium Kak" → none, "Canva Pro" stays), unless that leaves
 * nothing or a {@link SHOP_PARTNERS} name; a listed company's alias or name is left to the list (its aliases and
 * handles decide).
 */
function unlistedName(raw: string): string | null {
  const words: string[] = [];
  for (const word of raw.trim().split(/\s+/)) {
    const lower = word.toLowerCase().replace(/['’]s$/u, "");
    if (QUALIFIERS.has(lower) || (words.length > 0 && !isContentWord(lower))) break;
    words.push(word);
  }
  const name = words.join(" ").replace(/['’]+$/u, "");
  if (name.length < 2 || isShopPartner(name) || listedAs(name)) return null;
  return name;
}

/**
 * The other companies a message is about, for this org (002_… answering engine; issue 14 item 5 — off-topic handed
 * over): those of {@link namedCompanies} named by a phrase that appears in none of the org's articles (title, example questions or body,
 * either audience; matched as each article's language stems it, so the match is by stemmed words in order, not
 * letter for letter). A phrase the org's knowledge uses is the shop's business ("switched from Telkomsel to XL"
 * where the help centre says so); "pulsa Telkomsel kepotong" is not. One indexed query, only when a company is named.
 * @param params.orgId tenant whose knowledge decides
 * @param params.text the customer's message(s)
 * @param params.ownWords the agent's own words (its name, persona and instructions: the shop's name among them); an
 *   unlisted name they use is the shop's own, compared case-insensitively
 * @returns company names, [] when the message names none that is another company's for this org
 */
export async function otherCompaniesIn(db: Db, { orgId, text, ownWords = "" }: { orgId: string; text: string; ownWords?: string }): Promise<string[]> {
  const phrases = namedCompanies(text)
    .flatMap((c) => c.phrases.map((phrase) => ({ name: c.name, phrase })))
    // the agent's own words make an unlisted name the shop's (its own name); a listed company stays what it is
    .filter(({ name, phrase }) => LISTED_NAMES.has(name) || !wholePhrase(phrase).test(ownWords));
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
