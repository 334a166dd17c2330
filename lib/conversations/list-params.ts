import { z } from "zod";
import { conversationStatusEnum } from "@/db/schema";

export const SORTABLE_COLUMNS = ["created_at", "last_message_at", "status", "channel", "messages"] as const;
export const PAGE_SIZES = [10, 25, 50, 100] as const;

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
  /** find a customer: a phone number or email (through the blind index) or a channel contact id */
  customer: z.preprocess(first, z.string().trim().min(1).max(200).optional().catch(undefined)),
});

export type ListParams = z.infer<typeof listParamsSchema>;
