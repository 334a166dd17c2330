/**
 * Reads an uploaded knowledge file into articles (issue 4, Knowledge; audiences and example questions, issue 14):
 * - Markdown: one article per heading. Optional front matter (`audience:`, `language:` between `---` lines) sets the
 *   whole file; in a section, a `Key: a/b` line sets the topic key and a trailing `Example questions:` (or
 *   `Contoh pertanyaan:`) block of `- question` lines becomes its example questions — both leave the text.
 * - CSV: `question,answer` columns (one article per row), optional `audience`, `examples` (separated by ` | ` or line
 *   breaks), `key` and `language` columns that override the form's choices for that row.
 * - JSON: a top-level array is the help-centre format (./parse-help-centre.ts: one article per entry × language);
 *   an object is the ABCD policy-guideline format (`../shared/data/kb-abcd/guidelines.json`: one internal article
 *   per subflow).
 * Every article gets a `sourceKey` derived from the file name and its heading/question/key, so importing the same
 * file again updates instead of duplicating. Any bad row fails the whole file with a list of what is wrong where,
 * so nothing partial is written.
 */
import { parse as parseCsv } from "csv-parse/sync";
import { z } from "zod";
import { KNOWLEDGE_AUDIENCES, type KnowledgeAudience } from "@/db/schema";
import { UserError } from "@/lib/errors/user-error";
import { currentLanguage, say } from "@/lib/i18n/language-scope";
import { articleInputSchema, type ArticleInput } from "./article-input";
import { parseGuidelines } from "./parse-abcd";
import { parseHelpCentre } from "./parse-help-centre";

/** Largest accepted upload, in bytes (2 MiB). */
export const MAX_KNOWLEDGE_FILE_BYTES = 2 * 1024 * 1024;
export const KNOWLEDGE_FORMATS = ["markdown", "csv", "json"] as const;
export type KnowledgeFormat = (typeof KNOWLEDGE_FORMATS)[number];
export const KNOWLEDGE_LANGUAGES = ["en", "id"] as const;
export type KnowledgeLanguage = (typeof KNOWLEDGE_LANGUAGES)[number];

export type RowError = { row: string; message: string };
/** An article read from a file, with where it came from (`line 4`, `row 3`, `returns/start (en)`) for messages. */
export type FileArticle = ArticleInput & { row: string; language: KnowledgeLanguage };

/** A file that can't be imported as a whole (a UserError, 400): what is wrong, where (at most 50 listed). */
export class KnowledgeFileError extends UserError {
  readonly rows: RowError[];
  constructor(message: string, rows: RowError[] = []) {
    super(message, 400);
    this.name = "KnowledgeFileError";
    this.rows = rows.slice(0, 50);
  }
}

/** The format of a file, from its extension. @throws KnowledgeFileError for anything else */
export function formatOf(filename: string): KnowledgeFormat {
  const ext = filename.toLowerCase().split(".").pop();
  if (ext === "md" || ext === "markdown") return "markdown";
  if (ext === "csv") return "csv";
  if (ext === "json") return "json";
  throw new KnowledgeFileError(say("knowledge.file.unsupportedType"));
}

/** What applies where the file doesn't say otherwise. */
type Defaults = { collection: string; language: KnowledgeLanguage; audience: KnowledgeAudience };
type Parsed = { articles: FileArticle[]; errors: RowError[] };

const slug = (s: string) => s.toLowerCase().normalize("NFKD").replace(/[^\p{L}\p{N}]+/gu, "-").replace(/^-|-$/g, "").slice(0, 120);

/** `raw` (case-insensitive) if it is one of `allowed`, else undefined. */
function oneOf<T extends string>(allowed: readonly T[], raw: string): T | undefined {
  const value = raw.trim().toLowerCase();
  return allowed.find((a) => a === value);
}

/** Where a problem is, as the reader counts: `line 4` (Markdown), `row 3` (CSV). */
const atLine = (line: number) => say("knowledge.file.rows.line", { line });
const atRow = (row: number) => say("knowledge.file.rows.row", { row });

/** `audience must be customer or internal, not "staff".` ("or" in the reader's language) */
function mustBe(field: string, allowed: readonly string[], raw: string): string {
  const choices = new Intl.ListFormat(currentLanguage(), { type: "disjunction" }).format(allowed);
  const value = raw.trim();
  return value ? say("knowledge.file.mustBeNot", { field, allowed: choices, value }) : say("knowledge.file.mustBe", { field, allowed: choices });
}

