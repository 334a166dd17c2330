import { z } from "zod";
import { localized } from "@/lib/i18n/language-scope";

/**
 * A reply a human types to a customer (the approvals drawer, the conversation page): browsers submit a textarea's line
 * breaks as CRLF, channels get plain LF; 1..4,000 characters after trimming.
 */
export const replyTextSchema = z
  .string()
  .transform((s) => s.replace(/\r\n?/g, "\n").trim())
  .pipe(z.string().min(1, localized("conversations.reply.required")).max(4000, localized("conversations.reply.tooLong", { max: 4000 })));
