/**
 * The org's Chatwoot link (004_…; DESIGN.md `chatwoot_links`): saved by owners/admins with zod validation, the API
 * token and webhook secret sealed (AES-256-GCM) and never returned, inbox → channel mapping, escalation assignment
 * rule, and an audit entry that names which secret was replaced but never its value.
 */
import { requireCapability } from "@/lib/auth/roles";
import { and, eq, inArray, isNull, ne } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { channelIntegrations, chatwootInboxes, chatwootLinks } from "@/db/schema";
import { diffFields, recordAudit } from "@/lib/audit/record-audit";
import type { Membership } from "@/lib/auth/sessions";
import { open, seal } from "@/lib/crypto/secret-box";
import { endpointAllowed } from "@/lib/alerts/push-subscriptions";
import { UserError } from "@/lib/errors/user-error";
import { say, localized } from "@/lib/i18n/language-scope";
import type { ChatwootCredentials } from "./client";
import { DEFAULT_TRIAGE_RULES, effectiveTriageRules, triageRulesSchema, type TriageRules } from "./triage-rules";

const optionalId = z.preprocess((v) => (v === "" || v == null ? null : v), z.coerce.number(localized("chatwoot.link.enterNumber")).int(localized("chatwoot.link.wholeNumber")).positive(localized("chatwoot.link.positiveId")).nullable());