const FRONT_MATTER = { audience: KNOWLEDGE_AUDIENCES, language: KNOWLEDGE_LANGUAGES } as const;
type FrontMatter = { audience?: KnowledgeAudience; language?: KnowledgeLanguage };

/**
 * Front matter: `---` on the first line, `key: value` lines (blank and `#` comment lines allowed), `---`. Only
 * `audience` and `language`; an unknown or repeated key or a bad value is an error on its line.
 * @returns the settings and the index of the first line after it (0 without front matter)
 */
function readFrontMatter(lines: string[]): { settings: FrontMatter; start: number; errors: RowError[] } {
  if (lines[0]?.trim() !== "---") return { settings: {}, start: 0, errors: [] };
  const close = lines.findIndex((l, i) => i > 0 && l.trim() === "---");
  if (close < 0) return { settings: {}, start: lines.length, errors: [{ row: atLine(1), message: say("knowledge.file.frontMatterUnclosed") }] };
  const settings: FrontMatter = {};
  const seen = new Set<string>();
  const errors: RowError[] = [];
  for (let i = 1; i < close; i++) {
    const line = lines[i]!;
    if (!line.trim() || line.trimStart().startsWith("#")) continue;
    const row = atLine(i + 1);
    const entry = /^([A-Za-z_][\w-]*)\s*:(.*)$/.exec(line);
    if (!entry) {
      errors.push({ row, message: say("knowledge.file.frontMatterLine") });
      continue;
    }
    const key = entry[1]!;
    // a value may be quoted and followed by a # comment, as in YAML
    const value = entry[2]!.replace(/\s+#.*$/, "").trim().replace(/^(["'])(.*)\1$/, "$2");
    if (!Object.hasOwn(FRONT_MATTER, key)) {
      errors.push({ row, message: say(key === "collection" ? "knowledge.file.frontMatterCollectionKey" : "knowledge.file.frontMatterUnknownKey", { key }) });
      continue;
    }
    const field = key as keyof typeof FRONT_MATTER;
    if (seen.has(field)) errors.push({ row, message: say("knowledge.file.setTwice", { field }) });
    seen.add(field);
    const allowed = FRONT_MATTER[field];
    const chosen = oneOf<string>(allowed, value);
    if (!chosen) errors.push({ row, message: mustBe(field, allowed, value) });
    else if (field === "audience") settings.audience = chosen as KnowledgeAudience;
    else settings.language = chosen as KnowledgeLanguage;
  }
  return { settings, start: close + 1, errors };
}

const EXAMPLES_HEADING = /^\s*(example questions|contoh pertanyaan)\s*:\s*$/i;
const LIST_ITEM = /^\s*[-*]\s+(.*)$/;
const KEY_LINE = /^Key:(.*)$/;

type Line = { text: string; line: number };

/**
 * Splits a section into its text, its `Key:` line and its trailing example-question block.
 * @returns body (trimmed), examples, topicKey (undefined when absent) and errors for the block's bad lines
 */
function sectionParts(title: string, lines: Line[]): { body: string; examples: string[]; topicKey?: string; errors: RowError[] } {
  const errors: RowError[] = [];
  let key: Line | undefined;
  const text: Line[] = [];
  for (const l of lines) {
    if (!KEY_LINE.test(l.text)) text.push(l);
    else if (key) errors.push({ row: atLine(l.line), message: say("knowledge.file.secondKeyLine", { title, line: key.line }) });
    else key = l;
  }
  const start = text.findLastIndex((l) => EXAMPLES_HEADING.test(l.text));
  const examples: string[] = [];
  if (start >= 0) {
    const heading = text[start]!;
    const block = text.slice(start + 1).filter((l) => l.text.trim());
    for (const l of block) {
      const item = LIST_ITEM.exec(l.text);
      if (item) examples.push(item[1]!.trim());
      else errors.push({ row: atLine(l.line), message: say("knowledge.file.onlyQuestionLines", { heading: heading.text.trim() }) });
    }
    if (block.length === 0) errors.push({ row: atLine(heading.line), message: say("knowledge.file.noQuestionLines", { heading: heading.text.trim() }) });
  }
  const body = (start >= 0 ? text.slice(0, start) : text).map((l) => l.text).join("\n").trim();
  return { body, examples, topicKey: key ? KEY_LINE.exec(key.text)![1]!.trim() : undefined, errors };
}

function markdownArticles(filename: string, text: string, defaults: Defaults): Parsed {
  const lines = text.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n").split("\n");
  const front = readFrontMatter(lines);
  const { language = defaults.language, audience = defaults.audience } = front.settings;
  const base = filename.replace(/\.(md|markdown)$/i, "");
  // text before the first heading becomes an article named after the file (only if there is any)
  const sections: { title: string; line: number; lines: Line[]; heading: boolean }[] = [{ title: base, line: front.start + 1, lines: [], heading: false }];
  lines.slice(front.start).forEach((line, i) => {
    const at = front.start + i + 1;
    const heading = /^#{1,3}\s+(.+?)\s*#*\s*$/.exec(line);
    if (heading) sections.push({ title: heading[1]!.trim(), line: at, lines: [], heading: true });
    else sections.at(-1)!.lines.push({ text: line, line: at });
  });
  const errors = [...front.errors];
  const articles = sections
    .filter((s) => s.heading || s.lines.some((l) => l.text.trim()))
    .map((s): FileArticle => {
      const { body, examples, topicKey, errors: sectionErrors } = sectionParts(s.title, s.lines);
      errors.push(...sectionErrors);
      if (!body) errors.push({ row: atLine(s.line), message: say("knowledge.file.noText", { title: s.title }) });
      return { collection: defaults.collection, language, audience, examples, topicKey, sourceKey: `md:${filename}#${slug(s.title)}`, title: s.title, body, row: atLine(s.line) };
    });
  return { articles, errors: errors.concat(validate(articles)) };
}

/** A CSV `examples` cell: questions separated by ` | ` or line breaks. */
const splitExamples = (cell: string) => cell.split(/[ \t]+\|[ \t]+|\n/).map((q) => q.trim()).filter(Boolean);

function csvArticles(filename: string, text: string, defaults: Defaults): Parsed {
  let parsed: { record: Record<string, string>; info: { records: number; empty_lines: number } }[];
  try {
    parsed = parseCsv(text, { columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()), skip_empty_lines: true, trim: true, bom: true, relax_column_count: false, info: true });
  } catch (error) {
    throw new KnowledgeFileError(say("knowledge.file.csvUnreadable", { reason: error instanceof Error ? error.message : "malformed" }));
  }
  const records = parsed.map((p) => p.record);
  if (records.length === 0) throw new KnowledgeFileError(say("knowledge.file.csvNoRows"));
  if (!("question" in records[0]!) || !("answer" in records[0]!)) throw new KnowledgeFileError(say("knowledge.file.csvHeader"));
  const errors: RowError[] = [];
  const articles = records.map((r, i): FileArticle => {
    // the row a spreadsheet shows: header is row 1, skipped blank rows count, a multi-line cell is still one row
    const row = atRow(parsed[i]!.info.records + 1 + parsed[i]!.info.empty_lines);
    if (!r.question) errors.push({ row, message: say("knowledge.file.questionEmpty") });
    if (!r.answer) errors.push({ row, message: say("knowledge.file.answerEmpty") });
    const audience = r.audience ? oneOf(KNOWLEDGE_AUDIENCES, r.audience) : defaults.audience;
    if (!audience) errors.push({ row, message: mustBe("audience", KNOWLEDGE_AUDIENCES, r.audience!) });
    const language = r.language ? oneOf(KNOWLEDGE_LANGUAGES, r.language) : defaults.language;
    if (!language) errors.push({ row, message: mustBe("language", KNOWLEDGE_LANGUAGES, r.language!) });
    return {
      collection: defaults.collection, language: language ?? defaults.language, audience: audience ?? defaults.audience,
      examples: splitExamples(r.examples ?? ""), topicKey: r.key || null,
      sourceKey: `csv:${filename}#${slug(r.question ?? "")}`, title: r.question ?? "", body: r.answer ?? "", row,
    };
  });
  return { articles, errors: errors.concat(validate(articles)) };
}

