/**
 * Reads an uploaded knowledge file into articles (issue 4, Knowledge): Markdown (one article per heading), CSV with
 * `question,answer` columns (one article per row), or the ABCD policy-guideline JSON
 * (`../shared/data/kb-abcd/guidelines.json`: one article per subflow). Every article gets a `sourceKey` derived
 * from the file name and its heading/question, so importing the same file again updates instead of duplicating.
 * Any bad row fails the whole file with a list of what is wrong where, so nothing partial is written.
 */
import { parse as parseCsv } from "csv-parse/sync";
import { z } from "zod";
import { UserError } from "@/lib/errors/user-error";
import { articleInputSchema, type ArticleInput } from "./article-input";
import { parseGuidelines } from "./parse-abcd";

/** Largest accepted upload, in bytes (2 MiB). */
export const MAX_KNOWLEDGE_FILE_BYTES = 2 * 1024 * 1024;
export const KNOWLEDGE_FORMATS = ["markdown", "csv", "guidelines"] as const;
export type KnowledgeFormat = (typeof KNOWLEDGE_FORMATS)[number];

export type RowError = { row: string; message: string };

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
  if (ext === "json") return "guidelines";
  throw new KnowledgeFileError("Upload a .md, .csv or .json (policy guidelines) file.");
}

const slug = (s: string) => s.toLowerCase().normalize("NFKD").replace(/[^\p{L}\p{N}]+/gu, "-").replace(/^-|-$/g, "").slice(0, 120);

function markdownArticles(filename: string, text: string, collection: string, language: "en" | "id"): { articles: ArticleInput[]; errors: RowError[] } {
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  const base = filename.replace(/\.(md|markdown)$/i, "");
  // text before the first heading becomes an article named after the file (only if there is any)
  const sections: { title: string; line: number; body: string[]; heading: boolean }[] = [{ title: base, line: 1, body: [], heading: false }];
  lines.forEach((line, i) => {
    const heading = /^#{1,3}\s+(.+?)\s*#*\s*$/.exec(line);
    if (heading) sections.push({ title: heading[1]!.trim(), line: i + 1, body: [], heading: true });
    else sections.at(-1)!.body.push(line);
  });
  const errors: RowError[] = [];
  const articles = sections
    .filter((s) => s.heading || s.body.join("").trim())
    .map((s) => {
      const body = s.body.join("\n").trim();
      if (!body) errors.push({ row: `line ${s.line}`, message: `"${s.title}" has no text under its heading.` });
      return { collection, language, sourceKey: `md:${filename}#${slug(s.title)}`, title: s.title, body, row: `line ${s.line}` };
    });
  return { articles: articles.map(({ row: _row, ...a }) => a), errors: errors.concat(validate(articles)) };
}

function csvArticles(filename: string, text: string, collection: string, language: "en" | "id"): { articles: ArticleInput[]; errors: RowError[] } {
  let parsed: { record: Record<string, string>; info: { records: number; empty_lines: number } }[];
  try {
    parsed = parseCsv(text, { columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()), skip_empty_lines: true, trim: true, bom: true, relax_column_count: false, info: true });
  } catch (error) {
    throw new KnowledgeFileError(`The CSV can't be read: ${error instanceof Error ? error.message : "malformed"}.`);
  }
  const records = parsed.map((p) => p.record);
  if (records.length === 0) throw new KnowledgeFileError("The CSV has no rows.");
  if (!("question" in records[0]!) || !("answer" in records[0]!)) throw new KnowledgeFileError('The CSV needs a header row with "question" and "answer" columns.');
  const errors: RowError[] = [];
  const articles = records.map((r, i) => {
    // the row a spreadsheet shows: header is row 1, skipped blank rows count, a multi-line cell is still one row
    const row = `row ${parsed[i]!.info.records + 1 + parsed[i]!.info.empty_lines}`;
    if (!r.question) errors.push({ row, message: "The question is empty." });
    if (!r.answer) errors.push({ row, message: "The answer is empty." });
    return { collection, language, sourceKey: `csv:${filename}#${slug(r.question ?? "")}`, title: r.question ?? "", body: r.answer ?? "", row };
  });
  return { articles: articles.map(({ row: _row, ...a }) => a), errors: errors.concat(validate(articles)) };
}

/** Field limits and duplicate keys, as row errors. */
function validate(articles: (ArticleInput & { row: string })[]): RowError[] {
  const errors: RowError[] = [];
  const seen = new Map<string, string>();
  for (const a of articles) {
    if (!a.title || !a.body) continue; // already reported
    const parsed = articleInputSchema.safeParse(a);
    if (!parsed.success) for (const issue of parsed.error.issues) errors.push({ row: a.row, message: `${String(issue.path[0] ?? "value")}: ${issue.message}` });
    const earlier = seen.get(a.sourceKey);
    if (earlier) errors.push({ row: a.row, message: `"${a.title}" appears twice (also ${earlier}).` });
    else seen.set(a.sourceKey, a.row);
  }
  return errors;
}

/**
 * Parses an upload.
 * @param input.collection where the articles go (trimmed, 1..120 chars)
 * @returns the articles to upsert
 * @throws KnowledgeFileError (with `rows`) for an unsupported, oversized, empty or invalid file
 */
export function parseKnowledgeFile({
  filename, content, collection, language = "en",
}: { filename: string; content: string; collection: string; language?: "en" | "id" }): ArticleInput[] {
  if (Buffer.byteLength(content, "utf8") > MAX_KNOWLEDGE_FILE_BYTES) throw new KnowledgeFileError("The file is larger than 2 MB.");
  const name = filename.trim().slice(0, 200);
  const format = formatOf(name);
  if (!content.trim()) throw new KnowledgeFileError("The file is empty.");
  let result: { articles: ArticleInput[]; errors: RowError[] };
  if (format === "markdown") result = markdownArticles(name, content, collection, language);
  else if (format === "csv") result = csvArticles(name, content, collection, language);
  else {
    let json: unknown;
    try {
      json = JSON.parse(content);
    } catch {
      throw new KnowledgeFileError("The JSON can't be read.");
    }
    try {
      const articles = parseGuidelines(json, collection).map((a) => {
        const subflow = a.sourceKey.replace(/^guidelines:/, "");
        return { ...a, language, sourceKey: `json:${name}#${subflow}`, row: subflow };
      });
      result = { articles: articles.map(({ row: _row, ...a }) => a), errors: validate(articles) };
    } catch (error) {
      if (error instanceof z.ZodError) {
        throw new KnowledgeFileError(
          "The JSON isn't in the policy-guideline format (flow → subflows → actions).",
          error.issues.map((i) => ({ row: i.path.join(" › ") || "file", message: i.message })),
        );
      }
      throw error;
    }
  }
  if (result.errors.length) throw new KnowledgeFileError(`${result.errors.length} problem${result.errors.length === 1 ? "" : "s"} in the file; nothing was imported.`, result.errors);
  if (result.articles.length === 0) throw new KnowledgeFileError("The file has no articles.");
  return result.articles;
}
