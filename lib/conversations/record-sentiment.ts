import { eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { conversations, type Conversation } from "@/db/schema";

/**
 * Adds one customer message's sentiment reading (−1..1, `lib/sentiment/score-sentiment.ts`) to its conversation's
 * mood: `sentiment` becomes the running mean of the readings and `sentiment_readings` counts them (issue 15 item 6;
 * the datamart compares AI-contained and escalated moods, 001_… IMPACT-S03 AC-2/AC-4). A null reading (no scored word)
 * changes nothing, so coverage stays honest.
 * @returns the updated row, or undefined when nothing was written
 */
export async function recordCustomerSentiment(tx: Db, { conversationId, score }: { conversationId: string; score: number | null }): Promise<Conversation | undefined> {
  if (score === null) return undefined;
  const [row] = await tx
    .update(conversations)
    .set({
      sentiment: sql`(coalesce(${conversations.sentiment}, 0) * ${conversations.sentimentReadings} + ${score}) / (${conversations.sentimentReadings} + 1)`,
      sentimentReadings: sql`${conversations.sentimentReadings} + 1`,
    })
    .where(eq(conversations.id, conversationId))
    .returning();
  return row;
}
