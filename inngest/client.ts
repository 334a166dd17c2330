/**
 * The Inngest client and Tandem's typed events (zod payload schemas). Event names are `domain/noun.verb`; every event
 * Tandem sends comes from the outbox (`lib/outbox/`), so its schema lives there.
 */
import { eventType, Inngest } from "inngest";
import { z } from "zod";
import { approvalDecidedSchema, approvalOpenedSchema, chatwootEventSchema, membersPushSchema, pushRequestedSchema } from "@/lib/outbox/payloads";

/** An alert (or a storm group's single push) to deliver by Web Push (003_…). */
export const alertPushRequested = eventType("alerts/push.requested", { schema: pushRequestedSchema });

/** Recompute the impact datamart now: one org and/or a local-date range (a backfill), else every org's recent days. */
export const impactRecomputeRequested = eventType("impact/recompute.requested", {
  schema: z.object({
    orgId: z.uuid().optional(),
    from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
    to: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
  }).refine((d) => Boolean(d.from) === Boolean(d.to), { message: "Give both from and to, or neither." }),
});

/** A verified Chatwoot delivery to process (004_…): triage, draft, approval — after the webhook answered. */
export const chatwootEventReceived = eventType("chatwoot/event.received", { schema: chatwootEventSchema });

/** An approval opened (004_… §9): its timeout function sleeps until the due times. */
export const approvalOpened = eventType("approvals/approval.opened", { schema: approvalOpenedSchema });
/** An approval was decided (sent, rejected with a reply, or escalated): cancels its timeout function. */
export const approvalDecided = eventType("approvals/approval.decided", { schema: approvalDecidedSchema });

/** A notification to every device of some members (approval timeouts and escalations). */
export const membersPushRequested = eventType("members/push.requested", { schema: membersPushSchema });

export const inngest = new Inngest({ id: "tandem" });
