/**
 * Refusals and form errors raised in `lib/` reach the person in their language (issue 19 item 1): the boundary runs
 * the domain call in `inLanguage(...)`, and sentences are built when the refusal happens. Exercised through real
 * domain functions on a real database; outside any scope they stay English.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import type { Db } from "@/db/client";
import type { Membership } from "@/lib/auth/sessions";
import { createChannel } from "@/lib/channels/create-channel";
import { UserError } from "@/lib/errors/user-error";
import { seedTestOrg, testDb } from "@/test/db";
import { signInAs } from "@/test/members";
import { currentLanguage, inLanguage, say } from "./language-scope";

let db: Db;
let admin: Membership;
let agent: Membership;

beforeAll(async () => {
  db = await testDb();
  const org = await seedTestOrg(db);
  admin = await signInAs(db, org, "admin");
  agent = await signInAs(db, org, "agent");
});

async function refusal(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  throw new Error("expected a refusal");
}

describe("inLanguage", () => {
  it("answers a business refusal in Indonesian inside an Indonesian scope, and in English outside any scope", async () => {
    const name = `WA ${Date.now()}`;
    await createChannel(db, { actor: admin, input: { name, type: "whatsapp" } });
    const id = await refusal(() => inLanguage("id", () => createChannel(db, { actor: admin, input: { name, type: "whatsapp" } })));
    expect(id).toBeInstanceOf(UserError);
    expect((id as UserError).message).toBe(`Kanal bernama "${name}" sudah ada.`);
    expect((id as UserError).status).toBe(409);
    const en = await refusal(() => createChannel(db, { actor: admin, input: { name, type: "whatsapp" } }));
    expect((en as UserError).message).toBe(`A channel named "${name}" already exists.`);
  });

  it("answers a role refusal in the scope's language", async () => {
    const id = await refusal(() => inLanguage("id", () => createChannel(db, { actor: agent, input: { name: "x", type: "whatsapp" } })));
    expect((id as UserError).message).toBe("Hanya pemilik dan admin yang dapat mengubah kanal.");
    expect((id as UserError).status).toBe(403);
  });

  it("writes a module-level zod schema's field errors in the language of the moment it fails", async () => {
    const input = { name: "   ", type: "pigeon" };
    const id = await refusal(() => inLanguage("id", () => createChannel(db, { actor: admin, input })));
    expect(z.flattenError(id as z.ZodError).fieldErrors).toEqual({ name: ["Masukkan nama kanal."], type: ["Pilih jenis kanal."] });
    const en = await refusal(() => createChannel(db, { actor: admin, input }));
    expect(z.flattenError(en as z.ZodError).fieldErrors).toEqual({ name: ["Enter a channel name."], type: ["Choose a channel type."] });
  });

  it("keeps concurrent requests' languages apart across awaits", async () => {
    const read = (language: "id" | "en", delay: number) =>
      inLanguage(language, async () => {
        await new Promise((resolve) => setTimeout(resolve, delay));
        return [currentLanguage(), say("common.tryAgainIn", { minutes: 2 })];
      });
    const [slowId, fastEn] = await Promise.all([read("id", 30), read("en", 1)]);
    expect(slowId).toEqual(["id", "2 menit"]);
    expect(fastEn).toEqual(["en", "2 minutes"]);
    expect(currentLanguage()).toBe("en");
  });
});
