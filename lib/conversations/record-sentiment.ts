import { eq, sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { conversations, type Conversation } from "@/db/schema";

/**
 * The `SET` part that adds a customer message's sentiment reading to its conversation's running mean, for callers
 * that fold it into a conversation update they make anyway (the ingest hot path: one write of the row per turn).
 * @param score −1..1, or null (no scored word: nothing changes)
 */
export function sentimentReadingSet(score: number | null): Partial<Record<"sentiment" | "sentimentReadings", SQL>> {
  if (score === null) return {};
  return {
    sentiment: sql`(coalesce(${conversations.sentiment}, 0) * ${conversations.sentimentReadings} + ${score}) / (${conversations.sentimentReadings} + 1)`,
    sentimentReadings: sql`${conversations.sentimentReadings} + 1`,
  };
}

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
    .set(sentimentReadingSet(score))
    .where(eq(conversations.id, conversationId))
    .returning();
  return row;
}
