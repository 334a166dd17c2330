import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { organizations, type Organization } from "@/db/schema";

/** The caller's organization. @returns null if it does not exist */
export async function getOrganization(db: Db, { orgId }: { orgId: string }): Promise<Organization | null> {
  const [org] = await db.select().from(organizations).where(eq(organizations.id, orgId)).limit(1);
  return org ?? null;
}
