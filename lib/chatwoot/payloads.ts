/**
 * zod schemas of the Chatwoot webhook payloads Tandem acts on (004_… §7; data/chatwoot/*.json): `message_created`,
 * `message_updated` (a CSAT answer), `conversation_created`, `conversation_updated`, `conversation_status_changed`. Unknown keys are kept (Chatwoot adds
 * fields between versions); only what Tandem reads is required. Any other event is acknowledged and ignored.
 */
import { z } from "zod";
import { isStorableText, UNSTORABLE_TEXT, unstorableTextPath } from "@/lib/validation/storable";

const contact = z.looseObject({
  id: z.number().int(),
  name: z.string().nullish(),
  email: z.string().nullish(),
  phone_number: z.string().nullish(),
  custom_attributes: z.record(z.string(), z.unknown()).nullish(),
});

/** The conversation as Chatwoot's event-data presenter sends it (top level of conversation events, nested in messages). */
export const chatwootConversationSchema = z.looseObject({
  /** the display id used in REST paths */
  id: z.number().int().positive(),
  inbox_id: z.number().int().positive(),
  status: z.enum(["open", "resolved", "pending", "snoozed"]),
  priority: z.enum(["low", "medium", "high", "urgent"]).nullish(),
  custom_attributes: z.record(z.string(), z.unknown()).nullish(),
  labels: z.array(z.string()).nullish(),
  /** epoch seconds */
  created_at: z.number().nullish(),
  meta: z
    .looseObject({
      sender: contact.nullish(),
      assignee: z.looseObject({ id: z.number().int() }).nullish(),
      team: z.looseObject({ id: z.number().int() }).nullish(),
    })
    .nullish(),
});

export const messageCreatedSchema = z.looseObject({
  event: z.literal("message_created"),
  /** the message id (idempotency key) */
  id: z.number().int().positive(),
  content: z.string().nullish(),
  message_type: z.enum(["incoming", "outgoing", "activity", "template"]),
  private: z.boolean().default(false),
  /** ISO-8601 */
  created_at: z.string().or(z.number()),
  sender: contact.extend({ type: z.string().nullish() }).nullish(),
  account: z.looseObject({ id: z.number().int() }),
  conversation: chatwootConversationSchema,
});

/**
 * `message_updated`: Tandem reads only the CSAT survey's answer (004_… §10; issue 18 item 6) — Chatwoot records the
 * customer's rating on the survey message as `content_attributes.submitted_values.csat_survey_response`.
 */
export const messageUpdatedSchema = z.looseObject({
  event: z.literal("message_updated"),
  id: z.number().int().positive(),
  content_type: z.string().nullish(),
  content_attributes: z
    .looseObject({
      submitted_values: z.looseObject({ csat_survey_response: z.looseObject({ rating: z.number().int().nullish(), feedback_message: z.string().nullish() }).nullish() }).nullish(),
    })
    .nullish(),
  account: z.looseObject({ id: z.number().int() }),
  conversation: chatwootConversationSchema,
});

/** The CSAT rating (1–5) a `message_updated` carries, or null when it carries none (any other message edit). */
export function csatRating(event: z.infer<typeof messageUpdatedSchema>): number | null {
  const rating = event.content_attributes?.submitted_values?.csat_survey_response?.rating;
  return typeof rating === "number" && rating >= 1 && rating <= 5 ? rating : null;
}

const conversationEvent = <E extends string>(event: E) =>
  chatwootConversationSchema.extend({
    event: z.literal(event),
    account: z.looseObject({ id: z.number().int() }),
    changed_attributes: z.array(z.record(z.string(), z.looseObject({ previous_value: z.unknown(), current_value: z.unknown() }))).nullish(),
  });

export const conversationCreatedSchema = conversationEvent("conversation_created");
export const conversationUpdatedSchema = conversationEvent("conversation_updated");
export const conversationStatusChangedSchema = conversationEvent("conversation_status_changed");

export const chatwootEventSchema = z.discriminatedUnion("event", [
  messageCreatedSchema,
  messageUpdatedSchema,
  conversationCreatedSchema,
  conversationUpdatedSchema,
  conversationStatusChangedSchema,
]);

export type ChatwootEvent = z.infer<typeof chatwootEventSchema>;
export type ChatwootConversation = z.infer<typeof chatwootConversationSchema>;
export type MessageCreated = z.infer<typeof messageCreatedSchema>;

/** The events Tandem processes; anything else is acknowledged and ignored. */
export const HANDLED_EVENTS = ["message_created", "message_updated", "conversation_created", "conversation_updated", "conversation_status_changed"] as const;

/**
 * Parses a delivery body.
 * @returns `{ kind: "event" }` for a handled event, `{ kind: "ignored", event }` for any other event name, or
 *   `{ kind: "invalid", issues }` for a handled event that doesn't have the fields Tandem needs (or non-JSON)
 */
export function parseChatwootPayload(raw: string):
  | { kind: "event"; event: ChatwootEvent }
  | { kind: "ignored"; event: string }
  | { kind: "invalid"; issues: string } {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { kind: "invalid", issues: "body is not JSON" };
  }
  const name = typeof json === "object" && json !== null && "event" in json ? String((json as { event: unknown }).event) : "";
  // an event Tandem does not handle is acknowledged under its name, which is logged: only as much as can be stored
  if (!(HANDLED_EVENTS as readonly string[]).includes(name)) return { kind: "ignored", event: !name ? "(none)" : isStorableText(name) ? name.slice(0, 60) : "(unreadable name)" };
  // answered 422 now rather than accepted and then never stored (issue 17)
  const unstorable = unstorableTextPath(json);
  if (unstorable) return { kind: "invalid", issues: `${unstorable}: ${UNSTORABLE_TEXT}` };
  const parsed = chatwootEventSchema.safeParse(json);
  if (!parsed.success) return { kind: "invalid", issues: z.prettifyError(parsed.error) };
  return { kind: "event", event: parsed.data };
}
