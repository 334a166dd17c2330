/**
 * What a customer message says about the conversation itself, in English and Bahasa Indonesia: a thank-you that
 * confirms the answer helped, a request for a human, or a bare greeting. Pure functions, no I/O.
 */

const NEGATION = /\b(not|no|still|doesn'?t|didn'?t|isn'?t|won'?t|but|belum|tidak|tdk|gak|nggak|enggak|masih|tapi|kok)\b/i;
/** a follow-up question without "?" ("ok how long will it take", "sudah transfer, kapan dikirim") is not a thank-you */
const QUESTION_WORD = /\b(how|what|when|where|why|which|who|can|could|would|will|is it|do you|does|kapan|berapa|gimana|bagaimana|apa|apakah|kenapa|mengapa|dimana|di mana|bisa|bisakah)\b/i;
const CONFIRMATION =
  /^(ok(ay)?|oke|okey|sip|siap|mantap|great|perfect|awesome|cool|nice|got it|understood|that('?s| is| was) (all|it|great|helpful|perfect)|that helps|that helped|it worked|works now|solved|resolved|thanks?|thank (you|u)|thx|ty|tq|makasih|makasi|terima ?kasih|trims|sudah|udah|beres|berhasil|paham|jelas)\b/i;

/**
 * Whether the message confirms the bot's answer resolved the question ("thanks, that helps", "ok makasih"):
 * starts with a thank-you or confirmation, has no question (mark or question word) and no negation ("thanks but it
 * still fails"), ≤ 12 words.
 * Implements 002_… answering engine: "a customer's explicit thanks/confirmation closes the conversation as RESOLVE_AI".
 */
export function isConfirmation(text: string): boolean {
  const t = text.trim();
  if (!t || t.includes("?") || t.split(/\s+/).length > 12) return false;
  return CONFIRMATION.test(t) && !NEGATION.test(t) && !QUESTION_WORD.test(t);
}

const HUMAN_NOUN = "(human|real person|person|someone|somebody|agent|representative|rep|operator|staff|customer service|cs|admin|manusia|petugas|agen)";
const ASKS_FOR_HUMAN = [
  new RegExp(`\\b(talk|speak|chat|connect|transfer|put)\\b.{0,20}\\b(to|with|me)\\b.{0,12}\\b${HUMAN_NOUN}\\b`, "i"),
  new RegExp(`\\b(want|need|get|give)\\b.{0,12}\\b(a |an |the )?(human|real person|live agent|representative|operator)\\b`, "i"),
  // "orang" alone is too common ("baju untuk orang tua") — only "orang asli" / "orang CS" count
  new RegExp(`\\b(bicara|ngobrol|hubungkan|sambungkan|minta|mau)\\b.{0,20}\\b(dengan |sama |ke )(cs|admin|manusia|orang asli|orang cs|petugas|agen|operator|customer service)\\b`, "i"),
  /\b(minta|panggil|butuh)\s+(cs|admin|manusia|agen|petugas|operator|customer service)\b/i,
  /^\s*(human|agent|operator|representative|live agent|cs|admin)( please| pls| tolong)?[\s.!]*$/i,
];

/** Whether the customer asks for a human ("can I talk to a person?", "mau bicara dengan CS"). */
export function asksForHuman(text: string): boolean {
  return ASKS_FOR_HUMAN.some((re) => re.test(text));
}

const GREETING =
  /^(hi+|hello+|hey+|hei|halo+|hallo|hai|helo|yo|hey ho|selamat (pagi|siang|sore|malam)|assalamu'?alaikum|good (morning|afternoon|evening)|pagi|siang|sore|malam)\b[\s!.,]*(there|all|kak|min|admin|gan|sis)?[\s!.,]*$/i;

/** Whether the message is only a greeting ("HEY HO!", "halo kak"), with nothing to search for. */
export function isGreetingOnly(text: string): boolean {
  return GREETING.test(text.trim());
}

/**
 * The first configured handover keyword the message contains (case-insensitive, whole words), or null.
 * @param keywords from the agent's routing step
 */
export function matchedKeyword(text: string, keywords: readonly string[]): string | null {
  const lower = text.toLowerCase();
  for (const k of keywords) {
    const kw = k.trim().toLowerCase();
    if (!kw) continue;
    const escaped = kw.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    if (new RegExp(`(^|[^\\p{L}\\p{N}])${escaped}($|[^\\p{L}\\p{N}])`, "u").test(lower)) return k.trim();
  }
  return null;
}
