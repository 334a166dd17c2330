import type { MessageSource } from "@/db/schema";

/** The first line of every draft note: how Tandem recognises its own notes when Chatwoot echoes them back. */
export const DRAFT_NOTE_MARKER = "🤖 AI Draft";

/**
 * The private note carrying an AI draft, in the seed's format (004_… §4 Step 2): confidence (2 decimals), the draft,
 * its knowledge-base sources, and "Review before sending".
 */
export function formatDraftNote({ draft, confidence, sources }: { draft: string; confidence: number; sources: readonly MessageSource[] }): string {
  const lines = [`${DRAFT_NOTE_MARKER} (Confidence: ${confidence.toFixed(2)})`, "", draft, "", "---", "📚 Sources:"];
  for (const s of sources) lines.push(`- KB: ${s.title}`);
  if (sources.length === 0) lines.push("- none");
  lines.push("", "⚠️ Review before sending");
  return lines.join("\n");
}

/** The first line of the note carrying internal guidance when the AI hands a conversation over. */
export const GUIDANCE_NOTE_MARKER = "🧭 Suggested steps";

/**
 * The private note carrying internal guidance that matched the customer's message (issue 14): the staff procedure the
 * human may follow, cited, never sent to the customer.
 * @param guidance the engine's matched internal articles (title, excerpt)
 */
export function formatGuidanceNote(guidance: readonly { title: string; text: string }[]): string {
  const lines = [`${GUIDANCE_NOTE_MARKER} (internal guidance — not sent to the customer)`];
  for (const g of guidance) lines.push("", `📘 ${g.title}`, g.text);
  return lines.join("\n");
}
