import { sql, type SQL } from "drizzle-orm";
import { conversations } from "@/db/schema";

/**
 * Leaves out conversations on the org's `bot_preview` channel: the agent editor's preview chats never show in the
 * console's lists, counts or reports (002_… preview).
 */
export function notPreview(): SQL {
  return sql`NOT EXISTS (SELECT 1 FROM channel_integrations p WHERE p.id = ${conversations.channelId} AND p.type = 'bot_preview')`;
}