/** `[2, "en", "title"]` → `entry 3 › en › title` (entries counted from 1, as a person reads the file). */
const entryPath = (path: PropertyKey[]) =>
  path.length ? path.map((p, i) => (i === 0 && typeof p === "number" ? say("knowledge.file.rows.entry", { number: p + 1 }) : String(p))).join(" › ") : say("knowledge.file.rows.file");

function helpCentreArticles(filename: string, entries: unknown[], defaults: Defaults): Parsed {
  // an entry that doesn't name its audience gets the one chosen in the form
  const withAudience = entries.map((e) => (e && typeof e === "object" && !Array.isArray(e) && !("audience" in e) ? { ...e, audience: defaults.audience } : e));
  let articles: FileArticle[];
  try {
    articles = parseHelpCentre(withAudience, { collection: defaults.collection, file: filename }).map((a) => ({ ...a, language: a.language as KnowledgeLanguage, row: `${a.topicKey} (${a.language})` }));
  } catch (error) {
    if (!(error instanceof z.ZodError)) throw error;
    throw new KnowledgeFileError(
      say("knowledge.file.notHelpCentre", { shape: "[{ key, en: { title, body, examples }, id: { … } }]" }),
      error.issues.map((i) => ({ row: entryPath(i.path), message: i.message })),
    );
  }
  return { articles, errors: validate(articles) };
}

