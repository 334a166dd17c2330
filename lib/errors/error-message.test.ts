import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { testDb } from "@/test/db";
import { errorMessage } from "./error-message";

let db: Db;
beforeAll(async () => {
  db = await testDb();
});

describe("errorMessage (issue 17: failed queries never log their parameters)", () => {
  it("reports a failed query's database reason, without the SQL or its parameters", async () => {
    const error = await db.execute(sql`SELECT 1 / ${0}::int AS x, ${"rina.w@example.co.id"}::text AS email`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toContain("rina.w@example.co.id"); // what drizzle's own message would have logged
    const message = errorMessage(error);
    expect(message).toBe("division by zero");
    expect(message).not.toContain("rina.w@example.co.id");
  });

  it("other errors keep their message, cut to the limit; non-errors are stringified", () => {
    expect(errorMessage(new Error("Chatwoot answered 502"))).toBe("Chatwoot answered 502");
    expect(errorMessage("x".repeat(400), 10)).toBe("x".repeat(10));
    expect(errorMessage(42)).toBe("42");
    expect(errorMessage(new Error("Failed query: select $1\nparams: secret"))).toBe("a database query failed");
  });
});
