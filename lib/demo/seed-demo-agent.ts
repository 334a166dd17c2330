/**
 * The demo org's AI agent: drafted from a one-sentence description by the deterministic drafter (as an admin would
 * in the console), published by the owner on the two non-split channels. Idempotent: an org that already has an
 * agent is left alone.
 */
import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { aiAgents, memberships, organizations, users } from "@/db/schema";
import { listCollectionSummaries } from "@/lib/agent/collection-summaries";
import { draftFromTemplate } from "@/lib/agent/draft-config";
import { createAgent } from "@/lib/agent/manage-agents";
import { publishAgent } from "@/lib/agent/publish-agent";
import { resolveUiLanguage } from "@/lib/i18n/ui-language";
import type { Membership } from "@/lib/auth/sessions";
import type { SeededOrg } from "./seed-demo-org";

export const DEMO_AGENT_PROMPT =
  "We are Busana Nusantara, a clothing retailer selling shirts, jeans, jackets and boots online across Indonesia; customers ask about orders, shipping, refunds, promo codes and their accounts.";

/** Creates and publishes the demo agent when the org has none. @returns the agent id, or null when one existed */
export async function seedDemoAgent(db: Db, seeded: SeededOrg): Promise<string | null> {
  const [existing] = await db.select({ id: aiAgents.id }).from(aiAgents).where(eq(aiAgents.orgId, seeded.orgId)).limit(1);
  if (existing) return null;
  const [owner] = await db
    .select({ userId: users.id, name: users.name, email: users.email, orgName: organizations.name, timezone: organizations.timezone, locale: organizations.locale })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .innerJoin(organizations, eq(organizations.id, memberships.orgId))
    .where(and(eq(memberships.orgId, seeded.orgId), eq(memberships.role, "owner")))
    .limit(1);
  if (!owner) throw new Error("demo org has no owner");
  const actor: Membership = { ...owner, sessionId: "seed", orgId: seeded.orgId, role: "owner", availability: "offline", orgLocale: owner.locale, uiLanguage: resolveUiLanguage(null, owner.locale) };
  const config = draftFromTemplate({ prompt: DEMO_AGENT_PROMPT, collections: await listCollectionSummaries(db, { orgId: seeded.orgId }), orgName: owner.orgName, orgLanguage: owner.locale.startsWith("id") ? "id" : "en" });
  config.routing.channelIds = seeded.channels.slice(0, 2).map((c) => c.id);
  const agent = await createAgent(db, { actor, config, draftSource: "template" });
  await publishAgent(db, { actor, agentId: agent.id });
  return agent.id;
}