function guidelineArticles(filename: string, json: unknown, defaults: Defaults): Parsed {
  try {
    const articles = parseGuidelines(json, defaults.collection).map((a): FileArticle => {
      const subflow = a.sourceKey.replace(/^guidelines:/, "");
      // staff procedure whatever the form says: it is guidance for the human, never a reply
      return { ...a, audience: "internal", language: defaults.language, sourceKey: `json:${filename}#${subflow}`, row: subflow };
    });
    return { articles, errors: validate(articles) };
  } catch (error) {
    if (!(error instanceof z.ZodError)) throw error;
    throw new KnowledgeFileError(
      say("knowledge.file.notGuidelines"),
      error.issues.map((i) => ({ row: i.path.join(" › ") || say("knowledge.file.rows.file"), message: i.message })),
    );
  }
}

/** What the file calls a field in messages: `topicKey` → "key", `examples` → "example questions"; others as named. */
function fieldName(field: string): string {
  if (field === "topicKey") return say("knowledge.file.fields.topicKey");
  if (field === "examples") return say("knowledge.file.fields.examples");
  return field;
}

/** Field limits, duplicate articles and duplicate key + language pairs, as row errors. */
function validate(articles: FileArticle[]): RowError[] {
  const errors: RowError[] = [];
  const seen = new Map<string, string>();
  const keys = new Map<string, string>();
  for (const a of articles) {
    if (!a.title || !a.body) continue; // already reported
    const parsed = articleInputSchema.safeParse(a);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = String(issue.path[0] ?? "value");
        errors.push({ row: a.row, message: `${fieldName(field)}: ${issue.message}` });
      }
    }
    const earlier = seen.get(a.sourceKey);
    if (earlier) errors.push({ row: a.row, message: say("knowledge.file.appearsTwice", { title: a.title, row: earlier }) });
    else seen.set(a.sourceKey, a.row);
    const key = a.topicKey?.trim();
    if (!key) continue;
    const keyed = `${key}\u0000${a.language}`;
    const other = keys.get(keyed);
    if (other) errors.push({ row: a.row, message: say("knowledge.file.keyUsedTwice", { key, language: a.language, row: other }) });
    else keys.set(keyed, a.row);
  }
  return errors;
}

/**
 * Parses an upload.
 * @param input.collection where the articles go (trimmed, 1..120 chars)
 * @param input.language, input.audience used where the file doesn't say (defaults en, customer); policy guidelines
 *   are always internal
 * @returns the articles to upsert, each with the `row` it came from
 * @throws KnowledgeFileError (with `rows`) for an unsupported, oversized, empty or invalid file
 */
export function parseKnowledgeFile({
  filename, content, collection, language = "en", audience = "customer",
}: { filename: string; content: string; collection: string; language?: KnowledgeLanguage; audience?: KnowledgeAudience }): FileArticle[] {
  if (Buffer.byteLength(content, "utf8") > MAX_KNOWLEDGE_FILE_BYTES) throw new KnowledgeFileError(say("knowledge.file.tooLarge"));
  const name = filename.trim().slice(0, 200);
  const format = formatOf(name);
  if (!content.trim()) throw new KnowledgeFileError(say("knowledge.file.empty"));
  const defaults: Defaults = { collection, language, audience };
  let result: Parsed;
  if (format === "markdown") result = markdownArticles(name, content, defaults);
  else if (format === "csv") result = csvArticles(name, content, defaults);
  else {
    let json: unknown;
    try {
      json = JSON.parse(content);
    } catch {
      throw new KnowledgeFileError(say("knowledge.file.jsonUnreadable"));
    }
    result = Array.isArray(json) ? helpCentreArticles(name, json, defaults) : guidelineArticles(name, json, defaults);
  }
  if (result.errors.length) throw new KnowledgeFileError(say("knowledge.file.problems", { count: result.errors.length }), result.errors);
  if (result.articles.length === 0) throw new KnowledgeFileError(say("knowledge.file.noArticles"));
  return result.articles;
}
