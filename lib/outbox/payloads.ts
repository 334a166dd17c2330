/**
 * The outbox's topics and their payloads (issue 16 item 2). A topic is also the name of the Inngest event a row becomes
 * when an engine is configured (`inngest/client.ts` builds its event types from these schemas).
 */
import { z } from "zod";

/** An alert (or a storm group's single push) to deliver by Web Push (003_…). */
export const pushRequestedSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("alert"), orgId: z.uuid(), alertId: z.uuid() }),
  z.object({ kind: z.literal("group"), orgId: z.uuid(), groupId: z.uuid() }),
]);

/** A verified Chatwoot delivery to process (004_…): triage, draft, approval — after the webhook answered. */
export const chatwootEventSchema = z.object({ linkId: z.uuid(), deliveryId: z.string().min(1), body: z.string().min(2) });

/** An approval opened (004_… §9): with an engine, its timeout function sleeps until the due times (ISO 8601). */
export const approvalOpenedSchema = z.object({ approvalId: z.uuid(), orgId: z.uuid(), operatorDueAt: z.string(), managerDueAt: z.string() });

/** An approval was decided (sent, rejected with a reply, or escalated): cancels its timeout function. */
export const approvalDecidedSchema = z.object({ approvalId: z.uuid() });

const pushText = z.object({ title: z.string(), body: z.string() });

/** A notification to every device of some members (approval timeouts and escalations, 004_… §9). */
export const membersPushSchema = z.object({
  orgId: z.uuid(),
  userIds: z.array(z.uuid()),
  /** the delivery log's kind, e.g. `approval_timeout` */
  kind: z.string().min(1),
  urgency: z.enum(["very-low", "low", "normal", "high"]),
  payload: z.object({ title: z.string(), body: z.string(), tag: z.string(), url: z.string(), alertId: z.uuid().nullable() }),
  /** the title and body in each language; a member's devices get their language's (issue 19), else `payload`'s */
  localized: z.object({ id: pushText.optional(), en: pushText.optional() }).optional(),
});

/** Every topic's payload schema, by topic. */
export const OUTBOX_PAYLOADS = {
  "alerts/push.requested": pushRequestedSchema,
  "chatwoot/event.received": chatwootEventSchema,
  "approvals/approval.opened": approvalOpenedSchema,
  "approvals/approval.decided": approvalDecidedSchema,
  "members/push.requested": membersPushSchema,
} as const;

export type OutboxTopic = keyof typeof OUTBOX_PAYLOADS;
export type OutboxPayload<T extends OutboxTopic> = z.infer<(typeof OUTBOX_PAYLOADS)[T]>;

/** Whether `name` is an outbox topic. */
export function isOutboxTopic(name: string): name is OutboxTopic {
  return Object.hasOwn(OUTBOX_PAYLOADS, name);
}
