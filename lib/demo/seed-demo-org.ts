/**
 * The demo organization: an Indonesian clothing retailer on the professional plan with the AI add-on and every
 * flag on, one user per role (three agents), three channels — one running a 30 % traffic split — and as its
 * knowledge base a customer-facing help centre in English and Bahasa Indonesia plus the ABCD policy guidelines and
 * procedures as internal guidance for staff.
 * Idempotent: running it again updates in place and creates nothing twice.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { channelIntegrations, memberships, organizations, users, type BusinessHours } from "@/db/schema";
import { hashPassword } from "@/lib/auth/password";
import type { Role } from "@/lib/auth/roles";
import { open, seal } from "@/lib/crypto/secret-box";
import { newWebhookSecret } from "@/lib/ingest/sign";
import { parseGuidelines, parseProcedureMap } from "@/lib/knowledge/parse-abcd";
import { parseHelpCentre } from "@/lib/knowledge/parse-help-centre";
import { upsertArticles } from "@/lib/knowledge/upsert-articles";
import { SEED_DATA_DIR } from "./seed-data-path";

export const DEMO_PASSWORD = "tandem-demo";
export const DEMO_USERS: { email: string; name: string; role: Role }[] = [
  { email: "owner@demo.tandem.test", name: "Dewi Lestari", role: "owner" },
  { email: "admin@demo.tandem.test", name: "Budi Santoso", role: "admin" },
  { email: "supervisor@demo.tandem.test", name: "Sari Wulandari", role: "supervisor" },
  { email: "agent@demo.tandem.test", name: "Agus Pratama", role: "agent" },
  { email: "agent2@demo.tandem.test", name: "Rina Kurniawati", role: "agent" },
  { email: "agent3@demo.tandem.test", name: "Dimas Saputra", role: "agent" },
];
/** The third channel runs a 30 % bot / 70 % human traffic split (000_… BTS-S01) so the comparison has content. */
export const DEMO_CHANNELS = [
  { name: "WhatsApp – Customer Care", type: "whatsapp" as const, split: null },
  { name: "Live chat – Website", type: "live_chat" as const, split: null },
  { name: "WhatsApp – Sales", type: "whatsapp" as const, split: 30 },
];
const BUSINESS_HOURS: BusinessHours = [
  ...([1, 2, 3, 4, 5] as const).map((day) => ({ day, open: "08:00", close: "17:00" })),
  { day: 6, open: "09:00", close: "14:00" },
];

/** The collection of the demo shop's customer-facing help centre. */
export const HELP_CENTRE_COLLECTION = "Help centre";

/**
 * The demo shop's help centre (db/seed-data/help-centre/*.json, one file per ABCD flow): a customer-facing answer per
 * ABCD subflow in English and Bahasa Indonesia with example questions, written for the demo from the guidelines'
 * policy facts (see db/seed-data/README.md).
 */
export function helpCentreArticles(): ReturnType<typeof parseHelpCentre> {
  const dir = path.join(SEED_DATA_DIR, "help-centre");
  return readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .flatMap((file) => parseHelpCentre(JSON.parse(readFileSync(path.join(dir, file), "utf8")), { collection: HELP_CENTRE_COLLECTION, file }));
}

export type SeededOrg = {
  orgId: string;
  /** channel id → plaintext webhook secret (for signing the replay; never logged) */
  channels: { id: string; name: string; secret: string }[];
  articles: number;
};

/**
 * Creates or refreshes an organization like the demo one.
 * @param params.slug org slug (default "demo"); tests pass unique slugs
 * @param params.emailDomain domain of the per-role users (default demo.tandem.test)
 */
export async function seedDemoOrg(
  db: Db,
  { slug = "demo", name = "Busana Nusantara (demo)", emailDomain = "demo.tandem.test" }: { slug?: string; name?: string; emailDomain?: string } = {},
): Promise<SeededOrg> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const read = (file: string) => JSON.parse(readFileSync(path.join(SEED_DATA_DIR, "kb-abcd", file), "utf8")) as unknown;
  const articles = [...helpCentreArticles(), ...parseGuidelines(read("guidelines.json")), ...parseProcedureMap(read("kb.json"))];

  const seeded = await db.transaction(async (tx) => {
    const [org] = await tx
      .insert(organizations)
      .values({
        name,
        slug,
        plan: "professional",
        aiAgentAddon: true,
        botTrafficSplitEnabled: true,
        aiAgentImpactReport: true,
        aiAgentImpactReportForecast: true,
        timezone: "Asia/Jakarta",
        businessHours: BUSINESS_HOURS,
        locale: "id-ID",
        currency: "IDR",
      })
      .onConflictDoUpdate({ target: organizations.slug, set: { name } })
      .returning({ id: organizations.id });
    if (!org) throw new Error("seed: organization not written");

    for (const u of DEMO_USERS) {
      const email = u.email.replace("demo.tandem.test", emailDomain).toLowerCase();
      const [user] = await tx
        .insert(users)
        .values({ email, name: u.name, passwordHash })
        .onConflictDoUpdate({ target: users.email, set: { name: u.name, passwordHash } })
        .returning({ id: users.id });
      if (!user) throw new Error("seed: user not written");
      await tx
        .insert(memberships)
        .values({ orgId: org.id, userId: user.id, role: u.role })
        .onConflictDoUpdate({ target: [memberships.orgId, memberships.userId], set: { role: u.role } });
    }

    const channels: SeededOrg["channels"] = [];
    for (const c of DEMO_CHANNELS) {
      const [existing] = await tx
        .select({ id: channelIntegrations.id, secret: channelIntegrations.webhookSecretEncrypted })
        .from(channelIntegrations)
        .where(and(eq(channelIntegrations.orgId, org.id), eq(channelIntegrations.name, c.name)));
      if (existing) {
        channels.push({ id: existing.id, name: c.name, secret: open(existing.secret) });
        continue;
      }
      const secret = newWebhookSecret();
      const [row] = await tx
        .insert(channelIntegrations)
        .values({
          orgId: org.id, name: c.name, type: c.type, webhookSecretEncrypted: seal(secret),
          ...(c.split === null ? {} : { trafficSplitEnabled: true, botPercent: c.split }),
        })
        .returning({ id: channelIntegrations.id });
      if (!row) throw new Error("seed: channel not written");
      channels.push({ id: row.id, name: c.name, secret });
    }
    return { orgId: org.id, channels };
  });

  const { written } = await upsertArticles(db, { orgId: seeded.orgId, articles });
  return { ...seeded, articles: written };
}
