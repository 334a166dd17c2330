/**
 * Form checks validated with `safeParse` (the agent editor in the browser, the agent actions) read in the reader's
 * language: zod writes a failed result's messages when its error is first read, so `safeParseIn` reads it inside the
 * scope; zod's own messages (checks without one of ours) follow the scope through zod's locales.
 */
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { EDITOR_STEPS } from "@/lib/agent/config-schema";
import { inLanguage, safeParseIn } from "./language-scope";

const profile = EDITOR_STEPS.find((s) => s.key === "profile")!.schema;
const firstMessage = (r: { success: boolean; error?: z.ZodError }) => r.error!.issues[0]!.message;

describe("safeParseIn", () => {
  it("writes our messages in the scope's language, even when read after the scope", () => {
    expect(firstMessage(safeParseIn("id", profile, { name: "" }))).toBe("Nama wajib diisi.");
    expect(firstMessage(safeParseIn("en", profile, { name: "" }))).toBe("Name is required.");
  });

  it("is needed: a plain safeParse inside inLanguage, read outside, falls back to English", () => {
    const lazy = inLanguage("id", () => profile.safeParse({ name: "" }));
    expect(firstMessage(lazy)).toBe("Name is required.");
  });

  it("writes zod's own messages in the scope's language", () => {
    const bare = z.object({ count: z.number() });
    expect(firstMessage(safeParseIn("id", bare, { count: "x" }))).toMatch(/^Input tidak valid/);
    expect(firstMessage(safeParseIn("en", bare, { count: "x" }))).toBe("Invalid input: expected number, received string");
    expect(firstMessage(bare.safeParse({ count: "x" }))).toBe("Invalid input: expected number, received string");
  });
});