export const chatwootLinkSchema = z.object({
  baseUrl: z
    .string()
    .trim()
    .url(localized("chatwoot.link.baseUrlInvalid"))
    // no plain http and no private or loopback hosts (the server would call them with the token); a Chatwoot on a
    // private network needs TANDEM_PUSH_ALLOW_PRIVATE_ENDPOINTS=1, like a private push service
    .refine((u) => /^https?:\/\//i.test(u) && endpointAllowed(u), localized("chatwoot.link.baseUrlNotPublic"))
    .transform((u) => u.replace(/\/+$/, "")),
  accountId: z.coerce.number(localized("chatwoot.link.accountIdRequired")).int(localized("chatwoot.link.wholeNumber")).positive(localized("chatwoot.link.accountIdRequired")),
  /** blank keeps the saved token */
  apiToken: z.string().trim().max(200, localized("chatwoot.link.tokenTooLong")).optional().default(""),
  /** blank keeps the saved secret */
  webhookSecret: z.string().trim().max(200, localized("chatwoot.link.secretTooLong")).optional().default(""),
  escalationTeamId: optionalId,
  escalationAssigneeId: optionalId,
  inboxes: z
    .array(z.object({ inboxId: z.coerce.number().int().positive(localized("chatwoot.link.inboxIdRequired")), channelId: z.uuid(localized("chatwoot.link.chooseChannel")) }))
    .max(100)
    .refine((list) => new Set(list.map((i) => i.inboxId)).size === list.length, localized("chatwoot.link.inboxMappedTwice")),
});

export type ChatwootLinkView = {
  id: string;
  baseUrl: string;
  accountId: number;
  escalationTeamId: number | null;
  escalationAssigneeId: number | null;
  inboxes: { inboxId: number; channelId: string }[];
  triageRules: TriageRules;
  lastReconciledAt: Date | null;
  updatedAt: Date;
};

/** The org's link without its secrets, or null. */
export async function getChatwootLink(db: Db, orgId: string): Promise<ChatwootLinkView | null> {
  const [link] = await db.select().from(chatwootLinks).where(eq(chatwootLinks.orgId, orgId));
  if (!link) return null;
  const inboxes = await db.select({ inboxId: chatwootInboxes.inboxId, channelId: chatwootInboxes.channelId }).from(chatwootInboxes).where(eq(chatwootInboxes.linkId, link.id));
  return {
    id: link.id,
    baseUrl: link.baseUrl,
    accountId: link.accountId,
    escalationTeamId: link.escalationTeamId,
    escalationAssigneeId: link.escalationAssigneeId,
    inboxes: inboxes.sort((a, b) => a.inboxId - b.inboxId),
    triageRules: effectiveTriageRules(link.triageRules),
    lastReconciledAt: link.lastReconciledAt,
    updatedAt: link.updatedAt,
  };
}

export type LoadedLink = ChatwootLinkView & { orgId: string; credentials: ChatwootCredentials; webhookSecret: string };

/**
 * A link by id (or the org's link) with its decrypted credentials, for the webhook, the approvals and the jobs (server
 * only; never sent to a browser).
 */
export async function loadChatwootLink(db: Db, linkId: string, by: "id" | "org" = "id"): Promise<LoadedLink | null> {
  if (!z.uuid().safeParse(linkId).success) return null;
  const [link] = await db.select().from(chatwootLinks).where(by === "id" ? eq(chatwootLinks.id, linkId) : eq(chatwootLinks.orgId, linkId));
  if (!link) return null;
  const view = (await getChatwootLink(db, link.orgId))!;
  return {
    ...view,
    orgId: link.orgId,
    credentials: { baseUrl: link.baseUrl, accountId: link.accountId, apiToken: open(link.apiTokenSealed) },
    webhookSecret: open(link.webhookSecretSealed),
  };
}

/**
 * Creates or updates the org's link (owner/admin) in one transaction with its audit entry.
 * @throws UserError 403 for other roles, 400 when a new link lacks its token or secret or a channel isn't the org's;
 *   ZodError for bad fields (nothing written)
 */
export async function saveChatwootLink(db: Db, { actor, input }: { actor: Membership; input: unknown }): Promise<ChatwootLinkView> {
  requireCapability(actor, "manageChatwoot", "roles.linkChatwoot");
  const next = chatwootLinkSchema.parse(input);
  return db.transaction(async (tx) => {
    const [existing] = await tx.select().from(chatwootLinks).where(eq(chatwootLinks.orgId, actor.orgId)).for("update");
    if (!existing && (!next.apiToken || !next.webhookSecret)) throw new UserError(say("chatwoot.link.credentialsRequired"));
    const channelIds = [...new Set(next.inboxes.map((i) => i.channelId))];
    if (channelIds.length > 0) {
      const owned = await tx
        .select({ id: channelIntegrations.id })
        .from(channelIntegrations)
        .where(and(eq(channelIntegrations.orgId, actor.orgId), inArray(channelIntegrations.id, channelIds), ne(channelIntegrations.type, "bot_preview"), isNull(channelIntegrations.archivedAt)));
      if (owned.length !== channelIds.length) throw new UserError(say("chatwoot.link.foreignChannels"));
    }
    const values = {
      baseUrl: next.baseUrl,
      accountId: next.accountId,
      escalationTeamId: next.escalationTeamId,
      escalationAssigneeId: next.escalationAssigneeId,
      updatedBy: actor.userId,
      updatedAt: new Date(),
      ...(next.apiToken ? { apiTokenSealed: seal(next.apiToken) } : {}),
      ...(next.webhookSecret ? { webhookSecretSealed: seal(next.webhookSecret) } : {}),
    };
    const [link] = existing
      ? await tx.update(chatwootLinks).set(values).where(eq(chatwootLinks.id, existing.id)).returning({ id: chatwootLinks.id })
      : await tx.insert(chatwootLinks).values({ orgId: actor.orgId, ...values, apiTokenSealed: seal(next.apiToken), webhookSecretSealed: seal(next.webhookSecret) }).returning({ id: chatwootLinks.id });
    await tx.delete(chatwootInboxes).where(eq(chatwootInboxes.linkId, link!.id));
    if (next.inboxes.length > 0) await tx.insert(chatwootInboxes).values(next.inboxes.map((i) => ({ linkId: link!.id, inboxId: i.inboxId, channelId: i.channelId })));
    await recordAudit(tx, {
      actor: { userId: actor.userId, name: actor.name, orgId: actor.orgId },
      area: "chatwoot",
      action: existing ? "chatwoot.link_updated" : "chatwoot.link_created",
      targetId: link!.id,
      changes: {
        baseUrl: { from: existing?.baseUrl ?? null, to: next.baseUrl },
        accountId: { from: existing?.accountId ?? null, to: next.accountId },
        ...(next.apiToken ? { apiToken: { from: existing ? "saved" : null, to: "replaced" } } : {}),
        ...(next.webhookSecret ? { webhookSecret: { from: existing ? "saved" : null, to: "replaced" } } : {}),
        inboxes: { from: null, to: next.inboxes.map((i) => i.inboxId) },
      },
    });
    return (await getChatwootLink(tx, actor.orgId))!;
  });
}

const keywordList = z.preprocess((v) => (typeof v === "string" ? v.split(/[\n,]/).map((w) => w.trim()).filter(Boolean) : v), triageRulesSchema.shape.p0);
const numberField = <T extends z.ZodNumber>(schema: T) => z.preprocess((v) => (v === "" || v == null ? undefined : v), z.coerce.number(localized("chatwoot.link.enterNumber")).pipe(schema));
const optionalNumberField = <T extends z.ZodNumber>(schema: T, fallback: number) =>
  z.preprocess((v) => (v === "" || v == null ? fallback : v), z.coerce.number(localized("chatwoot.link.enterNumber")).pipe(schema));

/** The triage-rules form: keyword lists one per line (or comma-separated), thresholds as numbers. */
export const triageRulesFormSchema = z.object({
  p0: keywordList,
  p1: keywordList,
  p3: keywordList,
  escalationKeywords: keywordList,
  maxUnresolved: numberField(triageRulesSchema.shape.maxUnresolved),
  minPreviousGrade: numberField(triageRulesSchema.shape.minPreviousGrade),
  maxOrderValue: numberField(triageRulesSchema.shape.maxOrderValue),
  maxRefund: numberField(triageRulesSchema.shape.maxRefund),
  angerScore: numberField(triageRulesSchema.shape.angerScore),
  minDraftConfidence: numberField(triageRulesSchema.shape.minDraftConfidence),
  // added later (issue 18): a form or client that doesn't send them keeps the seed's 30 and 60 minutes
  operatorReminderMinutes: optionalNumberField(triageRulesSchema.shape.operatorReminderMinutes, DEFAULT_TRIAGE_RULES.operatorReminderMinutes),
  managerAlertMinutes: optionalNumberField(triageRulesSchema.shape.managerAlertMinutes, DEFAULT_TRIAGE_RULES.managerAlertMinutes),
}).refine((r) => r.managerAlertMinutes > r.operatorReminderMinutes, { path: ["managerAlertMinutes"], ...localized("chatwoot.triage.alertAfterReminder") });

/**
 * Saves the org's triage rules (owner/admin), or restores the seed's defaults with `reset`, with an audit entry.
 * @throws UserError 403 / 409 (no link yet); ZodError for bad lists or thresholds (nothing written)
 */
export async function saveTriageRules(db: Db, { actor, input, reset = false }: { actor: Membership; input: unknown; reset?: boolean }): Promise<TriageRules> {
  requireCapability(actor, "manageChatwoot", "roles.changeTriageRules");
  const next: TriageRules = reset ? DEFAULT_TRIAGE_RULES : triageRulesFormSchema.parse(input);
  return db.transaction(async (tx) => {
    const [link] = await tx.select({ id: chatwootLinks.id, rules: chatwootLinks.triageRules }).from(chatwootLinks).where(eq(chatwootLinks.orgId, actor.orgId)).for("update");
    if (!link) throw new UserError(say("chatwoot.triage.linkFirst"), 409);
    await tx.update(chatwootLinks).set({ triageRules: reset ? {} : next, updatedBy: actor.userId, updatedAt: new Date() }).where(eq(chatwootLinks.id, link.id));
    const before = effectiveTriageRules(link.rules);
    const changes = diffFields(before as unknown as Record<string, unknown>, next);
    await recordAudit(tx, { actor: { userId: actor.userId, name: actor.name, orgId: actor.orgId }, area: "chatwoot", action: reset ? "chatwoot.triage_rules_reset" : "chatwoot.triage_rules_saved", targetId: link.id, changes });
    return next;
  });
}
