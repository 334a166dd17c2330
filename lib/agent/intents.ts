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
 * Every word a pure thank-you / confirmation may consist of (English and Bahasa Indonesia, with the usual fillers).
 * A message with any other word says something more ("ok so I ordered the wrong size", "udah transfer kak") and is
 * not a confirmation.
 */
const CONFIRMATION_WORDS = new Set(
  (
    "ok okay oke okey okk sip siap mantap mantul great perfect awesome cool nice good excellent fine alright right " +
    "got it understood that that's thats is was all it's its helps helped helpful works worked working now solved resolved fixed " +
    "thanks thank thanx thx ty tq tqs you u so much very a lot many really again for the help info information answer " +
    "makasih makasi makasii terima kasih terimakasih trims tks banyak sekali bgt banget atas infonya informasinya bantuannya jawabannya " +
    "sudah udah beres berhasil paham jelas oke deh dong ya yaa yes yep yup sure kak kakak min admin gan sis bro mas mbak pak bu"
  ).split(" "),
);

/**
 * Whether the message only confirms that the bot's answer resolved the question ("thanks, that helps", "ok makasih
 * kak"): it starts with a thank-you or confirmation, every word is one of {@link CONFIRMATION_WORDS}, no question,
 * no negation, ≤ 10 words.
 * Implements 002_… answering engine: "a customer's explicit thanks/confirmation closes the conversation as RESOLVE_AI".
 */
export function isConfirmation(text: string): boolean {
  const t = text.trim();
  if (!t || t.includes("?")) return false;
  const words = t.toLowerCase().match(/[\p{L}\p{N}']+/gu) ?? [];
  if (words.length === 0 || words.length > 10) return false;
  return CONFIRMATION.test(t) && !NEGATION.test(t) && !QUESTION_WORD.test(t) && words.every((w) => CONFIRMATION_WORDS.has(w));
}

const HUMAN_NOUN = "(human|real person|person|someone|somebody|agent|representative|rep|operator|staff|customer service|cs|admin|manusia|petugas|agen)";
const ASKS_FOR_HUMAN = [
  new RegExp(`\\b(talk|speak|chat|connect|transfer|put)\\b.{0,20}\\b(to|with|me)\\b.{0,12}\\b${HUMAN_NOUN}\\b`, "i"),
  new RegExp(`\\b(want|need|get|give)\\b.{0,12}\\b(a |an |the )?(human|real person|live agent|representative|operator)\\b`, "i"),
  // "is there a real person…", "can a human help me" (not "I am a real person")
  /\b(is there|are there|can|could|may)\s+(a |an |any )?(real|actual|live)\s+(person|human|agent|people)\b/i,
  // "orang" alone is too common ("baju untuk orang tua") — only "orang asli" / "orang CS" count here
  new RegExp(
    `\\b(bicara|ngomong|ngobrol|chat|hubungkan|hubungin|sambungkan|sambungin|alihkan|dialihkan|terusin|minta|mau)\\b.{0,20}\\b(dengan |sama |ke )(cs|admin|manusia|orang asli|orang cs|petugas|staf|staff|agen|operator|customer service)\\b`,
    "i",
  ),
  // …and after a verb of talking: "mau ngomong sama orang", "ngobrol langsung sama orangnya" (not "orang tua / lain")
  /\b(bicara|ngomong|ngobrol|chat)\b.{0,20}\b(dengan|sama|ama)\s+orang(nya)?\b(?!\s+(tua|lain))/i,
  /\b(minta|panggil|panggilin|panggilkan|butuh)\s+(cs|admin|manusia|agen|petugas|staf|operator|customer service)\b/i,
  // "ada CS manusia?", "admin beneran"
  /\b(cs|admin|agen|petugas|operator)\s+(manusia|beneran|asli)\b/i,
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

/** Words that alone say the customer is furious or abusive (English and Bahasa Indonesia, chat spellings). */
const ANGER_STRONG =
  /\b(useless|pathetic|ridiculous|scam+ers?|scam|fraud|garbage|rubbish|worst|disgusting|unacceptable|furious|fed up|damn|wtf|joke|waste of (my )?time|penipu|nipu|tipu|abal2|abal-abal|goblok|tolol|bodoh|bangsat|brengsek|anjing|sampah|gak becus|ga becus|nggak becus|tidak becus|gak guna|ga guna|nggak guna|parah banget|kecewa berat|paling buruk|kesel banget|kesal banget)\b/i;
/** Words of annoyance that count when the message also shouts (!!, ??, capitals). */
const ANGER_MILD = /\b(angry|annoyed|terrible|awful|horrible|nobody|no one|again|kecewa|kesel|kesal|marah|parah|capek|muter|dicekik|jangan cuma)\b/i;

/**
 * Whether the customer is furious or abusive ("absolutely useless!!!", "penipu ya kalian??", "KECEWA BERAT"): a strong
 * word, or a word of annoyance in a message that shouts (two or more ! or ?, or a word of 4+ capitals). Such a
 * customer is handed to a person rather than answered by the bot (002_… routing; 003_… unexpected hand-off).
 */
export function isAngry(text: string): boolean {
  if (ANGER_STRONG.test(text)) return true;
  const shouts = /[!?]{2,}|!.*!/.test(text) || /\b[A-Z]{4,}\b/.test(text);
  return shouts && ANGER_MILD.test(text);
}
