/**
 * Guards issue 19 item 1 for the sentences domain code shows people: a refusal (`UserError`) or a form check written
 * as an English literal would reach an Indonesian reader in English. They go through `say`/`localized`
 * (`language-scope.ts`) instead. Only code that answers machines may keep literals: the webhooks' HTTP answers
 * (`lib/ingest/`), and the daily aggregation's date check (jobs and the demo seed only).
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const LIB = path.resolve(import.meta.dirname, "..");
const MACHINE_FACING = [/^ingest\//, /^impact\/aggregate-daily\.ts$/];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts") ? [full] : [];
  });
}

const LITERALS: [string, RegExp][] = [
  ["UserError with a literal sentence", /new UserError\(\s*["'`]/],
  ["zod check with a literal message", /\.(min|max|regex|length|email|url|int|positive|nonnegative|gte|lte|gt|lt|refine|uuid)\([^()]*(\([^()]*\))?[^()]*,\s*["'`][A-Z]/],
  ["addIssue with a literal message", /addIssue\(\{[^}]*message:\s*["'`]/],
  ["zod param with a literal error", /z\.(enum|string|number|boolean|array|object|literal|union)\([^)]*\{\s*(error|message):\s*["'`][A-Z]/],
];

describe("refusals and form checks in lib/", () => {
  it("are never English literals outside the machine-facing code", () => {
    const found: string[] = [];
    for (const file of sourceFiles(LIB)) {
      const relative = path.relative(LIB, file);
      if (MACHINE_FACING.some((re) => re.test(relative))) continue;
      readFileSync(file, "utf8").split("\n").forEach((line, i) => {
        for (const [what, re] of LITERALS) if (re.test(line)) found.push(`lib/${relative}:${i + 1} ${what}: ${line.trim().slice(0, 120)}`);
      });
    }
    expect(found).toEqual([]);
  });

  it("would notice one (the guard can fail)", () => {
    const line = 'throw new UserError("That channel isn\'t in your organization.", 404);';
    expect(LITERALS.some(([, re]) => re.test(line))).toBe(true);
    expect(LITERALS.some(([, re]) => re.test('name: z.string().trim().min(1, "Enter a name."),'))).toBe(true);
    expect(LITERALS.some(([, re]) => re.test('throw new UserError(say("channels.notInOrg"), 404);'))).toBe(false);
  });
});
