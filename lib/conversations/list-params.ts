import { z } from "zod";
import { conversationStatusEnum } from "@/db/schema";
import { isStorableText } from "@/lib/validation/storable";

export const SORTABLE_COLUMNS = ["created_at", "last_message_at", "status", "channel", "messages"] as const;
export const PAGE_SIZES = [10, 25, 50, 100] as const;
/**
 * Views of the table (issue 18 item 1): "mine" — open conversations assigned to me; "queue" — waiting for an agent;
 * "all". Agents start on "mine", everyone else on "all" ({@link defaultView}).
 */
export const CONVERSATION_VIEWS = ["mine", "queue", "all"] as const;
export type ConversationView = (typeof CONVERSATION_VIEWS)[number];

const first = (v: unknown) => (Array.isArray(v) ? v[0] : v);

/**
 * Conversations table parameters from URL search params. Unknown or malformed values fall back to defaults
 * instead of failing the page (a hand-edited URL still shows the table).
 */
export const listParamsSchema = z.object({
  page: z.preprocess(first, z.coerce.number().int().min(1).max(100_000).catch(1)).default(1),
  pageSize: z.preprocess(
    first,
    z.coerce
      .number()
      .int()
      .refine((n) => (PAGE_SIZES as readonly number[]).includes(n))
      .catch(25),
  ).default(25),
  sort: z.preprocess(first, z.enum(SORTABLE_COLUMNS).catch("created_at")).default("created_at"),
  dir: z.preprocess(first, z.enum(["asc", "desc"]).catch("desc")).default("desc"),
  channel: z.preprocess(first, z.uuid().optional().catch(undefined)),
  status: z.preprocess(first, z.enum(conversationStatusEnum.enumValues).optional().catch(undefined)),
  /**
   * find a customer: a phone number or email (through the blind index) or a channel contact id; text the database can't
   * hold (a NUL) is dropped like any other unusable filter, never a 500 (issue 17 item 1)
   */
  customer: z.preprocess(first, z.string().trim().min(1).max(200).refine(isStorableText).optional().catch(undefined)),
  view: z.preprocess(first, z.enum(CONVERSATION_VIEWS).optional().catch(undefined)),
});

/** The view a member lands on: "mine" for whoever works only their own conversations, "all" for those who act on anyone's. */
export function defaultView(canActOnAny: boolean): ConversationView {
  return canActOnAny ? "all" : "mine";
}

export type ListParams = z.infer<typeof listParamsSchema>;
