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
import data from "./other-companies.json";

type Company = { name: string; aliases: string[]; handles: string[] };

const COMPANIES: readonly Company[] = data.companies;

/** A handle entry this long or longer also matches handles that start with it (`spotify` → `@SpotifyCares`). */
const MIN_HANDLE_PREFIX = 4;

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Every alias as a whole word or phrase: no letter or digit right before or after it. */
const ALIASES: readonly { company: Company; alias: string; re: RegExp }[] = COMPANIES.flatMap((company) =>
  company.aliases.map((alias) => ({ company, alias, re: new RegExp(`(?<![\\p{L}\\p{N}])${escape(alias).replace(/ /g, "\\s+")}(?![\\p{L}\\p{N}])`, "iu") })),
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

/**
 * The other companies a message names or addresses, by {@link COMPANIES}: an alias as a whole word ("my Netflix
 * password", "paket data Telkomsel") or a handle it is addressed to (`@AskPlayStation`, whose phrase is the company's
 * name). E-mail addresses and links are not read ("my email is rina@gmail.com" names no company).
 * @param text the customer's message(s)
 * @returns each company once, in list order; [] when none is named
 */
export function namedCompanies(text: string): NamedCompany[] {
  const phrases = new Map<Company, Set<string>>();
  const add = (company: Company, phrase: string) => phrases.set(company, (phrases.get(company) ?? new Set()).add(phrase));
  for (const match of text.matchAll(HANDLE)) {
    const company = handleCompany(match[1]!);
    if (company) add(company, company.name);
  }
  const plain = text.replace(ADDRESSES, " ");
  for (const { company, alias, re } of ALIASES) if (re.test(plain)) add(company, alias);
  return COMPANIES.filter((c) => phrases.has(c)).map((c) => ({ name: c.name, phrases: [...phrases.get(c)!] }));
}

/**
 * The other companies a message is about, for this org (002_… answering engine; issue 14 item 5 — off-topic handed
 * over): those of {@link namedCompanies} named by a phrase that appears in none of the org's articles (title, example
 * questions or body, either audience, as the article's language stems it). A phrase the org's knowledge uses is the
 * shop's business ("switched from Telkomsel to XL" where the help centre says so); "pulsa Telkomsel kepotong" is not.
 * One indexed query, only when a company is named.
 * @param params.orgId tenant whose knowledge decides
 * @param params.text the customer's message(s)
 * @returns company names, [] when the message names none that is another company's for this org
 */
export async function otherCompaniesIn(db: Db, { orgId, text }: { orgId: string; text: string }): Promise<string[]> {
  const named = namedCompanies(text);
  if (named.length === 0) return [];
  const phrases = named.flatMap((c) => c.phrases.map((phrase) => ({ name: c.name, phrase })));
  const rows = await executeRows<{ i: number; known: boolean }>(
    db,
    sql`SELECT c.i, EXISTS (SELECT 1 FROM knowledge_articles a WHERE a.org_id = ${orgId} AND a.search @@ c.query) AS known
        FROM (VALUES ${sql.join(
          phrases.map(({ phrase }, i) => sql`(${i}::int, phraseto_tsquery('english', ${phrase}) || phraseto_tsquery('indonesian', ${phrase}))`),
          sql`, `,
        )}) AS c(i, query)`,
  );
  const known = new Set(rows.filter((r) => r.known).map((r) => Number(r.i)));
  return [...new Set(phrases.filter((_, i) => !known.has(i)).map((p) => p.name))];
}
